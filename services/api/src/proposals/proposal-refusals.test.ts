import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import {
  ACT,
  ATTEST,
  Casework,
  MARK_SENT,
  PROPOSE,
  section,
  violation,
  type Outcome,
} from '@conduct/api/testing/proposals/casework.testkit';

const LONDON_CHECKS = [
  'safeguarding-considered',
  'existing-support-contacted',
  'complaint-properly-handled',
  'alternatives-tried',
  'sufficient-examples-seen',
];
/** London §6: staff confirm the checks; the senior manager has seen sufficient examples. */
async function attestLondon(london: Casework, caseId: string): Promise<void> {
  await london.attest('officer', caseId, ...LONDON_CHECKS.slice(0, -1));
  await london.attest('director', caseId, 'sufficient-examples-seen');
}

/** A London warning on a fresh case, citing the conduct it is about. */
async function londonWarning(london: Casework): Promise<{
  ids: { customerId: string; caseId: string };
  warned: Outcome;
}> {
  const ids = await london.openCase();
  const abuse = await london.logContact('officer', ids, 'telephone', ['abuse-of-staff']);
  await london.attest('officer', ids.caseId, 'safeguarding-considered');
  await london.attest('director', ids.caseId, 'sufficient-examples-seen');
  const warn = await london.propose('officer', {
    caseId: ids.caseId,
    toStage: 'warning',
    rationale: 'abusive calls.',
    evidenceContactIds: [abuse],
  });
  return { ids, warned: await london.approve('director', warn) };
}

const CONTACT_POINT = {
  type: 'designated-contact-point',
  parametersJson: '{"contactPoint":"contact@council.example"}',
};

describe('what the policy refuses, and what never gets written', () => {
  let api: TestApi;
  let london: Casework;
  let maidstone: Casework;
  let southampton: Casework;

  beforeAll(async () => {
    api = await startTestApi();
    london = new Casework(api, 'london-borough');
    maidstone = new Casework(api, 'maidstone');
    southampton = new Casework(api, 'southampton');
  });
  afterAll(() => api.close());

  it('says which moves are open, to whom, and what is still missing', async () => {
    const ids = await london.openCase();
    const query = `query($id: ID!) { availableActions(caseId: $id) {
      transitionKey toStage allowed nextStep reasons { code message }
      whoMayAct { key label } deputies { key } proposalId isSkip
      requiredChecks { key done } requiredConsultations { key done } } }`;
    type Actions = {
      availableActions: {
        transitionKey: string;
        allowed: boolean;
        nextStep: string;
        reasons: { code: string; message: string }[];
        whoMayAct: { key: string; label: string }[];
        deputies: { key: string }[];
        proposalId: string | null;
        isSkip: boolean;
        requiredChecks: { key: string; done: boolean }[];
      }[];
    };
    const asOfficer = await london.ok<Actions>('officer', query, { id: ids.caseId });
    const warn = asOfficer.availableActions.find((a) => a.transitionKey === 'issue-warning')!;
    expect(warn).toMatchObject({
      allowed: true,
      nextStep: 'propose',
      whoMayAct: [{ key: 'officer' }],
    });
    const skip = asOfficer.availableActions.find(
      (a) => a.transitionKey === 'restrict-without-warning',
    )!;
    expect(skip.allowed).toBe(false);
    expect(skip.isSkip).toBe(true);
    expect(skip.reasons.map((r) => r.code).sort()).toEqual(['SKIP_NOT_JUSTIFIED', 'WRONG_ROLE']);

    const abuse = await london.logContact('officer', ids, 'telephone', ['abuse-of-staff']);
    await london.attest('officer', ids.caseId, 'safeguarding-considered');
    const proposalId = await london.propose('officer', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'abusive calls.',
      evidenceContactIds: [abuse],
    });
    const asDirector = await london.ok<Actions>('director', query, { id: ids.caseId });
    const next = asDirector.availableActions.find((a) => a.transitionKey === 'issue-warning')!;
    expect(next).toMatchObject({
      nextStep: 'decide',
      proposalId,
      allowed: false,
      whoMayAct: [{ key: 'director' }, { key: 'assistant-director' }],
    });
    expect(next.reasons.map((r) => r.code)).toEqual(['CHECK_MISSING']);
    expect(next.requiredChecks).toEqual([
      { key: 'safeguarding-considered', done: true },
      { key: 'sufficient-examples-seen', done: false },
    ]);
    // The same through the case.
    const viaCase = await london.ok<{ case: { availableActions: { transitionKey: string }[] } }>(
      'director',
      `query($id: ID!) { case(id: $id) { availableActions { transitionKey } openProposal { id steps { action } } } }`,
      { id: ids.caseId },
    );
    expect(viaCase.case.availableActions).toHaveLength(2);
  });

  it('refuses the wrong role, with the reason in words', async () => {
    const ids = await maidstone.openCase();
    const res = await maidstone.gql('officer', PROPOSE, {
      input: { caseId: ids.caseId, toStage: 'warning', rationale: 'repeated enquiries.' },
    });
    expect(violation(res)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    expect(res.errors?.[0]?.message).toMatch(/Only the Manager or the Head of Service may propose/);

    const proposalId = await maidstone.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'repeated enquiries.',
    });
    const byHead = await maidstone.act('head-of-service', proposalId, 'APPROVE');
    expect(violation(byHead).reasons).toEqual(['WRONG_ROLE']);
  });

  it('refuses self-approval, except where the policy names a single decider', async () => {
    // Cheshire §6: a senior manager may propose or decide stage 1, but not both.
    const cheshire = new Casework(api, 'cheshire-west-and-chester');
    const cids = await cheshire.openCase();
    await cheshire.attest(
      'senior-manager',
      cids.caseId,
      'adjustments-considered',
      'service-advised-by-crt',
    );
    const stage1 = await cheshire.propose('senior-manager', {
      caseId: cids.caseId,
      toStage: 'stage-1',
      rationale: 'you have shouted at staff on several calls.',
      restrictions: [{ type: 'contact-agreement', parametersJson: '{"terms":"No shouting."}' }],
    });
    const res = await cheshire.act('senior-manager', stage1, 'APPROVE');
    expect(violation(res)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['SELF_APPROVAL'] });

    // Southampton's local resolution is `decidedAlone`: the service manager proposes and decides.
    const ids = await southampton.openCase();
    const proposalId = await southampton.propose('service-manager', {
      caseId: ids.caseId,
      toStage: 'local-resolution',
      rationale: 'too many calls.',
      restrictions: [{ type: 'scheduled-contact', parametersJson: '{"frequency":"weekly"}' }],
      durationMonths: 2,
    });
    const alone = await southampton.approve('service-manager', proposalId);
    const manager = await southampton.userId('service-manager');
    expect(alone.case.stage).toBe('local-resolution');
    expect(alone.decision.participants).toEqual([
      { userId: manager, role: 'service-manager', step: 'propose' },
      { userId: manager, role: 'service-manager', step: 'decide' },
    ]);
  });

  it('refuses a decision before the pre-action checks are attested (Maidstone §6.2)', async () => {
    const ids = await maidstone.openCase();
    const warn = await maidstone.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'repeated enquiries.',
    });
    const warned = await maidstone.approve('head-of-policy', warn);
    // §6.2 names the Head of Policy as the one to be satisfied; a manager may not confirm.
    const byManager = await maidstone.gql('manager', ATTEST, {
      input: { caseId: ids.caseId, checkKey: 'investigated-properly', note: 'Looked into.' },
    });
    expect(violation(byManager)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    maidstone.later();
    const since = await maidstone.continued(ids, {
      letterId: warned.letter?.id,
      conduct: { channel: 'telephone', categories: ['repeat-enquiries'] },
      attest: { by: 'head-of-policy', checks: ['investigated-properly'] },
    });
    const apply = await maidstone.propose('manager', {
      caseId: ids.caseId,
      toStage: 'policy-applied',
      rationale: 'they continued.',
      evidenceContactIds: [since],
      restrictions: [{ type: 'single-point-of-contact', parametersJson: '{"officer":"Jo"}' }],
    });
    const res = await maidstone.act('head-of-policy', apply, 'APPROVE');
    expect(violation(res)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['CHECK_MISSING', 'CHECK_MISSING', 'CHECK_MISSING'],
    });
    expect(res.errors?.[0]?.message).toContain(
      'Before deciding, someone must confirm: Communications with the customer have been adequate.',
    );
  });

  it('refuses the CRM’s decision until Legal has been consulted (Southampton)', async () => {
    const ids = await southampton.openCase();
    const local = await southampton.propose('officer', {
      caseId: ids.caseId,
      toStage: 'local-resolution',
      rationale: 'too many calls.',
      restrictions: [{ type: 'scheduled-contact', parametersJson: '{"frequency":"weekly"}' }],
      durationMonths: 2,
    });
    const resolved = await southampton.approve('service-manager', local);
    southampton.later();
    const continued = await southampton.continued(ids, {
      letterId: resolved.letter?.id,
      conduct: { channel: 'telephone', categories: ['excessive-demands'] },
      attest: {
        by: 'service-manager',
        checks: [
          'genuine-needs-distinguished',
          'local-resolution-attempted',
          'log-sheets-kept',
          'evidence-provided',
          'other-areas-identified',
        ],
      },
    });
    const refer = await southampton.propose('service-manager', {
      caseId: ids.caseId,
      toStage: 'restriction',
      rationale: 'calls continued.',
      evidenceContactIds: [continued],
      restrictions: [{ type: 'significant-queries-only' }],
      durationMonths: 6,
    });
    const res = await southampton.act('complaints-resolution-manager', refer, 'APPROVE');
    expect(violation(res)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['CONSULTATION_MISSING'] });
    expect(res.errors?.[0]?.message).toContain('Head of Service, Legal Services Partnership');
    const bad = await southampton.gql(
      'officer',
      `mutation($input: RecordConsultationInput!) {
      recordConsultation(input: $input) { id } }`,
      {
        input: { caseId: ids.caseId, consultee: 'the-pope', note: 'x' },
      },
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.consultee',
    });
  });

  it('lets a Director stand in for an absent Chief Executive only if not involved in the warning (London §7)', async () => {
    const { ids, warned } = await londonWarning(london);
    london.later();
    const continued = await london.continued(ids, {
      letterId: warned.letter?.id,
      conduct: { channel: 'telephone', categories: ['abuse-of-staff'] },
      attest: { by: 'assistant-director', checks: LONDON_CHECKS },
    });
    const restrict = await london.propose('assistant-director', {
      caseId: ids.caseId,
      toStage: 'restriction',
      rationale: 'abuse continued.',
      evidenceContactIds: [continued],
      restrictions: [CONTACT_POINT],
      indefinite: true,
    });
    await london.consult('assistant-director', ids.caseId, 'director-of-corporate-services');
    // The Chief Executive is not recorded as unavailable: no Director may stand in.
    const notAbsent = await london.act('director-2', restrict, 'APPROVE');
    expect(violation(notAbsent).reasons).toEqual(['DEPUTY_NOT_ALLOWED']);
    // Director A decided the warning.
    const involved = await london.act('director', restrict, 'APPROVE', {
      principalUnavailable: true,
    });
    expect(violation(involved)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['INDEPENDENCE'] });
    expect(involved.errors?.[0]?.message).toContain('not involved in any previous decision');
    // The refusal rolled back the "unavailable" flag too.
    const [row] = (await api.owner.query(
      'select principal_unavailable from proposal where id = $1',
      [restrict],
    )) as { principal_unavailable: boolean }[];
    expect(row?.principal_unavailable).toBe(false);

    const outcome = await london.approve('director-2', restrict, { principalUnavailable: true });
    expect(outcome.case.stage).toBe('restriction');
    expect(outcome.decision.participants.at(-1)).toEqual({
      userId: await london.userId('director-2'),
      role: 'director',
      step: 'decide',
    });
    // The letter names who decided: the deputy, not the Chief Executive (§7, `{{decidedBy}}`).
    expect(section(outcome, 'why')).toContain('the Director has decided');
    expect(section(outcome, 'why')).not.toContain('Chief Executive');
    // Indefinite: no end date, reviewed annually (§9).
    expect(outcome.restrictions[0]?.endsAt).toBeNull();
    const decidedAt = api.clock.now();
    const year = new Date(decidedAt);
    year.setUTCFullYear(year.getUTCFullYear() + 1);
    expect(outcome.case.reviewDueAt).toBe(year.toISOString());
    expect(outcome.letter?.sections.find((s) => s.key === 'how-long')?.text).toContain(
      'with no fixed end date',
    );
    await london.auditChainOk();
  });

  it('goes straight to restriction only where the policy allows it for severe conduct', async () => {
    const ids = await london.openCase();
    await attestLondon(london, ids.caseId);
    const input = {
      caseId: ids.caseId,
      toStage: 'restriction',
      rationale: 'you threatened a member of staff.',
      restrictions: [CONTACT_POINT],
      durationMonths: 6,
    };
    const refused = await london.gql('director', PROPOSE, { input });
    expect(violation(refused)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['SKIP_NOT_JUSTIFIED'],
    });
    await london.logContact('officer', ids, 'in-person', ['threats-or-violence'], 'extreme');
    const proposalId = await london.propose('director', input);
    await london.consult('director', ids.caseId, 'director-of-corporate-services');
    const outcome = await london.approve('chief-executive', proposalId);
    expect(outcome.decision).toMatchObject({
      transitionKey: 'restrict-without-warning',
      fromStage: 'concern',
      toStage: 'restriction',
    });

    // Maidstone §6.3: a warning always comes first; there is no way straight to the policy.
    const mids = await maidstone.openCase();
    await maidstone.logContact('officer', mids, 'face-to-face', ['threats'], 'extreme');
    const noSkip = await maidstone.gql('manager', PROPOSE, {
      input: {
        caseId: mids.caseId,
        toStage: 'policy-applied',
        rationale: 'threats.',
        restrictions: [{ type: 'single-point-of-contact', parametersJson: '{"officer":"Jo"}' }],
      },
    });
    expect(violation(noSkip)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['NO_SUCH_TRANSITION'],
    });
  });

  it('rejects a proposal without moving the case', async () => {
    const ids = await maidstone.openCase();
    const warn = await maidstone.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'repeated enquiries.',
    });
    const res = await maidstone.act('head-of-policy', warn, 'REJECT');
    expect(res.errors).toBeUndefined();
    expect(res.data?.actOnProposal).toMatchObject({
      proposal: { status: 'rejected' },
      step: { action: 'reject', step: 'decide', role: 'head-of-policy' },
      outcome: null,
    });
    const after = await maidstone.ok<{ case: { stage: string; openProposal: null } }>(
      'officer',
      `query($id: ID!) { case(id: $id) { stage openProposal { id } } }`,
      { id: ids.caseId },
    );
    expect(after.case).toEqual({ stage: 'concern', openProposal: null });
    const again = await maidstone.act('head-of-policy', warn, 'APPROVE');
    expect(violation(again).reasons).toEqual(['PROPOSAL_FINISHED']);
    // A fresh proposal may be made.
    await maidstone.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'repeated enquiries, again.',
    });
  });

  it('lets only the proposer withdraw an open proposal, with reasons, leaving the case where it was', async () => {
    const WITHDRAW = `mutation($input: WithdrawProposalInput!) {
      withdrawProposal(input: $input) {
        proposal { status closedAt steps { position action role note } }
        step { action note } outcome { case { id } } } }`;
    type Withdrawn = {
      withdrawProposal: {
        proposal: { status: string; steps: { position: number; action: string; note: string }[] };
        step: { action: string; note: string };
        outcome: null;
      };
    };
    const ids = await maidstone.openCase();
    const warn = await maidstone.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'repeated enquiries.',
    });
    const input = { proposalId: warn, reason: 'The customer has since apologised.' };
    const writes = () =>
      api.owner.query(
        `select (select count(*) from proposal_step where proposal_id = $1)::int steps,
                (select count(*) from audit_event where entity_id = $1)::int events`,
        [warn],
      );
    const before = await writes();
    const byDecider = await maidstone.gql('head-of-policy', WITHDRAW, { input });
    expect(violation(byDecider)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['NOT_PROPOSER'] });
    expect(await writes()).toEqual(before);

    const done = await maidstone.ok<Withdrawn>('manager', WITHDRAW, { input });
    expect(done.withdrawProposal).toMatchObject({
      proposal: { status: 'withdrawn' },
      step: { action: 'withdraw', note: input.reason },
      outcome: null,
    });
    expect(done.withdrawProposal.proposal.steps.map((x) => x.action)).toEqual([
      'propose',
      'withdraw',
    ]);
    const [event] = (await api.owner.query(
      `select payload from audit_event where entity_id = $1 and action = 'proposal.withdrawn'`,
      [warn],
    )) as { payload: Record<string, unknown> }[];
    expect(JSON.stringify(event!.payload)).not.toContain('apologised');
    const after = await maidstone.ok<{ case: { stage: string; openProposal: null } }>(
      'officer',
      `query($id: ID!) { case(id: $id) { stage openProposal { id } } }`,
      { id: ids.caseId },
    );
    expect(after.case).toEqual({ stage: 'concern', openProposal: null });
    expect(violation(await maidstone.gql('manager', WITHDRAW, { input })).reasons).toEqual([
      'PROPOSAL_FINISHED',
    ]);
    expect(violation(await maidstone.act('head-of-policy', warn, 'APPROVE')).reasons).toEqual([
      'PROPOSAL_FINISHED',
    ]);
    await maidstone.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'repeated enquiries resumed.',
    });
  });

  it('closes the case when the move leads to a closed stage, ending nothing it did not impose', async () => {
    const { ids } = await londonWarning(london);
    api.clock.advanceDays(30);
    const close = await london.propose('head-of-customer-engagement', {
      caseId: ids.caseId,
      toStage: 'closed',
      rationale: 'the conduct has stopped.',
    });
    const closed = await london.approve('director', close);
    expect(closed.case).toMatchObject({
      stage: 'closed',
      status: 'closed',
      reviewDueAt: null,
    });
    // The policy names no letter and no one to tell for closing a warning.
    expect(closed.letter).toBeNull();
    expect(closed.disseminations).toEqual([]);
    const [row] = (await api.owner.query(
      'select status, closed_at, review_due_at from managed_case where id = $1',
      [ids.caseId],
    )) as { status: string; closed_at: Date; review_due_at: Date | null }[];
    expect(row).toEqual({ status: 'closed', closed_at: api.clock.now(), review_due_at: null });
  });

  it('refuses measures outside the catalogue or with wrong parameters', async () => {
    const ids = await maidstone.openCase();
    const warn = await maidstone.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'x.',
    });
    await maidstone.approve('head-of-policy', warn);
    const res = await maidstone.gql('manager', PROPOSE, {
      input: {
        caseId: ids.caseId,
        toStage: 'policy-applied',
        rationale: 'y.',
        restrictions: [
          { type: 'building-ban' },
          { type: 'call-time-limit', parameters: [{ name: 'minutes', text: 'ten' }] },
        ],
        durationMonths: 6,
      },
    });
    expect(violation(res)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['UNKNOWN_RESTRICTION', 'RESTRICTION_PARAMETERS', 'DURATION_TOO_LONG'],
    });
  });

  it('answers malformed input with BAD_USER_INPUT and writes nothing', async () => {
    const ids = await london.openCase();
    const count = async () =>
      (await api.owner.query(`select
        (select count(*) from proposal)::int as proposals,
        (select count(*) from proposal_step)::int as steps,
        (select count(*) from decision)::int as decisions,
        (select count(*) from letter)::int as letters,
        (select count(*) from restriction)::int as restrictions,
        (select count(*) from consultation)::int as consultations,
        (select count(*) from audit_event)::int as audit`)) as unknown[];
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ caseId: 'not-a-uuid', toStage: 'warning', rationale: 'x' }, 'input.caseId'],
      [{ caseId: ids.caseId, toStage: 'Warning!', rationale: 'x' }, 'input.toStage'],
      [{ caseId: ids.caseId, toStage: 'warning', rationale: '   ' }, 'input.rationale'],
      [
        { caseId: ids.caseId, toStage: 'warning', rationale: 'x', durationMonths: 0 },
        'input.durationMonths',
      ],
      [
        {
          caseId: ids.caseId,
          toStage: 'warning',
          rationale: 'x',
          durationMonths: 3,
          indefinite: true,
        },
        'input.indefinite',
      ],
      [
        {
          caseId: ids.caseId,
          toStage: 'warning',
          rationale: 'x',
          restrictions: [{ type: 'building-ban', parametersJson: '{not json' }],
        },
        'input.restrictions.0.parametersJson',
      ],
      [
        {
          caseId: ids.caseId,
          toStage: 'warning',
          rationale: 'x',
          restrictions: [{ type: 'building-ban', parametersJson: '[1,2]' }],
        },
        'input.restrictions.0.parametersJson',
      ],
      [
        {
          caseId: ids.caseId,
          toStage: 'warning',
          rationale: 'x',
          restrictions: [
            { type: 'building-ban', parameters: [{ name: 'x', text: 'a', number: 2 }] },
          ],
        },
        'input.restrictions.0.parameters.0',
      ],
      [
        {
          caseId: ids.caseId,
          toStage: 'warning',
          rationale: 'x',
          evidenceContactIds: ['00000000-0000-4000-8000-000000000000'],
        },
        'input.evidenceContactIds',
      ],
      // PostgreSQL text cannot hold NUL: refused as input, not as a failed write.
      [{ caseId: ids.caseId, toStage: 'warning', rationale: 'x\u0000y' }, 'input.rationale'],
    ];
    for (const [input, field] of cases) {
      const res = await london.gql('officer', PROPOSE, { input });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const badAct = await london.gql('director', ACT, {
      input: { proposalId: 'nope', action: 'APPROVE', note: 'x', expectedCaseVersion: 0 },
    });
    expect(badAct.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.proposalId',
    });
    const noNote = await london.gql('director', ACT, {
      input: {
        proposalId: '00000000-0000-4000-8000-000000000000',
        action: 'APPROVE',
        note: ' ',
        expectedCaseVersion: 0,
      },
    });
    expect(noNote.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.note',
    });
    const badLetter = await london.gql('officer', MARK_SENT, { id: '123' });
    expect(badLetter.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'letterId',
    });
    expect(await count()).toEqual(before);
  });

  it('answers another council’s proposal or letter id exactly like a missing one', async () => {
    const ids = await maidstone.openCase();
    const warn = await maidstone.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'repeated enquiries.',
    });
    const outcome = await maidstone.approve('head-of-policy', warn);
    const letterId = outcome.letter!.id;
    const missing = '00000000-0000-4000-8000-000000000000';

    const foreignAct = await london.act('director', warn, 'APPROVE');
    const missingAct = await london.act('director', missing, 'APPROVE');
    expect(violation(foreignAct).code).toBe('NOT_FOUND');
    expect(foreignAct.errors?.[0]?.message).toBe(missingAct.errors?.[0]?.message);

    const foreignSend = await london.gql('officer', MARK_SENT, { id: letterId });
    const missingSend = await london.gql('officer', MARK_SENT, { id: missing });
    expect(violation(foreignSend).code).toBe('NOT_FOUND');
    expect(foreignSend.errors?.[0]?.message).toBe(missingSend.errors?.[0]?.message);

    const foreignRead = await london.gql('officer', `query($id: ID!) { letter(id: $id) { id } }`, {
      id: letterId,
    });
    expect(violation(foreignRead).code).toBe('NOT_FOUND');
    const foreignProposal = await london.gql(
      'officer',
      `query($id: ID!) { proposal(id: $id) { id } }`,
      {
        id: warn,
      },
    );
    expect(violation(foreignProposal).code).toBe('NOT_FOUND');
    const foreignActions = await london.gql(
      'officer',
      `query($id: ID!) { availableActions(caseId: $id) { transitionKey } }`,
      { id: ids.caseId },
    );
    expect(violation(foreignActions).code).toBe('NOT_FOUND');

    const [letter] = (await api.owner.query('select status from letter where id = $1', [
      letterId,
    ])) as { status: string }[];
    expect(letter?.status).toBe('draft');
    await maidstone.auditChainOk();
    await london.auditChainOk();
  });
});
