import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TENANTS_DIR, applyTenantFolder, applyTenants } from './apply-tenants';
import { startTestApi, type TestApi } from '../testing/test-api';

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
});
