import { Casework } from '@conduct/api/testing/proposals/casework.testkit';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * Issue 14 finding 6: contact dates in year 1 or 1900 were accepted. Every
 * input that dates a contact (logContact, logFiledCorrespondence,
 * recordReferral) refuses a date in the future or more than ten years before
 * now (CONTACT_DATE_FLOOR_YEARS) with BAD_USER_INPUT naming the field, and
 * writes nothing.
 */
describe('implausible contact dates', () => {
  let api: TestApi;
  let w: Casework;
  let ids: { customerId: string; caseId: string };
  const NOW = new Date('2026-01-05T09:00:00Z');
  const BAD = [
    ['year 1', '0001-01-01T00:00:00Z'],
    ['1900', '1900-01-01T00:00:00Z'],
    ['eleven years ago', '2015-01-04T09:00:00Z'],
    ['next week', '2026-01-12T09:00:00Z'],
  ] as const;

  beforeAll(async () => {
    api = await startTestApi({ now: NOW });
    w = new Casework(api, 'welwyn-hatfield');
    ids = await w.openCase('officer', 'Dana Dates');
  });
  afterAll(() => api.close());

  const count = async (table: string) =>
    Number((await api.owner.query(`select count(*) from ${table}`))[0].count);
  const refusedNaming = (
    res: { errors?: { extensions?: Record<string, unknown> }[] },
    field: string,
  ) => expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });

  const contact = (occurredAt: string) =>
    w.gql('officer', `mutation($input: LogContactInput!) { logContact(input: $input) { id } }`, {
      input: { ...ids, occurredAt, channel: 'email', behaviourCategories: [], severity: 'low' },
    });
  const filed = (receivedAt: string) =>
    w.gql(
      'officer',
      `mutation($input: LogFiledCorrespondenceInput!) { logFiledCorrespondence(input: $input) { id } }`,
      { input: { customerId: ids.customerId, channel: 'email', receivedAt } },
    );
  const referral = (occurredAt: string) =>
    w.gql(
      'officer',
      `mutation($input: RecordReferralInput!) { recordReferral(input: $input) { id } }`,
      {
        input: { caseId: ids.caseId, referralKey: 'police', occurredAt, note: 'Reported' },
      },
    );

  it.each(BAD)('refuses a contact dated %s', async (_what, date) => {
    const before = await count('contact');
    refusedNaming(await contact(date), 'input.occurredAt');
    refusedNaming(await filed(date), 'input.receivedAt');
    refusedNaming(await referral(date), 'input.occurredAt');
    expect(await count('contact')).toBe(before);
  });

  it('accepts a date within the window', async () => {
    expect((await contact('2017-01-06T09:00:00Z')).errors).toBeUndefined();
    expect((await contact(NOW.toISOString())).errors).toBeUndefined();
  });
});
