import { seedFrontLine } from '@conduct/api/testing/guidance/front-line.fixture';
import { Casework, PROPOSE } from '@conduct/api/testing/proposals/casework.testkit';
import { userIdOf } from '@conduct/api/testing/reviews/restricted-case.fixture';
import { startTestApi, type GraphQLResponse, type TestApi } from '@conduct/api/testing/test-api';

const LOG = `mutation($input: LogFiledCorrespondenceInput!) {
  logFiledCorrespondence(input: $input) { id status } }`;
const CONFIRM = `mutation($id: ID!, $input: ConfirmFiledCorrespondenceInput!) {
  confirmFiledCorrespondence(id: $id, input: $input) { id status confirmedAt } }`;

const SLUG = 'maidstone';
const reasonCodes = (res: GraphQLResponse<unknown>) =>
  ((res.errors?.[0]?.extensions?.reasons as { code: string }[] | undefined) ?? []).map(
    (r) => r.code,
  );

describe('Maidstone §5.1: correspondence "read (by the designated officer only)"', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const as = (who: string) => api.token(SLUG, `${who}@${SLUG}.example`);
  const logFiled = async (customerId: string) => {
    const res = await api.gql<{ logFiledCorrespondence: { id: string } }>(
      LOG,
      {
        input: {
          customerId,
          channel: 'email',
          receivedAt: '2026-01-05T08:00:00Z',
          summary: 'Another email.',
        },
      },
      await as('officer'),
    );
    expect(res.errors).toBeUndefined();
    return res.data!.logFiledCorrespondence.id;
  };
  const confirm = async (who: string, id: string) =>
    api.gql<{ confirmFiledCorrespondence: { status: string } }>(
      CONFIRM,
      { id, input: { outcome: 'NO_NEW_INFORMATION' } },
      await as(who),
    );

  it('linked to a staff user, only that officer confirms filed items', async () => {
    const designated = await userIdOf(api, SLUG, `officer-2@${SLUG}.example`);
    const seeded = await seedFrontLine(api, {
      slug: SLUG,
      fullName: 'Dana Designated',
      restrictions: [
        { type: 'read-and-file', parameters: { officer: 'D. Second', officerUser: designated } },
      ],
    });
    const id = await logFiled(seeded.customerId);
    const byOther = await confirm('officer', id);
    expect(byOther.errors?.[0]?.extensions?.code).toBe('POLICY_VIOLATION');
    expect(reasonCodes(byOther)).toEqual(['NOT_DESIGNATED_OFFICER']);
    const [row] = await api.owner.query(
      `select confirmed_at from filed_correspondence where id = $1`,
      [id],
    );
    expect(row.confirmed_at).toBeNull();
    const byDesignated = await confirm('officer-2', id);
    expect(byDesignated.errors).toBeUndefined();
    expect(byDesignated.data!.confirmFiledCorrespondence.status).toBe('CONFIRMED');
  });

  it('not linked, any member of staff confirms', async () => {
    const seeded = await seedFrontLine(api, {
      slug: SLUG,
      fullName: 'Noel Unlinked',
      restrictions: [{ type: 'read-and-file', parameters: { officer: 'J. Smith' } }],
    });
    const id = await logFiled(seeded.customerId);
    expect((await confirm('officer', id)).errors).toBeUndefined();
  });

  it('a proposal may link only an active member of staff (else nobody could confirm)', async () => {
    const cw = new Casework(api, SLUG);
    const ids = await cw.openCase();
    const propose = async (officerUser: string) =>
      cw.gql('head-of-service', PROPOSE, {
        input: {
          caseId: ids.caseId,
          toStage: 'warning',
          rationale: 'Repeated emails.',
          restrictions: [
            {
              type: 'read-and-file',
              parameters: [
                { name: 'officer', text: 'D. Second' },
                { name: 'officerUser', text: officerUser },
              ],
            },
          ],
        },
      });
    const res = await propose('6f1c2a4e-0b7d-4c1e-9a51-3d2f8e7b6c10');
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.restrictions.0.parameters.officerUser',
    });
    const [{ n }] = await api.owner.query(
      `select count(*)::int n from proposal where case_id = $1`,
      [ids.caseId],
    );
    expect(n).toBe(0);
  });
});
