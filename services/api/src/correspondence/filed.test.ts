import { PolicyVersions, SettableClock } from '@conduct/worker';
import { runFiledEscalation } from '@conduct/worker/filed-correspondence';
import { verifyAuditChain, withTenant } from '@conduct/db';
import { seedFrontLine } from '@conduct/api/testing/guidance/front-line.fixture';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { addWorkingDays } from './working-days';

const LOG = `mutation($input: LogFiledCorrespondenceInput!) {
  logFiledCorrespondence(input: $input) { id status reviewDueAt designatedOfficer topic caseReference }
}`;
const CONFIRM = `mutation($id: ID!, $input: ConfirmFiledCorrespondenceInput!) {
  confirmFiledCorrespondence(id: $id, input: $input) { id status outcome confirmedAt }
}`;
const QUEUE = `query($status: FiledCorrespondenceStatus) {
  filedCorrespondence(status: $status) { totalCount edges { node { id status escalatedTo } } }
}`;

describe('the filed-without-reply queue', () => {
  let api: TestApi;
  let officer: string;
  let seeded: Awaited<ReturnType<typeof seedFrontLine>>;
  let unrestricted: Awaited<ReturnType<typeof seedFrontLine>>;

  beforeAll(async () => {
    // Monday 5 January 2026.
    api = await startTestApi({ now: new Date('2026-01-05T09:00:00Z') });
    officer = await api.token('welwyn-hatfield', 'officer@welwyn-hatfield.example');
    seeded = await seedFrontLine(api, {
      slug: 'welwyn-hatfield',
      fullName: 'Robin Filed',
      restrictions: [
        {
          type: 'no-reply-on-topic',
          parameters: { topic: 'planning application 21/0042', officer: 'J. Smith' },
        },
      ],
    });
    unrestricted = await seedFrontLine(api, { slug: 'welwyn-hatfield', fullName: 'Sam Free' });
  });
  afterAll(() => api.close());

  const log = async (customerId: string) =>
    api.gql<{
      logFiledCorrespondence: {
        id: string;
        status: string;
        reviewDueAt: string;
        designatedOfficer: string;
        topic: string;
      };
    }>(
      LOG,
      {
        input: {
          customerId,
          channel: 'email',
          receivedAt: '2026-01-05T08:00:00Z',
          summary: 'Another email about 21/0042',
        },
      },
      officer,
    );

  it('counts five working days by default', () => {
    // Friday + 5 working days = the next Friday; Monday + 5 = the next Monday.
    expect(addWorkingDays(new Date('2026-01-09T09:00:00Z'), 5).toISOString()).toBe(
      '2026-01-16T09:00:00.000Z',
    );
    expect(addWorkingDays(new Date('2026-01-05T09:00:00Z'), 5).toISOString()).toBe(
      '2026-01-12T09:00:00.000Z',
    );
  });

  it('logs an item only where a restriction says it is filed without reply', async () => {
    const ok = await log(seeded.customerId);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.logFiledCorrespondence).toMatchObject({
      status: 'PENDING',
      reviewDueAt: '2026-01-12T09:00:00.000Z',
      designatedOfficer: 'J. Smith',
      topic: 'planning application 21/0042',
    });
    const refused = await log(unrestricted.customerId);
    expect(refused.errors?.[0]?.extensions?.code).toBe('POLICY_VIOLATION');
  });

  it('escalates an unconfirmed item after the lead time, and never a confirmed one', async () => {
    const unconfirmed = (await log(seeded.customerId)).data!.logFiledCorrespondence.id;
    const confirmed = (await log(seeded.customerId)).data!.logFiledCorrespondence.id;
    const done = await api.gql<{ confirmFiledCorrespondence: { status: string; outcome: string } }>(
      CONFIRM,
      { id: confirmed, input: { outcome: 'NO_NEW_INFORMATION' } },
      officer,
    );
    expect(done.data?.confirmFiledCorrespondence).toMatchObject({
      status: 'CONFIRMED',
      outcome: 'NO_NEW_INFORMATION',
    });
    const again = await api.gql(
      CONFIRM,
      { id: confirmed, input: { outcome: 'NO_NEW_INFORMATION' } },
      officer,
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const clock = new SettableClock(new Date('2026-01-09T09:00:00Z'));
    const deps = { ds: api.ds, clock, policies: new PolicyVersions() };
    const tenantId = api.tenants['welwyn-hatfield']!;
    // Before the lead time: nothing escalates.
    expect(await runFiledEscalation(deps, tenantId)).toBe(0);
    clock.set(new Date('2026-01-12T09:00:01Z'));
    api.clock.set(new Date('2026-01-12T09:00:01Z'));
    const overdue = await api.gql<{ filedCorrespondence: { totalCount: number } }>(
      QUEUE,
      { status: 'OVERDUE' },
      officer,
    );
    expect(overdue.data?.filedCorrespondence.totalCount).toBe(2);

    const escalated = await runFiledEscalation(deps, tenantId);
    expect(escalated).toBe(2); // the first item logged above, and `unconfirmed`
    expect(await runFiledEscalation(deps, tenantId)).toBe(0); // idempotent
    const rows = (await api.owner.query(
      `select id, escalated_at, escalated_to from filed_correspondence where id = any($1::uuid[])`,
      [[unconfirmed, confirmed]],
    )) as { id: string; escalated_at: Date | null; escalated_to: string[] }[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(unconfirmed)!.escalated_at).not.toBeNull();
    expect(byId.get(unconfirmed)!.escalated_to.length).toBeGreaterThan(0);
    expect(byId.get(confirmed)!.escalated_at).toBeNull();

    // The escalation roles are told: a notification each, naming the case, not the customer.
    const notices = (await api.owner.query(
      `select role, title, body from notification where case_id = $1 and kind = 'filed-unconfirmed'`,
      [seeded.caseId],
    )) as { role: string; title: string; body: string }[];
    expect(notices.length).toBeGreaterThan(0);
    for (const n of notices) expect(byId.get(unconfirmed)!.escalated_to).toContain(n.role);
    expect(JSON.stringify(notices)).not.toContain('21/0042');

    const queue = await api.gql<{
      filedCorrespondence: { totalCount: number; edges: { node: { id: string } }[] };
    }>(QUEUE, { status: 'ESCALATED' }, officer);
    expect(queue.data?.filedCorrespondence.edges.map((e) => e.node.id)).toContain(unconfirmed);
    expect(queue.data?.filedCorrespondence.edges.map((e) => e.node.id)).not.toContain(confirmed);

    const events = (await api.owner.query(
      `select payload from audit_event where action = 'filed-correspondence.escalated' and entity_id = $1`,
      [unconfirmed],
    )) as { payload: Record<string, unknown> }[];
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain('21/0042');
    expect((await withTenant(api.ds, tenantId, (em) => verifyAuditChain(em, tenantId))).ok).toBe(
      true,
    );
  });

  it('shows another council nothing of the queue', async () => {
    const other = await api.token('maidstone', 'officer@maidstone.example');
    const res = await api.gql<{ filedCorrespondence: { totalCount: number } }>(QUEUE, {}, other);
    expect(res.data?.filedCorrespondence.totalCount).toBe(0);
  });
});
