import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { countRows } from '@conduct/api/testing/reviews/restricted-case.fixture';

const SET = `mutation($input: SetMemberOptInInput!) {
  setMemberOptIn(input: $input) { id memberName ward optedIn informed updatedAt }
}`;
const LIST = `{ memberPreferences { memberName ward optedIn informed } }`;

describe('elected members opt in or out (Cheshire §1)', () => {
  let api: TestApi;
  let officer: string;

  beforeAll(async () => {
    api = await startTestApi();
    officer = await api.token(
      'cheshire-west-and-chester',
      'officer@cheshire-west-and-chester.example',
    );
  });
  afterAll(() => api.close());

  it('records a member’s choice and changes it, audited without the name', async () => {
    const inRes = await api.gql<{
      setMemberOptIn: { id: string; optedIn: boolean; informed: boolean };
    }>(SET, { input: { memberName: 'Cllr Avery Ward', ward: 'Blacon', optedIn: true } }, officer);
    expect(inRes.errors).toBeUndefined();
    expect(inRes.data!.setMemberOptIn).toMatchObject({ optedIn: true, informed: true });
    const outRes = await api.gql<{
      setMemberOptIn: { id: string; ward: string; informed: boolean };
    }>(SET, { input: { memberName: 'Cllr Avery Ward', optedIn: false } }, officer);
    expect(outRes.data!.setMemberOptIn).toMatchObject({
      id: inRes.data!.setMemberOptIn.id,
      ward: 'Blacon',
      informed: false,
    });
    await api.gql(SET, { input: { memberName: 'Cllr Blake', optedIn: true } }, officer);
    const list = await api.gql<{ memberPreferences: unknown[] }>(LIST, {}, officer);
    expect(list.data!.memberPreferences).toEqual([
      { memberName: 'Cllr Avery Ward', ward: 'Blacon', optedIn: false, informed: false },
      { memberName: 'Cllr Blake', ward: null, optedIn: true, informed: true },
    ]);
    const events = await api.owner.query(
      `select action, payload from audit_event where entity_type = 'member_preference' order by seq`,
    );
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'member-preference.created',
      'member-preference.updated',
      'member-preference.created',
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Avery|Blake|Blacon/);
  });

  it('is refused where the policy gives members no choice', async () => {
    const res = await api.gql(
      SET,
      { input: { memberName: 'Cllr Other', optedIn: true } },
      await api.token('maidstone', 'officer@maidstone.example'),
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'POLICY_VIOLATION',
      reasons: [expect.objectContaining({ code: 'NO_MEMBER_CHOICE' })],
    });
  });

  it('rejects malformed input and writes nothing', async () => {
    const before = await countRows(api, 'member_preference');
    const res = await api.gql(SET, { input: { memberName: '  ', optedIn: true } }, officer);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.memberName',
    });
    expect(await countRows(api, 'member_preference')).toBe(before);
  });

  it('shows each council only its own members; tenant admins do no casework', async () => {
    const other = await api.gql<{ memberPreferences: unknown[] }>(
      LIST,
      {},
      await api.token('southampton', 'officer@southampton.example'),
    );
    expect(other.data!.memberPreferences).toEqual([]);
    const admin = await api.gql(
      LIST,
      {},
      await api.token('cheshire-west-and-chester', 'admin@cheshire-west-and-chester.example'),
    );
    expect(admin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
