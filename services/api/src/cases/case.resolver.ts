import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import { z } from 'zod';
import {
  CheckAttestation,
  Customer,
  ManagedCase,
  type TenantEntityManager,
  prepared,
} from '@conduct/db';
import type { RequestContext } from '../request/context';
import { accessibleWhere } from '../authorization/accessible-where';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { Connection, decodeCursor, pageSize, toConnection } from '../graphql/connection';
import { rowsByParent } from '../request/loaders';
import { SqlParams, columnsOf } from '../graphql/read-rows';
import { perSelection, selectedFields, selects } from '../graphql/selection';
import { parseInput } from '../graphql/validated-input';
import { CaseFilter, OpenCaseInput, caseFilterSchema, openCaseSchema } from './case.inputs';
import { caseNodeOf, loadCase, openCase, toCaseNode } from './case.service';
import {
  CASE_LISTS,
  CASE_LIST_KEYS,
  type CaseRelationSelection,
  type SelectedProperties,
  customerJoin,
  relatedColumns,
  relatedOf,
} from './case-relations';
import { CaseNode, CheckAttestationNode } from './case.type';

const CaseConnection = Connection(CaseNode, 'Case');
type CaseConnection = InstanceType<typeof CaseConnection>;
const uuid = z.uuid();
const byCaseId = (r: { caseId: string | null }) => r.caseId;

/** The case columns a case node is made of (`caseNodeOf`); the wide ones stay in the table. */
const CASE_NODE_PROPERTIES = [
  'id',
  'reference',
  'customerId',
  'policyVersionId',
  'stage',
  'status',
  'serviceAreas',
  'linkedReferences',
  'legalHold',
  'openedAt',
  'stageEnteredAt',
  'reviewDueAt',
  'closedAt',
  'version',
];

/**
 * The columns behind each case field a list page can answer from its own
 * statement. Every page reads the id and the two ids a node carries, and the
 * time it is ordered by when a cursor is selected (a timestamp read is parsed);
 * a field outside this list has its own resolver, which may read any property
 * of the node, so the page then reads them all.
 */
const CASE_FIELD_PROPERTIES: Record<string, string[]> = {
  __typename: [],
  id: [],
  reference: ['reference'],
  stage: ['stage'],
  stageLabel: ['stage'],
  status: ['status'],
  serviceAreas: ['serviceAreas'],
  linkedReferences: ['linkedReferences'],
  legalHold: ['legalHold'],
  openedAt: ['openedAt'],
  stageEnteredAt: ['stageEnteredAt'],
  reviewDueAt: ['reviewDueAt'],
  closedAt: ['closedAt'],
  policyVersion: [],
  version: ['version'],
  customer: [],
  contacts: [],
  decisions: [],
  restrictions: [],
};

function casePropertiesFor(selected: Set<string>, withCursor: boolean): string[] {
  const properties = new Set(['id', 'customerId', 'policyVersionId']);
  if (withCursor) properties.add('openedAt');
  for (const field of selected) {
    const behind = CASE_FIELD_PROPERTIES[field];
    if (!behind) return CASE_NODE_PROPERTIES;
    for (const p of behind) properties.add(p);
  }
  return CASE_NODE_PROPERTIES.filter((p) => properties.has(p));
}

/**
 * The entity properties behind the selected fields of a node, or every
 * column when a field is not one: it has its own resolver, which may read
 * any property of the row.
 */
function propertiesFor(
  em: TenantEntityManager,
  entity: EntityTarget<ObjectLiteral>,
  selected: Set<string>,
  renamed: Record<string, string> = {},
): SelectedProperties {
  const columns = em.connection.getMetadata(entity).columns.map((c) => c.propertyName);
  const properties = new Set(['id']);
  for (const field of selected) {
    if (field === '__typename') continue;
    const property = renamed[field] ?? field;
    if (!columns.includes(property)) return 'every';
    properties.add(property);
  }
  return [...properties].sort();
}

/**
 * The relations the operation selects on the case at `path` below the
 * resolved field (`[]` for the field itself), with the properties each reads.
 */
export function selectedRelations(
  ctx: RequestContext,
  info: GraphQLResolveInfo,
  path: string[],
): CaseRelationSelection {
  return perSelection(info, `relations:${path.join('.')}`, () =>
    relationsAt(sessionOf(ctx).em, info, path),
  );
}

function relationsAt(
  em: TenantEntityManager,
  info: GraphQLResolveInfo,
  path: string[],
): CaseRelationSelection {
  const selection: CaseRelationSelection = {};
  // An object field is selected with at least one field of its own.
  const customer = selectedFields(info, [...path, 'customer']);
  if (customer.size) selection.customer = propertiesFor(em, Customer, customer);
  for (const k of CASE_LIST_KEYS) {
    const fields = selectedFields(info, [...path, k]);
    if (fields.size)
      selection[k] = propertiesFor(em, CASE_LISTS[k].entity, fields, CASE_LISTS[k].renamed);
  }
  return selection;
}

@Resolver(() => CaseNode)
export class CaseResolver {
  @Authorized(Permission.ReadCases)
  @Query(() => CaseNode, { description: 'One case of your council.' })
  async case(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID) id: string,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CaseNode> {
    const c = await loadCase(ctx, parseInput(uuid, id, 'id'));
    return toCaseNode(ctx, c, selectedRelations(ctx, info, []));
  }

  @Authorized(Permission.ReadCases)
  @Query(() => CaseConnection, { description: 'Cases of your council, newest first.' })
  async cases(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => CaseFilter, { nullable: true }) filter: CaseFilter | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CaseConnection> {
    const f = parseInput(caseFilterSchema, { ...(filter ?? {}) }, 'filter');
    const limit = parseInput(pageSize, first, 'first');
    const cursor = decodeCursor(after);
    const { em } = sessionOf(ctx);
    // Hand-written SQL and plain rows: a read path needs values, not hydrated entities.
    const p = new SqlParams();
    const conds = [p.named(accessibleWhere(ctx.ability, 'read', 'Case', 'c'))];
    if (f.stage) conds.push(`c.stage = ${p.add(f.stage)}`);
    if (f.status) conds.push(`c.status = ${p.add(f.status)}`);
    if (f.reviewDueBefore) conds.push(`c.review_due_at < ${p.add(f.reviewDueBefore)}`);
    if (f.customerId) conds.push(`c.customer_id = ${p.add(f.customerId)}`);
    const filtered = conds.join(' and ');
    const countParams = [...p.values];
    if (cursor) conds.push(`(c.opened_at, c.id) < (${p.add(cursor.at)}, ${p.add(cursor.id)})`);
    // One statement for the page: the customer and the lists of each case the
    // operation selects come with it as JSON, with only the columns their fields need.
    const relations = selectedRelations(ctx, info, ['edges', 'node']);
    const caseProperties = perSelection(info, 'case-properties', () =>
      casePropertiesFor(
        selectedFields(info, ['edges', 'node']),
        selects(info, ['edges', 'cursor']) || selects(info, ['pageInfo', 'endCursor']),
      ),
    );
    const related = relatedColumns(em, relations).map((r) => `, ${r}`);
    const rows = (await em.query(
      prepared(`select ${columnsOf(em, ManagedCase, 'c', '', caseProperties)} ${related.join('')}
         from managed_case c ${customerJoin(relations)}
        where ${conds.join(' and ')}
        order by c.opened_at desc, c.id desc
        limit ${p.add(limit + 1)}`),
      p.values,
    )) as (ManagedCase & Record<string, unknown>)[];
    // One policy look-up per version on the page, then every node at once.
    const pinned = new Map(
      await Promise.all(
        [...new Set(rows.map((r) => r.policyVersionId))].map(
          async (id) => [id, await ctx.services.policies.pinned(em, id)] as const,
        ),
      ),
    );
    const mayReadSafeguarding = ctx.ability.can('read', 'SafeguardingDetails');
    return toConnection(
      rows,
      limit,
      async () =>
        (
          (await em.query(
            `select count(*)::int as n from managed_case c where ${filtered}`,
            countParams,
          )) as { n: number }[]
        )[0]!.n,
      (c) => ({ at: c.openedAt, id: c.id }),
      // The related rows ride on the node as values: its fields answer at once.
      (row) =>
        caseNodeOf(
          row,
          pinned.get(row.policyVersionId)!,
          relatedOf(em, relations, row, mayReadSafeguarding),
        ),
    );
  }

  @FieldResolver(() => [CheckAttestationNode], {
    description: 'Pre-action checks attested on the case.',
  })
  async checks(@Ctx() ctx: RequestContext, @Root() c: CaseNode): Promise<CheckAttestationNode[]> {
    const { em } = sessionOf(ctx);
    return rowsByParent(
      ctx,
      'checks-by-case',
      (ids) =>
        em.query(
          `select ${columnsOf(em, CheckAttestation, 'x')} from check_attestation x
            where x.tenant_id = $1 and x.case_id = any($2::uuid[]) order by x.attested_at`,
          [em.tenantId, ids],
        ) as Promise<CheckAttestation[]>,
      byCaseId,
    ).load(c.id);
  }

  @Authorized(Permission.WorkCases)
  @Mutation(() => CaseNode, {
    description: 'Opens a case about a customer at the policy’s first stage.',
  })
  async openCase(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: OpenCaseInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CaseNode> {
    const c = await openCase(ctx, parseInput(openCaseSchema, { ...input }));
    return toCaseNode(ctx, c, selectedRelations(ctx, info, []));
  }
}
