import { startTestApi, type GraphQLResponse, type TestApi } from '@conduct/api/testing/test-api';

const SET = `mutation($input: SetMemberOptInInput!) {
  setMemberOptIn(input: $input) { id memberName customerId optedIn informed } }`;
const CUSTOMER = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`;

interface Preference {
  id: string;
  memberName: string;
  customerId: string | null;
  optedIn: boolean;
  informed: boolean;
}

const err = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions ?? {};
const reasonCodes = (res: GraphQLResponse<unknown>) =>
  ((err(res).reasons as { code: string }[] | undefined) ?? []).map((r) => r.code);

describe('Cheshire West Part A §1: members opt in or out of arrangements for individual customers', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const officer = (slug: string) => api.token(slug, `officer@${slug}.example`);
  const customer = async (slug: string) =>
    (
      await api.gql<{ createCustomer: { id: string } }>(
        CUSTOMER,
        { input: { fullName: 'Kit Member' } },
        await officer(slug),
      )
    ).data!.createCustomer.id;
  const set = async (slug: string, input: Record<string, unknown>) =>
    api.gql<{ setMemberOptIn: Preference }>(SET, { input }, await officer(slug));

  it('a member opted in generally may opt out for one customer; both choices are kept', async () => {
    const slug = 'cheshire-west-and-chester';
    const customerId = await customer(slug);
    const general = await set(slug, { memberName: 'Cllr Quinn', optedIn: true });
    expect(general.data!.setMemberOptIn).toMatchObject({ customerId: null, informed: true });
    const forOne = await set(slug, { memberName: 'Cllr Quinn', optedIn: false, customerId });
    expect(forOne.errors).toBeUndefined();
    expect(forOne.data!.setMemberOptIn).toMatchObject({
      customerId,
      optedIn: false,
      informed: false,
    });
    expect(forOne.data!.setMemberOptIn.id).not.toBe(general.data!.setMemberOptIn.id);
    const again = await set(slug, { memberName: 'Cllr Quinn', optedIn: true, customerId });
    expect(again.data!.setMemberOptIn.id).toBe(forOne.data!.setMemberOptIn.id);
    const [event] = await api.owner.query(
      `select payload from audit_event where entity_id = $1 order by seq limit 1`,
      [forOne.data!.setMemberOptIn.id],
    );
    expect(event.payload).toEqual({ optedIn: false, arrangement: 'opt-in', customerId });
  });

  it('refuses an unknown customer, and a council whose members have no say', async () => {
    const unknown = await set('cheshire-west-and-chester', {
      memberName: 'Cllr Quinn',
      optedIn: false,
      customerId: '00000000-0000-4000-8000-000000000000',
    });
    expect(err(unknown).code).toBe('NOT_FOUND');
    const maidstone = await set('maidstone', {
      memberName: 'Cllr Quinn',
      optedIn: false,
      customerId: await customer('maidstone'),
    });
    expect(reasonCodes(maidstone)).toEqual(['NO_MEMBER_CHOICE']);
  });
});
