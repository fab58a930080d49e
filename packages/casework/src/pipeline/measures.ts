import { In } from 'typeorm';
import { Restriction } from '@conduct/db';
import { restrictionEndDate, type Policy } from '@conduct/policy';
import type { CaseContext } from '../case-context';
import { badInput } from '../errors';
import { refuseUnknownLinkedStaff } from './linked-staff';
import type { Measure } from './measure';

export type { Measure } from './measure';

/**
 * What a decision does to the measures in force. Replace (a transition): the
 * new list replaces all, or closing ends them. Vary: the list becomes the one
 * given, measures of the same type keep their period. Extend: each end date
 * moves on. Lift: some or all lifted now. Expire: reached their end date, or
 * the period they were imposed for ended (`at`, the monitoring period's end).
 */
export type MeasureChange =
  | { kind: 'none' }
  | {
      kind: 'replace';
      measures: Measure[];
      endsAt: Date | null | undefined;
      endAll: boolean;
    }
  | { kind: 'vary'; measures: Measure[]; durationMonths?: number | null }
  | { kind: 'extend'; durationMonths?: number | null }
  | { kind: 'lift'; restrictionIds?: string[] }
  | { kind: 'expire'; restrictionIds: string[]; at?: Date };

export interface MeasureEffects {
  added: Restriction[];
  changed: Restriction[];
  lifted: Restriction[];
  ended: Restriction[];
  /** In force after the decision, oldest first. */
  after: Restriction[];
}

/** Measures in force on the case, oldest first. */
export function activeMeasures(ctx: CaseContext, caseId: string): Promise<Restriction[]> {
  return ctx.em.find(Restriction, {
    where: { tenantId: ctx.em.tenantId, caseId, status: 'active' },
    order: { startsAt: 'ASC', id: 'ASC' },
  });
}

/** The end of the period in force: the earliest end date; null when none is set. */
export function periodEnd(active: Restriction[]): Date | null {
  const ends = active.map((r) => r.endsAt).filter((d): d is Date => d !== null);
  if (ends.length === 0) return null;
  return new Date(Math.min(...ends.map((d) => d.getTime())));
}

/** A duration the stage does not allow is the caller's mistake, reported on the field. */
function endAfter(policy: Policy, stage: string, from: Date, months?: number | null): Date | null {
  try {
    return restrictionEndDate(policy, stage, from, months ?? undefined);
  } catch (err) {
    if (err instanceof RangeError) throw badInput('durationMonths', err.message);
    throw err;
  }
}

/** Writes the change to the measures; the caller audits the effects. */
export async function changeMeasures(
  ctx: CaseContext,
  caseId: string,
  stage: string,
  decisionId: string,
  change: MeasureChange,
): Promise<MeasureEffects> {
  if (change.kind === 'replace' || change.kind === 'vary')
    await refuseUnknownLinkedStaff(ctx.em, ctx.policy, change.measures);
  const active = await activeMeasures(ctx, caseId);
  const fx: MeasureEffects = { added: [], changed: [], lifted: [], ended: [], after: [] };
  switch (change.kind) {
    case 'none':
      break;
    case 'replace':
      if (change.measures.length > 0 || change.endAll) {
        fx.ended = await close(ctx, active, 'ended', () => ctx.now);
      }
      for (const m of change.measures) {
        fx.added.push(await impose(ctx, caseId, decisionId, m, change.endsAt ?? null));
      }
      break;
    case 'extend':
      for (const r of active) {
        if (r.endsAt === null) continue; // indefinite: nothing to extend
        r.endsAt = endAfter(
          ctx.policy,
          stage,
          r.endsAt > ctx.now ? r.endsAt : ctx.now,
          change.durationMonths,
        );
        await ctx.em.update(Restriction, { tenantId: r.tenantId, id: r.id }, { endsAt: r.endsAt });
        fx.changed.push(r);
      }
      break;
    case 'vary':
      await vary(ctx, caseId, stage, decisionId, active, change, fx);
      break;
    case 'lift': {
      const ids = change.restrictionIds;
      fx.lifted = await close(
        ctx,
        ids ? active.filter((r) => ids.includes(r.id)) : active,
        'lifted',
        () => ctx.now,
      );
      break;
    }
    case 'expire': {
      // The measure ended when it fell due, however late the worker ran.
      const at = change.at ?? ctx.now;
      fx.ended = await close(
        ctx,
        active.filter((r) => change.restrictionIds.includes(r.id)),
        'ended',
        (r) => (r.endsAt && r.endsAt < at ? r.endsAt : at),
      );
      break;
    }
  }
  fx.after = await activeMeasures(ctx, caseId);
  return fx;
}

async function vary(
  ctx: CaseContext,
  caseId: string,
  stage: string,
  decisionId: string,
  active: Restriction[],
  change: Extract<MeasureChange, { kind: 'vary' }>,
  fx: MeasureEffects,
): Promise<void> {
  const keep = new Set<string>();
  const end =
    active.length > 0
      ? active.some((r) => r.endsAt === null)
        ? null
        : periodEnd(active)
      : endAfter(ctx.policy, stage, ctx.now, change.durationMonths);
  for (const m of change.measures) {
    const existing = active.find((r) => r.type === m.type && !keep.has(r.id));
    if (existing) {
      keep.add(existing.id);
      existing.parameters = m.parameters;
      await ctx.em.save(existing);
      fx.changed.push(existing);
    } else {
      fx.added.push(await impose(ctx, caseId, decisionId, m, end));
    }
  }
  fx.lifted = await close(
    ctx,
    active.filter((r) => !keep.has(r.id)),
    'lifted',
    () => ctx.now,
  );
}

function impose(
  ctx: CaseContext,
  caseId: string,
  decisionId: string,
  m: Measure,
  endsAt: Date | null,
): Promise<Restriction> {
  return ctx.em.save(
    ctx.em.create(Restriction, {
      tenantId: ctx.em.tenantId,
      caseId,
      decisionId,
      type: m.type,
      parameters: m.parameters,
      startsAt: ctx.now,
      endsAt,
      status: 'active',
      endedAt: null,
    }),
  );
}

async function close(
  ctx: CaseContext,
  rows: Restriction[],
  status: 'ended' | 'lifted',
  at: (r: Restriction) => Date,
): Promise<Restriction[]> {
  if (rows.length === 0) return [];
  for (const r of rows) {
    r.status = status;
    r.endedAt = at(r);
  }
  const sameTime = rows.every((r) => r.endedAt!.getTime() === rows[0]!.endedAt!.getTime());
  if (sameTime) {
    await ctx.em.update(
      Restriction,
      { tenantId: ctx.em.tenantId, id: In(rows.map((r) => r.id)) },
      { status, endedAt: rows[0]!.endedAt },
    );
  } else {
    for (const r of rows) {
      await ctx.em.update(
        Restriction,
        { tenantId: r.tenantId, id: r.id },
        { status, endedAt: r.endedAt },
      );
    }
  }
  return rows;
}
