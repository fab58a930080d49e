import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withTenant } from '@conduct/db';
import {
  addMonths,
  checkPolicyText,
  escalationDate,
  reminderDate,
  restrictionEndDate,
  reviewDueDate,
  type Policy,
} from '@conduct/policy';
import { authoriserRoles, reviewerRoles } from '@conduct/worker';
import { startInProcessWorker, type InProcessWorker } from '@conduct/worker/testing/in-process';
import { seedCases } from '@conduct/testing';
import { TENANTS_DIR } from '../tenancy/apply-tenants';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

const T0 = new Date('2026-01-05T09:00:00Z');
const SECOND = 1000;

function policyOf(slug: string): Policy {
  const { policy, errors } = checkPolicyText(
    readFileSync(join(TENANTS_DIR, slug, 'policy.yaml'), 'utf8'),
  );
  if (!policy) throw new Error(errors.map((e) => e.message).join('; '));
  return policy;
}

const NOTIFICATIONS = `query($unread: Boolean!) {
  myNotifications(unreadOnly: $unread, first: 50) {
    totalCount
    edges { node { id kind caseId dueDate role title readAt } }
  }
}`;

describe('review reminders and escalations fire on the dates each council’s policy gives', () => {
  let api: TestApi;
  let worker: InProcessWorker;

  beforeAll(async () => {
    api = await startTestApi({ now: T0 });
    worker = await startInProcessWorker({ ds: api.ds, redisUrl: api.redis.url, clock: api.clock });
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  const notices = async (caseId: string, kind: string) =>
    (await api.owner.query(
      `select n.role, n.due_date::text as due_date, u.email from notification n
         join app_user u on u.tenant_id = n.tenant_id and u.id = n.recipient_id
        where n.case_id = $1 and n.kind = $2 order by u.email`,
      [caseId, kind],
    )) as { role: string; due_date: string; email: string }[];

  const holders = async (tenantId: string, roles: string[]) =>
    (
      (await api.owner.query(
        `select email from app_user where tenant_id = $1 and active and roles && $2::text[] order by email`,
        [tenantId, roles],
      )) as { email: string }[]
    ).map((u) => u.email);

  it.each([
    {
      slug: 'london-borough',
      stage: 'restriction',
      months: 6,
      indefinite: false,
      expectMonths: 6,
      why: 'end of the period',
    },
    {
      slug: 'london-borough',
      stage: 'restriction',
      months: undefined,
      indefinite: true,
      expectMonths: 12,
      why: 'indefinite: every 12 months',
    },
    {
      slug: 'maidstone',
      stage: 'policy-applied',
      months: 3,
      indefinite: false,
      expectMonths: 3,
      why: 'every 3 months',
    },
    {
      slug: 'cheshire-west-and-chester',
      stage: 'stage-2',
      months: 12,
      indefinite: false,
      expectMonths: 6,
      why: 'at most every 6 months',
    },
    {
      slug: 'welwyn-hatfield',
      stage: 'restrictions',
      months: 18,
      indefinite: false,
      expectMonths: 12,
      why: 'after 12 months',
    },
    {
      slug: 'southampton',
      stage: 'restriction',
      months: 24,
      indefinite: false,
      expectMonths: 12,
      why: 'yearly',
    },
  ])('$slug ($why)', async ({ slug, stage, months, indefinite, expectMonths }) => {
    const policy = policyOf(slug);
    const tenantId = api.tenants[slug]!;
    const endsAt = restrictionEndDate(policy, stage, T0, months, indefinite);
    const due = reviewDueDate(policy, stage, T0, endsAt);
    expect(due).toEqual(addMonths(T0, expectMonths));
    const type = Object.keys(policy.restrictionTypes)[0]!;
    const remindAt = reminderDate(policy, stage, due);
    const escalateAt = escalationDate(policy, stage, due);
    // Measures still in force when the review is overdue: had they lapsed, nothing would be
    // left to review and the expiry would take the case off the schedule (archived).
    const inForce =
      endsAt && endsAt <= escalateAt ? new Date(escalateAt.getTime() + 86_400_000) : endsAt;
    const [seeded] = await withTenant(api.ds, tenantId, (em) =>
      seedCases(em, [
        {
          stage,
          openedAt: T0,
          reviewDueAt: due,
          restrictions: [{ type, startsAt: T0, endsAt: inForce }],
        },
      ]),
    );
    const caseId = seeded!.caseId;
    const dueDay = due.toISOString().slice(0, 10);
    expect(remindAt.getTime()).toBe(
      due.getTime() - policy.stages[stage]!.review!.reminderDaysBefore * 86_400_000,
    );

    // Not a second early.
    api.clock.set(new Date(remindAt.getTime() - SECOND));
    await worker.sweepAndDrain();
    expect(await notices(caseId, 'review-reminder')).toHaveLength(0);

    // The lead time before: every holder of the responsible role(s) is told.
    api.clock.set(remindAt);
    await worker.sweepAndDrain();
    const reminders = await notices(caseId, 'review-reminder');
    expect(reminders.map((r) => r.email)).toEqual(
      await holders(tenantId, reviewerRoles(policy, stage)),
    );
    expect(new Set(reminders.map((r) => r.due_date))).toEqual(new Set([dueDay]));
    expect(await notices(caseId, 'review-overdue')).toHaveLength(0);

    api.clock.set(new Date(escalateAt.getTime() - SECOND));
    await worker.sweepAndDrain();
    expect(await notices(caseId, 'review-overdue')).toHaveLength(0);

    // Overdue: escalated to the authorising role(s).
    api.clock.set(escalateAt);
    await worker.sweepAndDrain();
    const escalations = await notices(caseId, 'review-overdue');
    expect(escalations.map((r) => r.email)).toEqual(
      await holders(tenantId, authoriserRoles(policy, stage)),
    );

    // Sweeping again writes nothing new: one notice per (kind, case, date, person).
    await worker.sweepAndDrain();
    expect(await notices(caseId, 'review-reminder')).toHaveLength(reminders.length);
    expect(await notices(caseId, 'review-overdue')).toHaveLength(escalations.length);
    const audited = (await api.owner.query(
      `select action, count(*)::int as n from audit_event where case_id = $1 and action like 'notification.%' group by action order by action`,
      [caseId],
    )) as { action: string; n: number }[];
    expect(audited).toEqual([
      { action: 'notification.review-overdue', n: 1 },
      { action: 'notification.review-reminder', n: 1 },
    ]);

    // The reviewer sees it through GraphQL and marks it read.
    const token = await api.token(slug, reminders[0]!.email);
    const mine = await api.gql<{
      myNotifications: {
        edges: { node: { id: string; kind: string; caseId: string; readAt: string | null } }[];
      };
    }>(NOTIFICATIONS, { unread: true }, token);
    expect(mine.errors).toBeUndefined();
    const reminder = mine.data!.myNotifications.edges.find(
      (e) => e.node.caseId === caseId && e.node.kind === 'review-reminder',
    );
    expect(reminder).toBeDefined();
    const read = await api.gql<{ markNotificationRead: { readAt: string | null } }>(
      `mutation($id: ID!) { markNotificationRead(id: $id) { readAt } }`,
      { id: reminder!.node.id },
      token,
    );
    expect(read.errors).toBeUndefined();
    expect(read.data!.markNotificationRead.readAt).not.toBeNull();
  });

  it('stops escalating once the review is recorded (the due date moves on)', async () => {
    const policy = policyOf('maidstone');
    const tenantId = api.tenants.maidstone!;
    const start = new Date('2026-03-02T10:00:00Z');
    const due = reviewDueDate(policy, 'policy-applied', start, addMonths(start, 3));
    const [seeded] = await withTenant(api.ds, tenantId, (em) =>
      seedCases(em, [{ stage: 'policy-applied', openedAt: start, reviewDueAt: due }]),
    );
    api.clock.set(reminderDate(policy, 'policy-applied', due));
    await worker.sweepAndDrain();
    // The review is recorded: the next one is three months on.
    await api.owner.query(`update managed_case set review_due_at = $2 where id = $1`, [
      seeded!.caseId,
      addMonths(due, 3),
    ]);
    api.clock.set(escalationDate(policy, 'policy-applied', due));
    await worker.sweepAndDrain();
    expect(await notices(seeded!.caseId, 'review-overdue')).toHaveLength(0);
  });

  it('answers another user’s notification exactly like one that does not exist', async () => {
    const [other] = (await api.owner.query(
      `select n.id from notification n join app_user u on u.tenant_id = n.tenant_id and u.id = n.recipient_id
        where u.email <> 'policy-and-information-team@maidstone.example' limit 1`,
    )) as { id: string }[];
    const token = await api.token('maidstone', 'policy-and-information-team@maidstone.example');
    const mark = `mutation($id: ID!) { markNotificationRead(id: $id) { id } }`;
    const foreign = await api.gql(mark, { id: other!.id }, token);
    const missing = await api.gql(mark, { id: '00000000-0000-4000-8000-000000000000' }, token);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    const bad = await api.gql(mark, { id: 'not-a-uuid' }, token);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
