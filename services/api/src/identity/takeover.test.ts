import { verifyAuditChain } from '@conduct/db';
import { startLocalOidc, type LocalOidc } from '../testing/local-oidc';
import { startTestApi, type TestApi } from '../testing/test-api';
import { isEntraV1Issuer } from './oidc';

/**
 * RELIABILITY target 14, operator side (issue 14 finding 1), in production
 * mode against local OIDC providers: an operator who repoints a council to an
 * issuer they control signs in as nobody; the change waits for a tenant admin,
 * lands in the council's own chain and is noticed to its admins; bindings never
 * carry over to another issuer; unverified email claims bind nobody (nOAuth).
 */
describe('identity takeover', () => {
  let api: TestApi;
  let council: LocalOidc;
  let attacker: LocalOidc;
  let platform: LocalOidc;
  let maidstone: string;
  const me = '{ me { user { email } } }';

  beforeAll(async () => {
    platform = await startLocalOidc('https://platform.example/v2.0', 'api://conduct-platform');
    council = await startLocalOidc(
      'https://login.microsoftonline.com/11111111-1111-1111-1111-111111111111/v2.0',
      'api://conduct-maidstone',
    );
    attacker = await startLocalOidc('https://idp.operator.example/v2.0', 'api://conduct-maidstone');
    api = await startTestApi({
      production: true,
      platformOidc: {
        issuer: platform.issuer,
        jwksUrl: platform.jwksUrl,
        audience: platform.audience,
      },
    });
    maidstone = api.tenants.maidstone!;
    await api.owner.query(
      `update tenant set oidc_issuer = $1, oidc_jwks_url = $2, oidc_audience = $3 where id = $4`,
      [council.issuer, council.jwksUrl, council.audience, maidstone],
    );
    await api.owner.query(
      `update app_user set issuer = $1, subject = 'oid-hop' where email = 'head-of-policy@maidstone.example'`,
      [council.issuer],
    );
    await api.owner.query(
      `insert into operator (email, display_name, subject) values ('ops@platform.example', 'Ops', 'oid-ops')`,
    );
  });
  afterAll(async () => {
    await api.close();
    await Promise.all([council.close(), attacker.close(), platform.close()]);
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
});
