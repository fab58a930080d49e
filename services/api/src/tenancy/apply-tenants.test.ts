import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TENANTS_DIR, applyTenantFolder, applyTenants } from './apply-tenants';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/** `pnpm tenants:apply` is safe to run on every deploy: a new version only when a policy changed. */
describe('tenants:apply', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const snapshot = async () => ({
    versions: await api.owner.query(
      `select tenant_id, version, status, source_hash from policy_version order by 1, 2`,
    ),
    users: (await api.owner.query(`select count(*)::int as n from app_user`))[0].n,
    audit: (await api.owner.query(`select count(*)::int as n from audit_event`))[0].n,
  });

  it('changes nothing when applied again to unchanged files', async () => {
    const before = await snapshot();
    const applied = await applyTenants(api.ds, TENANTS_DIR, api.clock.now());
    expect(
      applied.every((t) => !t.policyChanged && t.usersAdded === 0 && t.policyVersion === 1),
    ).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('makes a new active version only when the policy text changed, superseding the old one', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'tenant-')), 'maidstone');
    cpSync(join(TENANTS_DIR, 'maidstone'), folder, { recursive: true });
    const policy = join(folder, 'policy.yaml');
    writeFileSync(policy, `${readFileSync(policy, 'utf8')}\n# a comment is a change of text\n`);
    const changed = await applyTenantFolder(api.ds, folder, api.clock.now());
    expect(changed).toMatchObject({
      slug: 'maidstone',
      policyChanged: true,
      policyVersion: 2,
      usersAdded: 0,
    });
    const again = await applyTenantFolder(api.ds, folder, api.clock.now());
    expect(again).toMatchObject({ policyChanged: false, policyVersion: 2 });
    const rows = await api.owner.query(
      `select version, status from policy_version where tenant_id = $1 order by version`,
      [api.tenants.maidstone],
    );
    expect(rows).toEqual([
      { version: 1, status: 'superseded' },
      { version: 2, status: 'active' },
    ]);
  });

  it('never applies a changed file over a version activated through the API, and says so', async () => {
    const tenantId = api.tenants.southampton!;
    // A tenant admin's version, as the API leaves it: it records its author.
    const [admin] = await api.owner.query(
      `select id from app_user where tenant_id = $1 and 'tenant-admin' = any(roles) limit 1`,
      [tenantId],
    );
    await api.owner.query(
      `update policy_version set status = 'superseded' where tenant_id = $1 and status = 'active'`,
      [tenantId],
    );
    await api.owner.query(
      `insert into policy_version (tenant_id, version, status, source_text, source_hash, document, activated_at, created_by, activated_by)
       select tenant_id, 2, 'active', source_text || '# edited in the console', 'api-hash', document, now(), $2, $2
         from policy_version where tenant_id = $1 and version = 1`,
      [tenantId, admin.id],
    );
    // Restarting with the file unchanged: the API's version stays, silently correct.
    const unchanged = await applyTenantFolder(
      api.ds,
      join(TENANTS_DIR, 'southampton'),
      api.clock.now(),
    );
    expect(unchanged).toMatchObject({
      policyChanged: false,
      policyVersion: 2,
      activeFromApi: true,
      fileChangeNotApplied: false,
    });
    // The file changed meanwhile: still not applied over it, and the result says so.
    const folder = join(mkdtempSync(join(tmpdir(), 'tenant-')), 'southampton');
    cpSync(join(TENANTS_DIR, 'southampton'), folder, { recursive: true });
    const policy = join(folder, 'policy.yaml');
    writeFileSync(policy, `${readFileSync(policy, 'utf8')}\n# edited on disk\n`);
    const changed = await applyTenantFolder(api.ds, folder, api.clock.now());
    expect(changed).toMatchObject({
      policyChanged: false,
      policyVersion: 2,
      activeFromApi: true,
      fileChangeNotApplied: true,
    });
    const rows = await api.owner.query(
      `select version, status from policy_version where tenant_id = $1 order by version`,
      [tenantId],
    );
    expect(rows).toEqual([
      { version: 1, status: 'superseded' },
      { version: 2, status: 'active' },
    ]);
  });

  it('refuses acceptIdentityProvider by an admin not signed in through a current provider', async () => {
    const tenantId = api.tenants['welwyn-hatfield']!;
    const [admin] = await api.owner.query(
      `select t.slug, u.email from app_user u join tenant t on t.id = u.tenant_id
       where u.tenant_id = $1 and 'tenant-admin' = any(u.roles) limit 1`,
      [tenantId],
    );
    // A proposal waits on a council with no provider (as only a superuser could leave it).
    await api.owner.query(
      `update tenant set oidc_issuer = null, pending_oidc_issuer = 'https://idp.x.example/v2.0',
         pending_oidc_jwks_url = 'https://idp.x.example/keys', pending_oidc_audience = 'api://x',
         pending_oidc_requested_at = now() where id = $1`,
      [tenantId],
    );
    const token = await api.token(admin.slug, admin.email);
    const decide = (op: string) =>
      api.gql(`mutation { ${op}(issuer: "https://idp.x.example/v2.0") { id } }`, {}, token);
    const accepted = await decide('acceptIdentityProvider');
    expect(accepted.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'issuer' });
    const [row] = await api.owner.query(`select oidc_issuer from tenant where id = $1`, [tenantId]);
    expect(row.oidc_issuer).toBeNull();
    // Rejecting it is always possible.
    expect((await decide('rejectIdentityProvider')).errors).toBeUndefined();
  });
});
