import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/** Tenant admins manage their council's users; a deactivated user is refused on their next request. */
describe('staff administration', () => {
  let api: TestApi;
  let admin: string;
  const code = (res: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    res.errors?.[0]?.extensions?.code;
  const invite = (input: Record<string, unknown>, token = admin) =>
    api.gql<{ inviteUser: { id: string; roles: string[]; active: boolean } }>(
      `mutation($i: InviteUserInput!) { inviteUser(input: $i) { id email roles active kind identityLinked } }`,
      { i: input },
      token,
    );

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.token('southampton', 'admin@southampton.example');
  });
  afterAll(() => api.close());

  it('invites a user, assigns roles and deactivates them with immediate effect', async () => {
    const invited = await invite({
      email: 'New.Person@southampton.example',
      displayName: 'New Person',
      roles: ['complaints-resolution-team'],
    });
    expect(invited.errors).toBeUndefined();
    const id = invited.data!.inviteUser.id;
    const token = await api.token('southampton', 'new.person@southampton.example');
    expect((await api.gql('{ me { user { roles } } }', {}, token)).data).toEqual({
      me: { user: { roles: ['complaints-resolution-team'] } },
    });

    const roles = await api.gql<{ assignRoles: { roles: string[] } }>(
      `mutation($u: ID!, $r: [String!]!) { assignRoles(userId: $u, roles: $r) { roles } }`,
      // Neither role proposes or decides in Southampton: one admin suffices.
      { u: id, r: ['complaints-resolution-team', 'head-of-service-legal'] },
      admin,
    );
    expect(roles.data!.assignRoles.roles).toEqual([
      'complaints-resolution-team',
      'head-of-service-legal',
    ]);

    const off = await api.gql(
      `mutation($u: ID!) { deactivateUser(userId: $u) { active } }`,
      { u: id },
      admin,
    );
    expect(off.data).toEqual({ deactivateUser: { active: false } });
    expect(code(await api.gql('{ me { user { roles } } }', {}, token))).toBe('UNAUTHENTICATED');

    const actions = await api.owner.query(
      `select action from audit_event where entity_id = $1 order by seq`,
      [id],
    );
    expect(actions.map((a: { action: string }) => a.action)).toEqual([
      'user.invited',
      'user.roles-assigned',
      'user.deactivated',
    ]);
    const listed = await api.gql<{ staffUsers: { id: string }[] }>(
      '{ staffUsers { id } }',
      {},
      admin,
    );
    expect(listed.data!.staffUsers.map((u) => u.id)).not.toContain(id);
  });

  it('refuses unknown roles, duplicate emails and non-admins', async () => {
    expect(
      code(await invite({ email: 'x@southampton.example', displayName: 'X', roles: ['wizard'] })),
    ).toBe('BAD_USER_INPUT');
    expect(
      code(
        await invite({ email: 'ADMIN@southampton.example', displayName: 'X', roles: ['officer'] }),
      ),
    ).toBe('CONFLICT');
    const officer = await api.token('southampton', 'officer@southampton.example');
    expect(
      code(
        await invite(
          { email: 'y@southampton.example', displayName: 'Y', roles: ['officer'] },
          officer,
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('keeps at least one active tenant admin', async () => {
    const me = await api.gql<{ me: { user: { id: string } } }>('{ me { user { id } } }', {}, admin);
    const res = await api.gql(
      `mutation($u: ID!) { deactivateUser(userId: $u) { active } }`,
      { u: me.data!.me.user.id },
      admin,
    );
    expect(code(res)).toBe('CONFLICT');
  });

  it('answers NOT_FOUND for another council’s user', async () => {
    const [other] = await api.owner.query(`select id from app_user where tenant_id = $1 limit 1`, [
      api.tenants.maidstone,
    ]);
    const res = await api.gql(
      `mutation($u: ID!) { deactivateUser(userId: $u) { active } }`,
      { u: other.id },
      admin,
    );
    expect(code(res)).toBe('NOT_FOUND');
    const [row] = await api.owner.query(`select active from app_user where id = $1`, [other.id]);
    expect(row.active).toBe(true);
  });
});
