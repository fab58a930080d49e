import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

/**
 * The platform's operator log as platform operators read it (issue 14): what
 * operators did to councils, break-glass reasons included, newest first, paged
 * and filtered; nobody of a council (staff, tenant admins, API keys) reads it.
 */
describe('operator log', () => {
  let api: TestApi;
  let op: string;
  let admin: string;
  let officer: string;
  let maidstone: string;
  let southampton: string;
  let officer2: string;
  const REASON = 'INC-5150: the only other tenant admin is on leave; agreed with the SIRO';
  const ENTRY =
    'id occurredAt action operatorId operatorEmail tenantId tenantSlug detailsJson reason';

  type Entry = {
    id: string;
    occurredAt: string;
    action: string;
    operatorEmail: string;
    tenantId: string | null;
    tenantSlug: string | null;
    detailsJson: string;
    reason: string | null;
  };
  type Page = {
    edges: { node: Entry; cursor: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    totalCount: number;
  };
  const read = (args: Record<string, unknown>, token = op) =>
    api.gql<{ operatorLog: Page }>(
      `query($first: Int, $after: String, $tenantId: ID, $action: String) {
        operatorLog(first: $first, after: $after, tenantId: $tenantId, action: $action) {
          edges { cursor node { ${ENTRY} } } pageInfo { hasNextPage endCursor } totalCount } }`,
      args,
      token,
    );
  const later = () => api.clock.set(new Date(api.clock.now().getTime() + 60_000));

  beforeAll(async () => {
    api = await startTestApi();
    ({ maidstone, southampton } = api.tenants as { maidstone: string; southampton: string });
    await api.owner.query(
      `insert into operator (email, display_name) values ('ops@platform.example', 'Ops')`,
    );
    op = await api.operatorToken('ops@platform.example');
    admin = await api.token('maidstone', 'admin@maidstone.example');
    officer = await api.token('maidstone', 'officer@maidstone.example');
    officer2 = (
      await api.owner.query(`select id from app_user where email = 'officer-2@maidstone.example'`)
    )[0].id;
    // Three entries about Southampton and a break-glass use in Maidstone, a minute apart.
    for (const mutation of ['suspendTenant', 'reinstateTenant', 'suspendTenant']) {
      later();
      const res = await api.gql(
        `mutation($id: ID!) { ${mutation}(id: $id) { id } }`,
        { id: southampton },
        op,
      );
      expect(res.errors).toBeUndefined();
    }
    later();
    const grant = await api.gql(
      `mutation($t: ID!, $u: ID!, $why: String!) {
        breakGlassAssignRoles(tenantId: $t, userId: $u, roles: ["officer", "manager"], reason: $why) { id } }`,
      { t: maidstone, u: officer2, why: REASON },
      op,
    );
    expect(grant.errors).toBeUndefined();
  });
  afterAll(() => api.close());

  it('shows an operator what operators did, newest first, with the break-glass reason', async () => {
    const res = await read({ first: 10 });
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.operatorLog.edges.map((e) => e.node);
    expect(nodes.map((n) => [n.action, n.tenantSlug])).toEqual([
      ['tenant.break-glass.roles-assigned', 'maidstone'],
      ['tenant.suspended', 'southampton'],
      ['tenant.reinstated', 'southampton'],
      ['tenant.suspended', 'southampton'],
    ]);
    const used = nodes[0]!;
    expect(used).toMatchObject({
      operatorEmail: 'ops@platform.example',
      tenantId: maidstone,
      reason: REASON,
    });
    expect(JSON.parse(used.detailsJson)).toEqual({ entityId: officer2 });
    expect(nodes.slice(1).every((n) => n.reason === null)).toBe(true);
    // The id the council's own chain gives for the break-glass use is this entry's.
    const [chain] = await api.owner.query(
      `select payload from audit_event where tenant_id = $1 and action = 'break-glass.used'`,
      [maidstone],
    );
    expect(chain.payload.operatorLogEntryId).toBe(used.id);
    expect(res.data!.operatorLog.totalCount).toBe(4);
  });

  it('filters by council and by kind', async () => {
    const bySouthampton = await read({ first: 10, tenantId: southampton });
    expect(bySouthampton.data!.operatorLog.edges.map((e) => e.node.action)).toEqual([
      'tenant.suspended',
      'tenant.reinstated',
      'tenant.suspended',
    ]);
    const suspensions = await read({ first: 10, action: 'tenant.suspended' });
    expect(suspensions.data!.operatorLog.totalCount).toBe(2);
    const both = await read({ first: 10, tenantId: maidstone, action: 'tenant.suspended' });
    expect(both.data!.operatorLog.edges).toEqual([]);
    expect(both.data!.operatorLog.pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });

  it('pages one entry at a time through the whole log, each once', async () => {
    const all = (await read({ first: 100 })).data!.operatorLog.edges.map((e) => e.node.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = (await read({ first: 1, after })).data!.operatorLog;
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    expect(seen).toHaveLength(4);
  });

  it('refuses a tenant admin, an officer, an API key and an anonymous caller', async () => {
    const key = await api.gql<{ createApiKey: { secret: string } }>(
      `mutation { createApiKey(input: { name: "Log reader", roles: ["officer"], expiresInDays: 30 }) { secret } }`,
      {},
      admin,
    );
    const q = '{ operatorLog { edges { node { id reason } } } }';
    for (const [who, res] of [
      ['tenant admin', await api.gql(q, {}, admin)],
      ['officer', await api.gql(q, {}, officer)],
      ['API key', await api.gqlAs(`ApiKey ${key.data!.createApiKey.secret}`, q)],
    ] as const) {
      expect({ who, code: res.errors?.[0]?.extensions?.code, data: res.data ?? null }).toEqual({
        who,
        code: 'FORBIDDEN',
        data: null,
      });
    }
    const anonymous = await api.gql(q);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers bad arguments with BAD_USER_INPUT naming the field', async () => {
    for (const [args, field] of [
      [{ first: 0 }, 'first'],
      [{ first: 101 }, 'first'],
      [{ after: 'not-a-cursor' }, 'after'],
      [{ tenantId: 'maidstone' }, 'tenantId'],
      [{ action: 'tenant.deleted' }, 'action'],
      [{ action: 'tenant.suspended\u202e' }, 'action'],
    ] as const) {
      const res = await read(args);
      expect({
        args,
        code: res.errors?.[0]?.extensions?.code,
        field: res.errors?.[0]?.extensions?.field,
      }).toEqual({
        args,
        code: 'BAD_USER_INPUT',
        field,
      });
    }
  });
});
