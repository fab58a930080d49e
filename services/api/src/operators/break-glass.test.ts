import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAuditChain } from '@conduct/db';
import { TENANTS_DIR } from '../tenancy/apply-tenants';
import type { LocalOidc } from '@conduct/api/testing/local-oidc';
import { startProductionOidc, type ProductionOidc } from '@conduct/api/testing/production-oidc';
import type { TestApi } from '@conduct/api/testing/test-api';

/**
 * RELIABILITY target 14, the operator's side of four eyes (issue 14), in
 * production mode with local OIDC providers for the platform and the council:
 * an operator cannot approve or grant anything in a council through the
 * council's own mutations; only the explicit break-glass mutations do it, each
 * with a reason, recorded in the council's own chain and noticed to its tenant
 * admins. The reason (free text) is kept in the platform's operator log; the
 * council's chain, which holds ids only, names the log entry. Reactivating someone who holds a deciding role waits for a second
 * admin as a grant does.
 */
describe('operator break-glass and reactivation', () => {
  let oidc: ProductionOidc;
  let api: TestApi;
  let council: LocalOidc;
  let platform: LocalOidc;
  let maidstone: string;
  let adminA: string;
  let adminB: string;
  let ops: string;
  const REASON = 'INC-4711: both tenant admins are on leave; approved by the council’s SIRO';

  beforeAll(async () => {
    oidc = await startProductionOidc(
      'https://login.microsoftonline.com/33333333-3333-3333-3333-333333333333/v2.0',
    );
    ({ api, council, platform, maidstone } = oidc);
    adminA = await council.token('oid-a', { email: 'admin@maidstone.example', xms_edov: true });
    ops = await platform.token('oid-ops');
  });
  afterAll(() => oidc.close());

  const userId = async (email: string) =>
    (
      (await api.owner.query(`select id from app_user where email = $1`, [email])) as {
        id: string;
      }[]
    )[0]!.id;
  const user = async (id: string) =>
    (
      (await api.owner.query(`select roles, active from app_user where id = $1`, [id])) as {
        roles: string[];
        active: boolean;
      }[]
    )[0]!;
  const events = async (action: string) =>
    (await api.owner.query(
      `select payload from audit_event where tenant_id = $1 and action = $2 order by seq`,
      [maidstone, action],
    )) as { payload: Record<string, unknown> }[];
  const notices = async () =>
    Number(
      (
        await api.owner.query(
          `select count(*) from notification where tenant_id = $1 and kind = 'break-glass'`,
          [maidstone],
        )
      )[0].count,
    );
  /** The council's audit events and notices whose text holds `needle`. */
  const councilRowsHolding = async (needle: string) => {
    const count = async (sql: string) =>
      Number((await api.owner.query(sql, [maidstone, `%${needle}%`]))[0].count);
    return {
      audit: await count(
        `select count(*) from audit_event where tenant_id = $1 and payload::text like $2`,
      ),
      notices: await count(
        `select count(*) from notification where tenant_id = $1 and (title || body) like $2`,
      ),
    };
  };
  type Staff = {
    id: string;
    roles: string[];
    active: boolean;
    pendingChangeIds: string[];
    reactivationPending: boolean;
  };
  const STAFF = 'id roles active pendingChangeIds reactivationPending';
  const assign = (token: string, u: string, roles: string[]) =>
    api.gql<{ assignRoles: Staff }>(
      `mutation($u: ID!, $r: [String!]!) { assignRoles(userId: $u, roles: $r) { ${STAFF} } }`,
      { u, r: roles },
      token,
    );
  const approveChange = (token: string, requestId: string, reason: string) =>
    api.gql<{ breakGlassApproveStaffChange: Staff }>(
      `mutation($t: ID!, $r: ID!, $why: String!) {
        breakGlassApproveStaffChange(tenantId: $t, requestId: $r, reason: $why) { ${STAFF} } }`,
      { t: maidstone, r: requestId, why: reason },
      token,
    );

  it('an operator approves a waiting grant only through break-glass, with a reason, audited and noticed', async () => {
    const officer = await userId('officer-2@maidstone.example');
    const requested = await assign(adminA, officer, ['officer', 'head-of-policy']);
    expect(requested.data?.assignRoles.roles).toEqual(['officer']);
    const [requestId] = requested.data!.assignRoles.pendingChangeIds;

    // The council's own mutations refuse an operator: no silent approval.
    const direct = await assign(ops, officer, ['officer', 'head-of-policy']);
    expect(direct.data ?? null).toBeNull();
    expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(direct.errors?.[0]?.extensions?.code);
    // Break-glass without a real reason is refused, naming the field; nothing changes.
    const bare = await approveChange(ops, requestId!, 'ok');
    expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    // Tenant staff cannot call break-glass.
    const byAdmin = await approveChange(adminA, requestId!, REASON);
    expect(byAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await user(officer)).roles).toEqual(['officer']);
    expect(await notices()).toBe(0);

    const done = await approveChange(ops, requestId!, REASON);
    expect(done.errors).toBeUndefined();
    expect((await user(officer)).roles).toEqual(['officer', 'head-of-policy']);
    const [used] = await events('break-glass.used');
    expect(used!.payload).toMatchObject({ act: 'staff-change-approved', via: 'break-glass' });
    expect(used!.payload).not.toHaveProperty('reason');
    const assigned = (await events('user.roles-assigned')).at(-1)!;
    expect(assigned.payload).toMatchObject({
      via: 'break-glass',
      after: ['officer', 'head-of-policy'],
    });
    expect(await notices()).toBe(1);
    // The reason is in the platform's operator log; the council's chain names the entry by id only.
    const [logged] = await api.owner.query(
      `select id, action, reason from operator_event where action like 'tenant.break-glass.%'`,
    );
    expect(logged).toMatchObject({
      action: 'tenant.break-glass.staff-change-approved',
      reason: REASON,
    });
    expect(used!.payload.operatorLogEntryId).toBe(logged.id);
    expect(await councilRowsHolding('INC-4711')).toEqual({ audit: 0, notices: 0 });
    // The same request cannot be approved twice.
    expect((await approveChange(ops, requestId!, REASON)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
  });

  it('an operator grants a role only through break-glass', async () => {
    const hos = await userId('head-of-service@maidstone.example');
    const grant = (reason: string) =>
      api.gql<{ breakGlassAssignRoles: Staff }>(
        `mutation($t: ID!, $u: ID!, $why: String!) {
          breakGlassAssignRoles(tenantId: $t, userId: $u, roles: ["head-of-service", "tenant-admin"], reason: $why) { roles } }`,
        { t: maidstone, u: hos, why: reason },
        ops,
      );
    expect((await grant('')).errors?.[0]?.extensions?.field).toBe('reason');
    expect((await user(hos)).roles).toEqual(['head-of-service']);
    expect((await grant(REASON)).data?.breakGlassAssignRoles.roles).toEqual([
      'head-of-service',
      'tenant-admin',
    ]);
    expect((await events('break-glass.used')).at(-1)!.payload.act).toBe('roles-assigned');
    expect(await councilRowsHolding('INC-4711')).toEqual({ audit: 0, notices: 0 });
    expect(await notices()).toBe(1 + 2); // two admins now, each noticed of the second use
  });

  it('a policy activation waiting for a second admin is approved by break-glass, never by the operator alone', async () => {
    adminB = await council.token('oid-hos', {
      email: 'head-of-service@maidstone.example',
      xms_edov: true,
    });
    const text = readFileSync(join(TENANTS_DIR, 'maidstone', 'policy.yaml'), 'utf8');
    const draft = await api.gql<{ createPolicyDraft: { id: string } }>(
      `mutation($i: PolicyDraftInput!) { createPolicyDraft(input: $i) { id } }`,
      { i: { text } },
      adminA,
    );
    const id = draft.data!.createPolicyDraft.id;
    const approve = () =>
      api.gql<{ breakGlassApprovePolicyActivation: { status: string } }>(
        `mutation($t: ID!, $v: ID!, $why: String!) {
          breakGlassApprovePolicyActivation(tenantId: $t, versionId: $v, reason: $why) { status } }`,
        { t: maidstone, v: id, why: REASON },
        ops,
      );
    // Nobody asked for it: an operator cannot activate a draft of their own accord.
    expect((await approve()).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const activate = (t: string) =>
      api.gql<{ activatePolicyVersion: { status: string } }>(
        `mutation($id: ID!) { activatePolicyVersion(id: $id) { status } }`,
        { id },
        t,
      );
    expect((await activate(ops)).errors?.[0]?.extensions?.code).toMatch(
      /FORBIDDEN|UNAUTHENTICATED/,
    );
    expect((await activate(adminA)).data?.activatePolicyVersion.status).toBe('draft');
    expect((await approve()).data?.breakGlassApprovePolicyActivation.status).toBe('active');
    expect((await events('policy.activated')).at(-1)!.payload).toMatchObject({
      via: 'break-glass',
    });
    expect((await verifyAuditChain(api.owner.manager, maidstone)).ok).toBe(true);
  });

  it('reactivating someone who holds a deciding role waits for a second admin', async () => {
    const hop = await userId('head-of-policy@maidstone.example');
    const officer = await userId('officer@maidstone.example');
    const call = (t: string, op: 'deactivateUser' | 'reactivateUser', u: string) =>
      api.gql<Record<string, Staff>>(
        `mutation($u: ID!) { ${op}(userId: $u) { ${STAFF} } }`,
        { u },
        t,
      );

    for (const u of [hop, officer]) await call(adminA, 'deactivateUser', u);
    expect((await user(hop)).active).toBe(false);
    // An officer (no deciding role) comes back at once.
    expect((await call(adminA, 'reactivateUser', officer)).data?.reactivateUser?.active).toBe(true);
    // The Head of Policy waits; the requester cannot approve it alone.
    const first = await call(adminA, 'reactivateUser', hop);
    expect(first.data?.reactivateUser).toMatchObject({ active: false, reactivationPending: true });
    const again = await call(adminA, 'reactivateUser', hop);
    expect(again.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await user(hop)).active).toBe(false);
    expect((await events('refused.user.reactivate-approval')).length).toBe(1);
    // A second admin approves.
    const approved = await call(adminB, 'reactivateUser', hop);
    expect(approved.data?.reactivateUser?.active).toBe(true);
    expect((await events('user.reactivated')).at(-1)!.payload).toMatchObject({
      approvedBy: await userId('head-of-service@maidstone.example'),
    });
  });
});
