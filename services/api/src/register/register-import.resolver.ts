import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Decision, type RegisterImport } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { DecisionNode } from '../cases/case.type';
import { sessionOf } from '../casework/session';
import { parseInput } from '../graphql/validated-input';
import {
  ImportedDecisionSourceNode,
  RegisterImportInput,
  RegisterImportNode,
  RegisterImportPreviewNode,
  RegisterImportResultNode,
  registerImportSchema,
} from './register-import.type';
import { importRegister, importsOf, previewRegisterImport } from './register-import.service';

const toNode = (r: RegisterImport): RegisterImportNode => ({
  id: r.id,
  sha256: r.sha256,
  filename: r.filename,
  format: r.format,
  rowCount: r.rowCount,
  counts: r.counts,
  mapping: r.mapping as RegisterImportNode['mapping'],
  importedAt: r.importedAt,
});

@Resolver()
export class RegisterImportResolver {
  @Authorized(Permission.ManageTenant)
  @Query(() => RegisterImportPreviewNode, {
    description:
      'Dry run of importing the council’s existing register (CSV or XLSX): every faulty row with its column(s) and why, and what the import would create. Writes nothing. Tenant admins.',
  })
  async previewRegisterImport(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: RegisterImportInput,
  ): Promise<RegisterImportPreviewNode> {
    const p = await previewRegisterImport(ctx, parseInput(registerImportSchema, input));
    return {
      sha256: p.file.sha256,
      format: p.file.format,
      headers: p.file.sheet.headers,
      suggestedMapping: p.file.suggested,
      mapping: p.file.mapping,
      rowCount: p.file.sheet.rows.length,
      faultyRowCount: new Set(p.plan.faults.map((f) => f.row)).size,
      faults: p.plan.faults,
      wouldCreate: p.counts,
      alreadyImported: p.previous ? toNode(p.previous) : null,
    };
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => RegisterImportResultNode, {
    description:
      'Imports the council’s existing register, all rows or none: customers, cases at their stage, decisions of kind imported (no decider), measures and review dates, backdated and audited. Refused while any row has a problem (see previewRegisterImport). The same file twice imports once. Tenant admins.',
  })
  async importRegister(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: RegisterImportInput,
  ): Promise<RegisterImportResultNode> {
    const done = await importRegister(ctx, parseInput(registerImportSchema, input));
    return { import: toNode(done.record), alreadyImported: done.alreadyImported };
  }
}

@Resolver(() => DecisionNode)
export class ImportedDecisionResolver {
  @FieldResolver(() => ImportedDecisionSourceNode, {
    nullable: true,
    description:
      'For a decision of kind imported: the register file and row it came from (nobody decided it in Conduct); null otherwise.',
  })
  async importedFrom(
    @Ctx() ctx: RequestContext,
    @Root() d: DecisionNode,
  ): Promise<ImportedDecisionSourceNode | null> {
    if (d.kind !== 'imported') return null;
    const { em } = sessionOf(ctx);
    const row = await em.findOne(Decision, { where: { tenantId: em.tenantId, id: d.id } });
    if (!row?.sourceImportId || !row.sourceRow) return null;
    const record = (await importsOf(ctx, [row.sourceImportId])).get(row.sourceImportId);
    return record ? { import: toNode(record), row: row.sourceRow } : null;
  }
}
