import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { hashSecret } from './api-key.secret';

/** Service accounts: `Authorization: ApiKey ck_<keyId>.<secret>`, scoped, expiring, revocable, audited. */
describe('API keys', () => {
  let api: TestApi;
  let admin: string;
  const me = '{ me { user { displayName roles } tenantSlug } }';

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.token('maidstone', 'admin@maidstone.example');
  });
  afterAll(() => api.close());

  const create = (input: Record<string, unknown>, token = admin) =>
    api.gql<{
      createApiKey: {
        secret: string;
        apiKey: { id: string; prefix: string; status: string; roles: string[] };
      };
    }>(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id prefix status roles expiresAt } } }`,
      { i: input },
      token,
    );
  const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    res.errors?.[0]?.extensions?.code;

  it('returns the secret once, stores only its hash, and signs the service account in with the key’s roles', async () => {
    const res = await create({ name: 'CRM integration', roles: ['officer'], expiresInDays: 30 });
    expect(res.errors).toBeUndefined();
    const { secret, apiKey } = res.data!.createApiKey;
    expect(secret).toMatch(/^ck_[0-9a-f]{24}\.[\w-]{43}$/);
    expect(secret.startsWith(`${apiKey.prefix}.`)).toBe(true);
    const [row] = await api.owner.query(`select secret_hash from api_key where id = $1`, [
      apiKey.id,
    ]);
    expect(row.secret_hash).toBe(hashSecret(secret.split('.')[1]!));
    expect(JSON.stringify(await api.owner.query(`select * from api_key`))).not.toContain(
      secret.split('.')[1],
    );

    const signedIn = await api.gqlAs(`ApiKey ${secret}`, me);
    expect(signedIn.errors).toBeUndefined();
    expect(signedIn.data).toEqual({
      me: { user: { displayName: 'CRM integration', roles: ['officer'] }, tenantSlug: 'maidstone' },
    });
    // Scoped: an officer's key cannot administer the council.
    expect(code(await api.gqlAs(`ApiKey ${secret}`, '{ apiKeys { id } }'))).toBe('FORBIDDEN');

    const listed = await api.gql<{ apiKeys: { prefix: string }[] }>(
      '{ apiKeys { id prefix name status } }',
      {},
      admin,
    );
    expect(JSON.stringify(listed)).not.toContain(secret.split('.')[1]);
    expect(listed.data!.apiKeys.map((k) => k.prefix)).toContain(apiKey.prefix);
    const events = await api.owner.query(`select action from audit_event where entity_id = $1`, [
      apiKey.id,
    ]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['api-key.created']);
  });

  it('refuses a wrong secret, an unknown key and a malformed one', async () => {
    const { secret } = (await create({ name: 'k', roles: ['officer'] })).data!.createApiKey;
    const [prefix] = secret.split('.');
    expect(code(await api.gqlAs(`ApiKey ${prefix}.${'A'.repeat(43)}`, me))).toBe('UNAUTHENTICATED');
    expect(code(await api.gqlAs(`ApiKey ck_${'0'.repeat(24)}.${'A'.repeat(43)}`, me))).toBe(
      'UNAUTHENTICATED',
    );
    expect(code(await api.gqlAs('ApiKey nonsense', me))).toBe('UNAUTHENTICATED');
  });

  it('stops working at once when revoked, and when expired', async () => {
    const created = (await create({ name: 'short-lived', roles: ['officer'], expiresInDays: 1 }))
      .data!.createApiKey;
    expect((await api.gqlAs(`ApiKey ${created.secret}`, me)).errors).toBeUndefined();
    api.clock.advanceDays(2);
    try {
      expect(code(await api.gqlAs(`ApiKey ${created.secret}`, me))).toBe('UNAUTHENTICATED');
    } finally {
      api.clock.advanceDays(-2);
    }
    expect((await api.gqlAs(`ApiKey ${created.secret}`, me)).errors).toBeUndefined();
    const revoked = await api.gql<{ revokeApiKey: { status: string } }>(
      `mutation($id: ID!) { revokeApiKey(id: $id) { status revokedAt } }`,
      { id: created.apiKey.id },
      admin,
    );
    expect(revoked.data!.revokeApiKey.status).toBe('revoked');
    expect(code(await api.gqlAs(`ApiKey ${created.secret}`, me))).toBe('UNAUTHENTICATED');
  });

  it('refuses tenant-admin scope, unknown roles, non-admins, and keys of a suspended council', async () => {
    expect(code(await create({ name: 'x', roles: ['tenant-admin'] }))).toBe('BAD_USER_INPUT');
    expect(code(await create({ name: 'x', roles: ['wizard'] }))).toBe('BAD_USER_INPUT');
    expect(code(await create({ name: 'x', roles: ['officer'], expiresInDays: 1000 }))).toBe(
      'BAD_USER_INPUT',
    );
    const officer = await api.token('maidstone', 'officer@maidstone.example');
    expect(code(await create({ name: 'x', roles: ['officer'] }, officer))).toBe('FORBIDDEN');
    const { secret } = (await create({ name: 'k', roles: ['officer'] })).data!.createApiKey;
    await api.owner.query(`update tenant set status = 'suspended' where slug = 'maidstone'`);
    try {
      expect(code(await api.gqlAs(`ApiKey ${secret}`, me))).toBe('UNAUTHENTICATED');
    } finally {
      await api.owner.query(`update tenant set status = 'active' where slug = 'maidstone'`);
    }
  });

  it('answers NOT_FOUND when revoking another council’s key', async () => {
    const { apiKey } = (await create({ name: 'k', roles: ['officer'] })).data!.createApiKey;
    const other = await api.token('southampton', 'admin@southampton.example');
    const res = await api.gql(
      `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`,
      { id: apiKey.id },
      other,
    );
    expect(code(res)).toBe('NOT_FOUND');
  });
});
