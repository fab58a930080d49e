import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { PURGE_PREVIEW_MAX } from './purge-preview.resolver';

/** Issue 14 finding 6: the documented maximum of purgePreview works within the cost limit. */
describe('purgePreview maximum', () => {
  let api: TestApi;
  let admin: string;
  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.token('cheshire-west-and-chester', 'admin@cheshire-west-and-chester.example');
  });
  afterAll(() => api.close());

  const preview = (first: number) =>
    api.gql(
      `{ purgePreview(first: ${first}) { cutoff totalCount candidates {
         action caseId caseReference policyVersion reason retentionDueAt ruleId } } }`,
      {},
      admin,
    );

  it('answers the documented maximum with every field selected', async () => {
    const res = await preview(PURGE_PREVIEW_MAX);
    expect(res.errors).toBeUndefined();
    expect(res.data).toHaveProperty('purgePreview.totalCount');
  });

  it('refuses more than the maximum as input, naming the field', async () => {
    const res = await preview(PURGE_PREVIEW_MAX + 1);
    expect(res.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
  });
});
