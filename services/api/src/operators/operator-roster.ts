import { z } from 'zod';
import type { DataSource } from 'typeorm';
import { Operator, OperatorEvent } from '@conduct/db';
import type { OperatorLogAction } from './operator-log.actions';

/**
 * The platform's own people, managed by the engineer who runs the instance
 * (`pnpm run operators`): there is no operator before the first one, so this
 * is a command-line job, not a GraphQL mutation. Each change is recorded in
 * `operator_event` like anything an operator does.
 */
export const operatorEmail = z.email().transform((e) => e.toLowerCase());

export type RosterChange = 'added' | 'unchanged' | 'reactivated' | 'deactivated';

export async function addOperator(
  ds: DataSource,
  email: string,
  displayName: string,
  now: Date,
): Promise<RosterChange> {
  return ds.transaction(async (em) => {
    const existing = await em.findOne(Operator, {
      where: { email },
      lock: { mode: 'pessimistic_write' },
    });
    if (existing?.active) return 'unchanged';
    const operator = existing
      ? await em.save(Object.assign(existing, { active: true }))
      : await em.save(em.create(Operator, { email, displayName, active: true }));
    const change = existing ? 'reactivated' : 'added';
    await em.save(
      em.create(OperatorEvent, {
        occurredAt: now,
        operatorId: operator.id,
        action: `operator-${change}` satisfies OperatorLogAction,
        tenantId: null,
        payload: { via: 'command-line' },
      }),
    );
    return change;
  });
}

/** Their next request is refused: every request re-reads the operator. */
export async function deactivateOperator(
  ds: DataSource,
  email: string,
  now: Date,
): Promise<RosterChange | 'unknown'> {
  return ds.transaction(async (em) => {
    const operator = await em.findOne(Operator, {
      where: { email },
      lock: { mode: 'pessimistic_write' },
    });
    if (!operator) return 'unknown';
    if (!operator.active) return 'unchanged';
    await em.save(Object.assign(operator, { active: false }));
    await em.save(
      em.create(OperatorEvent, {
        occurredAt: now,
        operatorId: operator.id,
        action: 'operator-deactivated' satisfies OperatorLogAction,
        tenantId: null,
        payload: { via: 'command-line' },
      }),
    );
    return 'deactivated';
  });
}

export function listOperators(ds: DataSource): Promise<Operator[]> {
  return ds.getRepository(Operator).find({ order: { email: 'ASC' } });
}
