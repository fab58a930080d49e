import { startTestApi, type GraphQLResponse, type TestApi } from '@conduct/api/testing/test-api';
import { pinCaseToPolicyVariant } from '@conduct/api/testing/policy-variant';
import { seedRestrictedCase } from '@conduct/api/testing/reviews/restricted-case.fixture';

const MARK_SENT = `mutation($id: ID!, $channels: [LetterChannel!], $sentAt: DateTimeISO) {
  markLetterSent(letterId: $id, channels: $channels, sentAt: $sentAt) { id status sentAt channels } }`;

interface Sent {
  markLetterSent: { id: string; status: string; sentAt: string; channels: string[] };
}

const at = (iso: string) => new Date(iso);
const err = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions ?? {};
const SLUG = 'maidstone';

describe('letters record how and when they were sent', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-03-10T09:00:00Z') });
  });
  afterAll(() => api.close());

  const as = (role: string) => api.token(SLUG, `${role}@${SLUG}.example`);
  const markSent = async (role: string, vars: Record<string, unknown>) =>
    api.gql<Sent>(MARK_SENT, vars, await as(role));

  /** A restricted case with a draft letter written on 1 March. */
  async function draftLetter(): Promise<{ caseId: string; letterId: string }> {
    const seeded = await seedRestrictedCase(api, {
      slug: SLUG,
      openedBy: `officer@${SLUG}.example`,
      stage: 'policy-applied',
      transitionKey: 'apply-policy',
      fromStage: 'warning',
      decidedAt: at('2026-03-01T09:00:00Z'),
      participants: [
        { email: `manager@${SLUG}.example`, role: 'manager', step: 'propose' },
        { email: `head-of-policy@${SLUG}.example`, role: 'head-of-policy', step: 'decide' },
      ],
      restrictions: [{ type: 'call-time-limit', parameters: { minutes: 10 }, endsAt: null }],
      reviewDueAt: at('2026-06-01T09:00:00Z'),
    });
    const [letter] = (await api.owner.query(
      `insert into letter (tenant_id, case_id, decision_id, template_key, title, body, sections, status, created_at)
       values ($1, $2, $3, 'policy-applied-letter', 'Letter', 'Body', '[]', 'draft', $4) returning id`,
      [api.tenants[SLUG], seeded.caseId, seeded.decisionId, at('2026-03-01T09:00:00Z')],
    )) as { id: string }[];
    return { caseId: seeded.caseId, letterId: letter!.id };
  }

  const stored = async (id: string) =>
    (
      (await api.owner.query(`select status, sent_at, channels from letter where id = $1`, [
        id,
      ])) as { status: string; sent_at: Date | null; channels: string[] }[]
    )[0]!;

  it('refuses a date in the future, a date before the letter was written, and no channel', async () => {
    const { letterId } = await draftLetter();
    const future = await markSent('officer', { id: letterId, sentAt: '2026-03-11T09:00:00Z' });
    expect(err(future)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sentAt' });
    const early = await markSent('officer', { id: letterId, sentAt: '2026-02-28T09:00:00Z' });
    expect(err(early)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sentAt' });
    const none = await markSent('officer', { id: letterId, channels: [] });
    expect(err(none)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'channels' });
    expect(await stored(letterId)).toEqual({ status: 'draft', sent_at: null, channels: [] });
  });

  it('records the channels and a date earlier than now; audited without personal values', async () => {
    const { letterId } = await draftLetter();
    const res = await markSent('officer', {
      id: letterId,
      channels: ['EMAIL', 'POST'],
      sentAt: '2026-03-02T16:30:00Z',
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.markLetterSent).toEqual({
      id: letterId,
      status: 'sent',
      sentAt: '2026-03-02T16:30:00.000Z',
      channels: ['EMAIL', 'POST'],
    });
    expect(await stored(letterId)).toMatchObject({ channels: ['email', 'post'] });
    const [event] = await api.owner.query(
      `select payload from audit_event where action = 'letter.sent' and entity_id = $1`,
      [letterId],
    );
    expect(event.payload).toMatchObject({ channels: ['email', 'post'] });
  });

  it('without channels, records the policy’s usual channel (post) and now', async () => {
    const { letterId } = await draftLetter();
    const res = await markSent('officer', { id: letterId });
    expect(res.data!.markLetterSent).toMatchObject({
      sentAt: '2026-03-10T09:00:00.000Z',
      channels: ['POST'],
    });
  });

  it('where the policy names who records a letter sent, refuses anyone else (WRONG_ROLE)', async () => {
    const { caseId, letterId } = await draftLetter();
    await pinCaseToPolicyVariant(api, SLUG, caseId, (yaml) =>
      yaml.replace(
        /^legalHolds:/m,
        'letterSending: { markedSentBy: policy-and-information-team, defaultChannels: [email] }\n\nlegalHolds:',
      ),
    );
    const byOfficer = await markSent('officer', { id: letterId });
    expect(err(byOfficer).code).toBe('POLICY_VIOLATION');
    expect((err(byOfficer).reasons as { code: string }[]).map((r) => r.code)).toEqual([
      'WRONG_ROLE',
    ]);
    expect((await stored(letterId)).status).toBe('draft');
    const byTeam = await markSent('policy-and-information-team', { id: letterId });
    expect(byTeam.data!.markLetterSent).toMatchObject({ status: 'sent', channels: ['EMAIL'] });
  });
});
