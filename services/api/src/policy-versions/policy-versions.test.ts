import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addMonths } from '@conduct/policy';
import { TENANTS_DIR } from '../tenancy/apply-tenants';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

const SLUG = 'cheshire-west-and-chester';
const source = readFileSync(join(TENANTS_DIR, SLUG, 'policy.yaml'), 'utf8');
/** Cheshire's policy with stage 2 reviewed every 3 months instead of 6. */
const threeMonthly = (() => {
  const [head, tail] = source.split('\n  stage-2:\n');
  return `${head}\n  stage-2:\n${tail!.replace('everyMonths: 6', 'everyMonths: 3')}`;
})();

type Version = {
  id: string;
  version: number;
  status: string;
  awaitingApproval: boolean;
  approvedBy: string | null;
};
const VERSION = 'id version status awaitingApproval approvedBy';

describe('policy versions', () => {
  let api: TestApi;
  let admin: string;
  let officer: string;
  const stageEnteredAt = new Date('2026-01-05T09:00:00Z');

  beforeAll(async () => {
    api = await startTestApi();
    admin = await api.token(SLUG, `admin@${SLUG}.example`);
    officer = await api.token(SLUG, `officer@${SLUG}.example`);
  });
  afterAll(() => api.close());

  async function openCaseAtStage2(): Promise<string> {
    const customer = await api.gql<{ createCustomer: { id: string } }>(
      `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`,
      { i: { fullName: 'A Customer' } },
      officer,
    );
    const opened = await api.gql<{ openCase: { id: string } }>(
      `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`,
      { i: { customerId: customer.data!.createCustomer.id } },
      officer,
    );
    const id = opened.data!.openCase.id;
    // As a stage-2 decision under version 1 would leave it: reviewed 6-monthly.
    await api.owner.query(
      `update managed_case set stage = 'stage-2', stage_entered_at = $2, review_due_at = $3 where id = $1`,
      [id, stageEnteredAt, addMonths(stageEnteredAt, 6)],
    );
    return id;
  }

  const casePolicy = async (caseId: string) =>
    (
      await api.gql<{
        casePolicy: { policyVersion: number; reviewEveryMonths: number; reviewDueAt: string };
      }>(
        `query($c: ID!) { casePolicy(caseId: $c) { policyVersion reviewEveryMonths reviewDueAt } }`,
        { c: caseId },
        admin,
      )
    ).data!.casePolicy;

  const createDraft = (text: string, token = admin) =>
    api.gql<{ createPolicyDraft: Version }>(
      `mutation($i: PolicyDraftInput!) { createPolicyDraft(input: $i) { ${VERSION} } }`,
      { i: { text } },
      token,
    );
  const activate = (id: string, token: string) =>
    api.gql<{ activatePolicyVersion: Version }>(
      `mutation($id: ID!) { activatePolicyVersion(id: $id) { ${VERSION} } }`,
      { id },
      token,
    );

  it('reports a draft’s errors with path, line and message, and refuses to activate it', async () => {
    const draft = await createDraft(
      source.replace('initialStage: concern', 'initialStage: nowhere'),
    );
    expect(draft.errors).toBeUndefined();
    const { id } = draft.data!.createPolicyDraft;
    const check = await api.gql<{
      validatePolicyDraft: {
        valid: boolean;
        errors: { path: string; line: number; message: string }[];
      };
    }>(
      `query($id: ID!) { validatePolicyDraft(id: $id) { valid errors { path line message } } }`,
      { id },
      admin,
    );
    expect(check.data!.validatePolicyDraft.valid).toBe(false);
    const issue = check.data!.validatePolicyDraft.errors.find((e) => e.path === 'initialStage');
    expect(issue).toEqual({
      path: 'initialStage',
      line: expect.any(Number),
      message: expect.stringContaining('nowhere'),
    });
    const refused = await activate(id, admin);
    expect(refused.errors?.[0]?.extensions?.code).toBe('POLICY_VIOLATION');
    const versions = await api.owner.query(`select status from policy_version where id = $1`, [id]);
    expect(versions[0].status).toBe('draft');
  });

  it('is refused to staff who are not tenant admins', async () => {
    expect((await createDraft(threeMonthly, officer)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it('activates a valid draft after a second admin approves; open cases keep their version, a moved case takes the new one', async () => {
    const kept = await openCaseAtStage2();
    const moved = await openCaseAtStage2();
    expect(await casePolicy(kept)).toEqual({
      policyVersion: 1,
      reviewEveryMonths: 6,
      reviewDueAt: addMonths(stageEnteredAt, 6).toISOString(),
    });

    const draft = (await createDraft(threeMonthly)).data!.createPolicyDraft;
    const diff = await api.gql<{ policyDiff: { description: string }[] }>(
      `query($id: ID!) { policyDiff(id: $id) { path description before after } }`,
      { id: draft.id },
      admin,
    );
    expect(diff.data!.policyDiff.map((c) => c.description)).toEqual([
      'review cadence of stage-2: 6 → 3 months',
    ]);

    // A second tenant admin: from now on activation needs two people.
    const invited = await api.gql<{ inviteUser: { id: string } }>(
      `mutation($i: InviteUserInput!) { inviteUser(input: $i) { id } }`,
      {
        i: {
          email: `admin-2@${SLUG}.example`,
          displayName: 'Second admin',
          roles: ['tenant-admin'],
        },
      },
      admin,
    );
    expect(invited.errors).toBeUndefined();
    const admin2 = await api.token(SLUG, `admin-2@${SLUG}.example`);

    const requested = (await activate(draft.id, admin)).data!.activatePolicyVersion;
    expect(requested).toMatchObject({ status: 'draft', awaitingApproval: true });
    expect((await activate(draft.id, admin)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const active = await activate(draft.id, admin2);
    expect(active.errors).toBeUndefined();
    expect(active.data!.activatePolicyVersion).toMatchObject({
      status: 'active',
      awaitingApproval: false,
      approvedBy: invited.data!.inviteUser.id,
    });

    // The open case stays pinned to version 1 and its 6-monthly reviews.
    expect(await casePolicy(kept)).toEqual({
      policyVersion: 1,
      reviewEveryMonths: 6,
      reviewDueAt: addMonths(stageEnteredAt, 6).toISOString(),
    });
    // Moving is explicit, checked and audited; the moved case takes the 3-month cadence.
    const move = await api.gql<{
      movesCaseToPolicyVersion: {
        policyVersion: number;
        reviewEveryMonths: number;
        reviewDueAt: string;
      };
    }>(
      `mutation($c: ID!, $v: ID!) { movesCaseToPolicyVersion(caseId: $c, policyVersionId: $v) { policyVersion reviewEveryMonths reviewDueAt } }`,
      { c: moved, v: draft.id },
      admin,
    );
    expect(move.errors).toBeUndefined();
    expect(move.data!.movesCaseToPolicyVersion).toEqual({
      policyVersion: draft.version,
      reviewEveryMonths: 3,
      reviewDueAt: addMonths(stageEnteredAt, 3).toISOString(),
    });
    const audit = await api.owner.query(
      `select payload from audit_event where case_id = $1 and action = 'case.policy-version-moved'`,
      [moved],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].payload).toMatchObject({ toPolicyVersionId: draft.id, reviewDueChanged: true });

    // Moving again, or to a superseded version, is refused.
    const [v1] = await api.owner.query(
      `select id from policy_version where tenant_id = $1 and version = 1`,
      [api.tenants[SLUG]],
    );
    const back = await api.gql(
      `mutation($c: ID!, $v: ID!) { movesCaseToPolicyVersion(caseId: $c, policyVersionId: $v) { policyVersion } }`,
      { c: kept, v: v1.id },
      admin,
    );
    expect(back.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // A case opened now is pinned to the new version.
    const fresh = await openCaseAtStage2();
    expect((await casePolicy(fresh)).policyVersion).toBe(draft.version);
  });

  it('never changes an activated version', async () => {
    const [active] = await api.owner.query(
      `select id from policy_version where tenant_id = $1 and status = 'active'`,
      [api.tenants[SLUG]],
    );
    const edit = await api.gql(
      `mutation($id: ID!, $i: PolicyDraftInput!) { updatePolicyDraft(id: $id, input: $i) { id } }`,
      { id: active.id, i: { text: source } },
      admin,
    );
    expect(edit.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // Not even a superuser: the database refuses it.
    await expect(
      api.owner.query(`update policy_version set source_text = 'x' where id = $1`, [active.id]),
    ).rejects.toThrow(/immutable/);
    await expect(
      api.owner.query(`delete from policy_version where id = $1`, [active.id]),
    ).rejects.toThrow(/cannot be deleted/);
  });

  it('answers NOT_FOUND for another council’s version', async () => {
    const [other] = await api.owner.query(`select id from policy_version where tenant_id = $1`, [
      api.tenants.maidstone,
    ]);
    const res = await api.gql(
      `query($id: ID!) { policyVersion(id: $id) { id } }`,
      { id: other.id },
      admin,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
