import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyAuditChain } from '@conduct/db';
import { TENANTS_DIR, applyTenantFolder } from '../tenancy/apply-tenants';
import { startLocalOidc, type LocalOidc } from '@conduct/api/testing/local-oidc';
import { startProductionOidc, type ProductionOidc } from '@conduct/api/testing/production-oidc';
import type { TestApi } from '@conduct/api/testing/test-api';
import { isEntraV1Issuer } from './oidc';

/**
 * RELIABILITY target 14, operator side (issue 14 finding 1), in production
 * mode against local OIDC providers: an operator who repoints a council to an
 * issuer they control signs in as nobody; the change waits for a tenant admin,
 * lands in the council's own chain and is noticed to its admins; bindings never
 * carry over to another issuer; unverified email claims bind nobody (nOAuth).
 */
describe('identity takeover', () => {
  let oidc: ProductionOidc;
  let api: TestApi;
  let council: LocalOidc;
  let attacker: LocalOidc;
  let platform: LocalOidc;
  let maidstone: string;
  const me = '{ me { user { email } } }';

  beforeAll(async () => {
    oidc = await startProductionOidc(
      'https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0',
    );
    ({ api, council, platform, maidstone } = oidc);
    attacker = await startLocalOidc('https://idp.operator.example/v2.0', 'api://conduct-maidstone');
    await api.owner.query(
      `update app_user set issuer = $1, subject = 'oid-hop' where email = 'head-of-policy@maidstone.example'`,
      [council.issuer],
    );
  });
  afterAll(async () => {
    await oidc.close();
    await attacker.close();
  });

  const signedInAs = async (t: string) =>
    await api.gql<{ me: { user: { email: string } } }>(me, {}, t);
  const expectRefused = async (t: string) => {
    const res = await signedInAs(t);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  };
  const chainActions = async () =>
    (
      (await api.owner.query(`select action from audit_event where tenant_id = $1 order by seq`, [
        maidstone,
      ])) as { action: string }[]
    ).map((r) => r.action);

  it('binds an invited user only on a verified email signal (nOAuth)', async () => {
    // preferred_username and an unverified email are mutable in Entra: no binding.
    await expectRefused(
      await council.token('oid-guest', { preferred_username: 'admin@maidstone.example' }),
    );
    await expectRefused(
      await council.token('oid-guest', { email: 'admin@maidstone.example', xms_edov: false }),
    );
    const [unbound] = await api.owner.query(
      `select subject from app_user where email = 'admin@maidstone.example'`,
    );
    expect(unbound.subject).toBeNull();
    // Entra's xms_edov optional claim vouches for the email: bound once, recorded.
    const admin = await council.token('oid-admin', {
      email: 'admin@maidstone.example',
      xms_edov: true,
    });
    expect((await signedInAs(admin)).data?.me.user.email).toBe('admin@maidstone.example');
    expect(await chainActions()).toContain('user.identity-bound');
    // email_verified (other providers) vouches too.
    const manager = await council.token('oid-manager', {
      email: 'manager@maidstone.example',
      email_verified: true,
    });
    expect((await signedInAs(manager)).data?.me.user.email).toBe('manager@maidstone.example');
  });

  it('an operator repointing the council signs in as nobody; the change waits for a tenant admin', async () => {
    const ops = await platform.token('oid-ops');
    const proposed = await api.gql<{
      setTenantIdentityProvider: {
        identityProvider: { issuer: string };
        pendingIdentityProvider: { issuer: string };
      };
    }>(
      `mutation($id: ID!, $idp: IdentityProviderInput) { setTenantIdentityProvider(id: $id, identityProvider: $idp) {
        identityProvider { issuer } pendingIdentityProvider { issuer } } }`,
      {
        id: maidstone,
        idp: {
          issuer: attacker.issuer,
          jwksUrl: 'https://idp.operator.example/keys',
          audience: attacker.audience,
        },
      },
      ops,
    );
    expect(proposed.errors).toBeUndefined();
    expect(proposed.data?.setTenantIdentityProvider).toEqual({
      identityProvider: { issuer: council.issuer },
      pendingIdentityProvider: { issuer: attacker.issuer },
    });
    // The served keys of the attacker's provider, as the operator would publish them.
    await api.owner.query(`update tenant set pending_oidc_jwks_url = $1 where id = $2`, [
      attacker.jwksUrl,
      maidstone,
    ]);

    // The Head of Policy's subject, and a "verified" email, from the operator's issuer: refused.
    await expectRefused(await attacker.token('oid-hop'));
    await expectRefused(
      await attacker.token('oid-x', {
        email: 'head-of-policy@maidstone.example',
        email_verified: true,
      }),
    );
    // The council's own chain records it, and its tenant admins are told.
    expect(await chainActions()).toContain('identity-provider.proposed');
    const notices = await api.owner.query(
      `select n.kind, u.email from notification n join app_user u on u.tenant_id = n.tenant_id and u.id = n.recipient_id
       where n.tenant_id = $1 and n.kind = 'identity-provider-proposed'`,
      [maidstone],
    );
    expect(notices.map((n: { email: string }) => n.email)).toContain('admin@maidstone.example');
    // The council's own staff still sign in with their provider.
    expect((await signedInAs(await council.token('oid-hop'))).data?.me.user.email).toBe(
      'head-of-policy@maidstone.example',
    );
  });

  it('after a tenant admin accepts, no binding carries over to the new issuer', async () => {
    const admin = await council.token('oid-admin');
    const view = await api.gql<{ myCouncil: { pendingIdentityProvider: { issuer: string } } }>(
      '{ myCouncil { pendingIdentityProvider { issuer } } }',
      {},
      admin,
    );
    expect(view.data?.myCouncil.pendingIdentityProvider.issuer).toBe(attacker.issuer);
    const accepted = await api.gql(
      `mutation($iss: String!) { acceptIdentityProvider(issuer: $iss) { identityProvider { issuer } } }`,
      { iss: attacker.issuer },
      admin,
    );
    expect(accepted.errors).toBeUndefined();
    // Same subject as the Head of Policy, new issuer: the old binding does not match.
    await expectRefused(await attacker.token('oid-hop'));
    // Nor do the old provider's tokens work any more.
    await expectRefused(await council.token('oid-hop'));
    const actions = await chainActions();
    expect(actions).toContain('identity-provider.accepted');
    const verdict = await verifyAuditChain(api.owner.manager, maidstone);
    expect(verdict.ok).toBe(true);
  });

  it('a tenant admin may bind a person by object id instead of email', async () => {
    const [hos] = await api.owner.query(
      `select id from app_user where email = 'head-of-service@maidstone.example'`,
    );
    await api.owner.query(
      `update app_user set issuer = $1, subject = 'oid-admin2' where email = 'admin@maidstone.example'`,
      [attacker.issuer],
    );
    const admin = await attacker.token('oid-admin2');
    const bound = await api.gql(
      `mutation($u: ID!, $o: String!) { bindUserIdentity(userId: $u, objectId: $o) { id } }`,
      { u: hos.id, o: 'oid-hos-new' },
      admin,
    );
    expect(bound.errors).toBeUndefined();
    expect((await signedInAs(await attacker.token('oid-hos-new'))).data?.me.user.email).toBe(
      'head-of-service@maidstone.example',
    );
  });

  it('recognises an Entra v1 issuer (warned about at configuration)', () => {
    expect(isEntraV1Issuer('https://sts.windows.net/1111/')).toBe(true);
    expect(isEntraV1Issuer(council.issuer)).toBe(false);
  });

  it('a council with no provider cannot be given one by an operator: the deployment applies its first, audited', async () => {
    const southampton = api.tenants.southampton!;
    const own = await startLocalOidc('https://idp.southampton.example/v2.0', 'api://conduct-soton');
    try {
      const ops = await platform.token('oid-ops');
      // As published (https); the test's provider serves its keys over http, set below.
      const idp = {
        issuer: own.issuer,
        jwksUrl: 'https://idp.southampton.example/keys',
        audience: own.audience,
      };
      // No admin could sign in to accept a proposal: refused, naming the field; nothing waits.
      const proposed = await api.gql(
        `mutation($id: ID!, $idp: IdentityProviderInput) { setTenantIdentityProvider(id: $id, identityProvider: $idp) { id } }`,
        { id: southampton, idp },
        ops,
      );
      expect(proposed.errors?.[0]?.extensions).toMatchObject({
        code: 'CONFLICT',
        field: 'identityProvider',
      });
      const [row] = await api.owner.query(
        `select oidc_issuer, pending_oidc_issuer from tenant where id = $1`,
        [southampton],
      );
      expect(row).toEqual({ oidc_issuer: null, pending_oidc_issuer: null });

      // The deployment's tenants:apply sets it from the council's folder.
      const folder = join(mkdtempSync(join(tmpdir(), 'tenant-')), 'southampton');
      cpSync(join(TENANTS_DIR, 'southampton'), folder, { recursive: true });
      const file = join(folder, 'identity-provider.yaml');
      writeFileSync(
        file,
        `issuer: ${idp.issuer}\njwksUrl: ${idp.jwksUrl}\naudience: ${idp.audience}\n`,
      );
      const applied = await applyTenantFolder(api.ds, folder, api.clock.now());
      expect(applied.identityProvider).toBe('applied');
      expect((await applyTenantFolder(api.ds, folder, api.clock.now())).identityProvider).toBe(
        'unchanged',
      );
      const actions = (
        (await api.owner.query(`select action from audit_event where tenant_id = $1 order by seq`, [
          southampton,
        ])) as { action: string }[]
      ).map((r) => r.action);
      expect(actions.filter((a) => a === 'identity-provider.applied')).toHaveLength(1);
      const [notice] = await api.owner.query(
        `select count(*)::int as n from notification where tenant_id = $1 and kind = 'identity-provider-proposed'`,
        [southampton],
      );
      expect(notice.n).toBeGreaterThan(0);
      // Its admin now signs in; a different file never replaces a provider the council has.
      await api.owner.query(`update tenant set oidc_jwks_url = $1 where id = $2`, [
        own.jwksUrl,
        southampton,
      ]);
      const [admin] = await api.owner.query(
        `select email from app_user where tenant_id = $1 and 'tenant-admin' = any(roles) limit 1`,
        [southampton],
      );
      const token = await own.token('oid-soton-admin', { email: admin.email, xms_edov: true });
      expect((await signedInAs(token)).data?.me.user.email).toBe(admin.email);
      writeFileSync(
        file,
        `issuer: https://idp.other.example/v2.0\njwksUrl: ${idp.jwksUrl}\naudience: ${idp.audience}\n`,
      );
      expect((await applyTenantFolder(api.ds, folder, api.clock.now())).identityProvider).toBe(
        'differs',
      );
      const [after] = await api.owner.query(`select oidc_issuer from tenant where id = $1`, [
        southampton,
      ]);
      expect(after.oidc_issuer).toBe(own.issuer);
      expect((await verifyAuditChain(api.owner.manager, southampton)).ok).toBe(true);
    } finally {
      await own.close();
    }
  });
});
