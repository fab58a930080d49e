import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TENANTS_DIR } from '../tenancy/apply-tenants';
import { startLocalOidc, type LocalOidc } from '@conduct/api/testing/local-oidc';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * RELIABILITY target 14, inside a council (issue 14 finding 2), in production
 * mode with the council's own local OIDC provider: a lone tenant admin cannot
 * give themselves a deciding role, cannot hand deciding roles to API keys,
 * cannot remove the second admin that policy activation needs, and cannot
 * approve their own request; each attempt is refused and lands in the
 * council's own audit chain.
 */
describe('separation of duties', () => {
  let api: TestApi;
  let idp: LocalOidc;
  let maidstone: string;
  let adminA: string;
  let adminB: string;
  let idA: string;
  let idB: string;

  beforeAll(async () => {
    idp = await startLocalOidc(
      'https://login.microsoftonline.com/22222222-2222-2222-2222-222222222222/v2.0',
      'api://conduct-maidstone',
    );
    api = await startTestApi({ production: true });
    maidstone = api.tenants.maidstone!;
    await api.owner.query(
      `update tenant set oidc_issuer = $1, oidc_jwks_url = $2, oidc_audience = $3 where id = $4`,
      [idp.issuer, idp.jwksUrl, idp.audience, maidstone],
    );
    adminA = await idp.token('oid-a', { email: 'admin@maidstone.example', xms_edov: true });
    const [a] = await api.owner.query(
      `select id from app_user where email = 'admin@maidstone.example'`,
    );
    idA = a.id;
  });
  afterAll(async () => {
    await api.close();
    await idp.close();
  });

  type Staff = { id: string; roles: string[]; pendingRoles: string[] | null; active: boolean };
  const STAFF = 'id roles pendingRoles active deactivationPending';
  const assign = (token: string, userId: string, roles: string[]) =>
    api.gql<{ assignRoles: Staff }>(
      `mutation($u: ID!, $r: [String!]!) { assignRoles(userId: $u, roles: $r) { ${STAFF} } }`,
      { u: userId, r: roles },
      token,
    );
  const deactivate = (token: string, userId: string) =>
    api.gql<{ deactivateUser: Staff & { deactivationPending: boolean } }>(
      `mutation($u: ID!) { deactivateUser(userId: $u) { ${STAFF} } }`,
      { u: userId },
      token,
    );
  const refusals = async () =>
    (
      (await api.owner.query(
        `select action from audit_event where tenant_id = $1 and action like 'refused.%' order by seq`,
        [maidstone],
      )) as { action: string }[]
    ).map((r) => r.action);
  const rolesOf = async (id: string) =>
    (
      (await api.owner.query(`select roles from app_user where id = $1`, [id])) as {
        roles: string[];
      }[]
    )[0]!.roles;

  it('a lone admin cannot grant themselves a deciding role', async () => {
    const first = await assign(adminA, idA, ['tenant-admin', 'head-of-policy']);
    expect(first.errors).toBeUndefined();
    expect(first.data?.assignRoles.roles).toEqual(['tenant-admin']);
    expect(first.data?.assignRoles.pendingRoles).toEqual(['tenant-admin', 'head-of-policy']);
    const again = await assign(adminA, idA, ['tenant-admin', 'head-of-policy']);
    expect(again.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await rolesOf(idA)).toEqual(['tenant-admin']);
    expect(await refusals()).toContain('refused.user.roles-approval');
  });

  it('a lone admin cannot invite someone straight into a deciding role', async () => {
    const res = await api.gql<{ inviteUser: Staff }>(
      `mutation($i: InviteUserInput!) { inviteUser(input: $i) { ${STAFF} } }`,
      { i: { email: 'sock@maidstone.example', displayName: 'Sock', roles: ['head-of-policy'] } },
      adminA,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.inviteUser.roles).toEqual([]);
    expect(res.data?.inviteUser.pendingRoles).toEqual(['head-of-policy']);
  });

  it('API keys cannot hold roles that propose or decide', async () => {
    for (const role of ['manager', 'head-of-policy']) {
      const res = await api.gql(
        `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
        { i: { name: `Robot ${role}`, roles: [role] } },
        adminA,
      );
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await refusals()).filter((a) => a === 'refused.api-key.create')).toHaveLength(2);
    // A key of a non-deciding role is still fine.
    const ok = await api.gql(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
      { i: { name: 'Robot officer', roles: ['officer'] } },
      adminA,
    );
    expect(ok.errors).toBeUndefined();
  });

  it('the second admin cannot be removed by one admin, so activation keeps four eyes', async () => {
    // A lone admin may appoint the second admin.
    const invited = await api.gql<{ inviteUser: Staff }>(
      `mutation($i: InviteUserInput!) { inviteUser(input: $i) { ${STAFF} } }`,
      { i: { email: 'admin-b@maidstone.example', displayName: 'B', roles: ['tenant-admin'] } },
      adminA,
    );
    expect(invited.data?.inviteUser.roles).toEqual(['tenant-admin']);
    idB = invited.data!.inviteUser.id;
    adminB = await idp.token('oid-b', { email: 'admin-b@maidstone.example', xms_edov: true });

    // A asks to deactivate B: it waits; A cannot approve; B cannot approve their own removal.
    expect((await deactivate(adminA, idB)).data?.deactivateUser.deactivationPending).toBe(true);
    expect((await deactivate(adminA, idB)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await deactivate(adminB, idB)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Nor can A demote B, or add a third admin alone to approve it.
    await assign(adminA, idB, ['officer']);
    expect((await assign(adminA, idB, ['officer'])).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const third = await api.gql<{ inviteUser: Staff }>(
      `mutation($i: InviteUserInput!) { inviteUser(input: $i) { ${STAFF} } }`,
      { i: { email: 'admin-c@maidstone.example', displayName: 'C', roles: ['tenant-admin'] } },
      adminA,
    );
    expect(third.data?.inviteUser.roles).toEqual([]);
    const [b] = await api.owner.query(`select active, roles from app_user where id = $1`, [idB]);
    expect(b).toEqual({ active: true, roles: ['tenant-admin'] });

    // So activating a policy still needs B.
    const text = readFileSync(join(TENANTS_DIR, 'maidstone', 'policy.yaml'), 'utf8');
    const draft = await api.gql<{ createPolicyDraft: { id: string } }>(
      `mutation($i: PolicyDraftInput!) { createPolicyDraft(input: $i) { id } }`,
      { i: { text } },
      adminA,
    );
    const activate = (t: string) =>
      api.gql<{ activatePolicyVersion: { status: string } }>(
        `mutation($id: ID!) { activatePolicyVersion(id: $id) { status } }`,
        { id: draft.data!.createPolicyDraft.id },
        t,
      );
    expect((await activate(adminA)).data?.activatePolicyVersion.status).toBe('draft');
    expect((await activate(adminA)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await refusals()).filter((a) => a === 'refused.user.deactivate-approval')).toHaveLength(
      2,
    );
  });

  it('a second admin approves a deciding role for someone else', async () => {
    const approved = await assign(adminB, idA, ['tenant-admin', 'head-of-policy']);
    expect(approved.errors).toBeUndefined();
    expect(await rolesOf(idA)).toEqual(['tenant-admin', 'head-of-policy']);
    const [event] = await api.owner.query(
      `select payload from audit_event where tenant_id = $1 and action = 'user.roles-assigned' order by seq desc limit 1`,
      [maidstone],
    );
    expect(event.payload).toMatchObject({ requestedBy: idA, approvedBy: idB });
  });
});
