import { randomBytes, randomUUID } from 'node:crypto';
import { Customer, Decision, ManagedCase, Restriction } from '@conduct/db';
import { retentionDueDate } from '@conduct/policy';
import { actorIdOf, type CaseContext } from '../case-context';

/** One checked row of a council's existing register: a customer and their case as it stands. */
export interface ImportedHistoryRow {
  /** The file's row, kept on the decision so the history points back to its source. */
  row: number;
  customer: {
    reference: string | null;
    fullName: string;
    email: string | null;
    phone: string | null;
    address: string | null;
  };
  caseReference: string | null;
  stage: string;
  openedAt: Date;
  decidedAt: Date;
  measures: { type: string; parameters: Record<string, unknown> }[];
  measuresStart: Date | null;
  /** Null: indefinite. */
  measuresEnd: Date | null;
  measuresActive: boolean;
  /** Null: the stage is not reviewed. */
  reviewDueAt: Date | null;
  notes: string | null;
}

/** The ids one row became, for the import's audit events. */
export interface ImportedHistoryRecord {
  row: number;
  customerId: string;
  caseId: string;
  decisionId: string;
  restrictionIds: string[];
  stage: string;
}

interface RowEntities {
  customer: Customer;
  theCase: ManagedCase;
  decision: Decision;
  measures: Restriction[];
}

const CHUNK = 500;

/**
 * Records a council's existing register as case history, under `ctx.policy`:
 * per row a customer, a case at its stage, one `imported` decision (no
 * decider: nobody decided it in Conduct) and its measures with their
 * backdated dates. Nothing is re-decided, so no letter, notice or stage audit
 * event is written; the caller audits the import. Inserted kind by kind, in
 * chunks, because a register holds thousands of rows.
 */
export async function recordImportedHistory(
  ctx: CaseContext,
  importId: string,
  rows: ImportedHistoryRow[],
): Promise<ImportedHistoryRecord[]> {
  const openedBy = actorIdOf(ctx.actor);
  // A register is imported by someone who answers for it; the system never imports.
  if (!openedBy) throw new Error('recordImportedHistory: the system cannot import a register');
  const built = rows.map((r) => entitiesOf(ctx, importId, openedBy, r));
  await insertAll(
    ctx,
    Customer,
    built.map((b) => b.customer),
  );
  await insertAll(
    ctx,
    ManagedCase,
    built.map((b) => b.theCase),
  );
  await insertAll(
    ctx,
    Decision,
    built.map((b) => b.decision),
  );
  await insertAll(
    ctx,
    Restriction,
    built.flatMap((b) => b.measures),
  );
  return built.map((b, i) => ({
    row: rows[i]!.row,
    customerId: b.customer.id,
    caseId: b.theCase.id,
    decisionId: b.decision.id,
    restrictionIds: b.measures.map((m) => m.id),
    stage: b.theCase.stage,
  }));
}

async function insertAll<T extends object>(
  ctx: CaseContext,
  entity: new () => T,
  rows: T[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await ctx.em.insert(entity, rows.slice(i, i + CHUNK) as never);
  }
}

function entitiesOf(
  ctx: CaseContext,
  importId: string,
  openedBy: string,
  r: ImportedHistoryRow,
): RowEntities {
  const customer = customerOf(ctx, r);
  const theCase = caseOf(ctx, r, customer.id, openedBy);
  const decision = ctx.em.create(Decision, {
    tenantId: ctx.em.tenantId,
    id: randomUUID(),
    caseId: theCase.id,
    kind: 'imported',
    transitionKey: null,
    fromStage: null,
    toStage: r.stage,
    outcome: null,
    proposalId: null,
    appealOf: null,
    participants: [],
    decidedBy: null,
    decidedAt: r.decidedAt,
    reviewDueAt: r.reviewDueAt,
    sourceImportId: importId,
    sourceRow: r.row,
  });
  const measures = r.measures.map((m) =>
    ctx.em.create(Restriction, {
      tenantId: ctx.em.tenantId,
      id: randomUUID(),
      caseId: theCase.id,
      decisionId: decision.id,
      type: m.type,
      parameters: m.parameters,
      startsAt: r.measuresStart!,
      endsAt: r.measuresEnd,
      status: r.measuresActive ? 'active' : 'ended',
      endedAt: r.measuresActive ? null : (r.measuresEnd ?? r.decidedAt),
    }),
  );
  return { customer, theCase, decision, measures };
}

function customerOf(ctx: CaseContext, r: ImportedHistoryRow): Customer {
  return ctx.em.create(Customer, {
    tenantId: ctx.em.tenantId,
    id: randomUUID(),
    reference: r.customer.reference ?? `CUS-${randomBytes(4).toString('hex').toUpperCase()}`,
    fullName: r.customer.fullName,
    email: r.customer.email,
    phone: r.customer.phone,
    address: r.customer.address,
    representative: null,
    reasonableAdjustments: null,
    vulnerabilityFlags: [],
    safeguardingNotes: null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    purgedAt: null,
  });
}

function caseOf(
  ctx: CaseContext,
  r: ImportedHistoryRow,
  customerId: string,
  openedBy: string,
): ManagedCase {
  const kind = ctx.policy.stages[r.stage]!.kind;
  const closedAt = kind === 'closed' ? r.decidedAt : null;
  const dormantAt = kind === 'dormant' ? r.decidedAt : null;
  const endedAt = r.measures.length && !r.measuresActive ? r.measuresEnd : null;
  const retention =
    closedAt || dormantAt || endedAt
      ? retentionDueDate(ctx.policy, {
          closedAt: closedAt ?? undefined,
          dormantAt: dormantAt ?? undefined,
          restrictionEndedAt: endedAt ?? undefined,
          lastActivityAt: r.decidedAt,
        })
      : null;
  return ctx.em.create(ManagedCase, {
    tenantId: ctx.em.tenantId,
    id: randomUUID(),
    reference:
      r.caseReference ??
      `MC-${r.openedAt.getUTCFullYear()}-${randomBytes(3).toString('hex').toUpperCase()}`,
    customerId,
    policyVersionId: ctx.policyVersionId,
    stage: r.stage,
    status: kind === 'closed' ? 'closed' : kind === 'dormant' ? 'dormant' : 'open',
    serviceAreas: [],
    linkedReferences: [],
    summary: r.notes,
    legalHold: false,
    openedAt: r.openedAt,
    openedBy,
    stageEnteredAt: r.decidedAt,
    lastActivityAt: r.decidedAt,
    closedAt,
    dormantAt,
    reviewDueAt: r.reviewDueAt,
    retentionDueAt: retention?.dueAt ?? null,
    version: 0,
  });
}
