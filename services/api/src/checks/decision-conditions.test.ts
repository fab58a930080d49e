import { Casework, MARK_SENT, violation } from '@conduct/api/testing/proposals/casework.testkit';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

const ATTEST = `mutation($input: AttestCheckInput!) { attestCheck(input: $input) { checkKey } }`;
const LETTER_OF = `query($id: ID!) { case(id: $id) { letters { id status } } }`;

/** What the engine checks before a decision, over HTTP: who decides, what must be attested and true. */
describe('conditions on a decision', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const later = (iso: string) => api.clock.set(new Date(iso));

  it('Southampton: the service manager decides local resolution alone; four eyes stay elsewhere', async () => {
    later('2026-01-05T09:00:00Z');
    const w = new Casework(api, 'southampton');
    const { caseId } = await w.openCase('service-manager', 'Sol Alone');
    const proposalId = await w.propose('service-manager', {
      caseId,
      toStage: 'local-resolution',
      rationale: 'Daily emails to several teams',
      restrictions: [{ type: 'scheduled-contact', parametersJson: '{"frequency":"fortnightly"}' }],
      durationMonths: 3,
    });
    const outcome = await w.approve('service-manager', proposalId);
    expect(outcome.case.stage).toBe('local-resolution');
    const me = await w.userId('service-manager');
    expect(outcome.decision.participants.map((p) => p.userId)).toEqual([me, me]);

    // Closing after local resolution is not named as one person's: nobody approves their own.
    later('2026-01-20T09:00:00Z');
    const close = await w.propose('service-manager', {
      caseId,
      toStage: 'closed',
      rationale: 'Settled',
    });
    const self = await w.act('service-manager', close, 'APPROVE');
    expect(violation(self)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['SELF_APPROVAL'] });
  });

  it('Maidstone §6.2-6.3: the Head of Policy attests, the warning letter is sent, contacts continued, evidence cited', async () => {
    later('2026-01-05T09:00:00Z');
    const w = new Casework(api, 'maidstone');
    const ids = await w.openCase('officer', 'Morgan Continues');
    const first = await w.logContact('officer', ids, 'telephone', ['repeat-enquiries']);
    const warn = await w.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'Repeated calls',
      evidenceContactIds: [first],
    });
    await w.approve('head-of-policy', warn);
    later('2026-01-06T09:00:00Z');

    // §6.2: "the Head of Policy ... should be satisfied": a manager cannot attest for them.
    const byManager = await w.gql('manager', ATTEST, {
      input: { caseId: ids.caseId, checkKey: 'clear-evidence-base', note: 'Seen' },
    });
    expect(violation(byManager)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    const checks = [
      'investigated-properly',
      'communications-adequate',
      'no-significant-new-information',
      'clear-evidence-base',
    ];
    await w.attest('head-of-policy', ids.caseId, ...checks);
    const twice = await w.gql('head-of-policy', ATTEST, {
      input: { caseId: ids.caseId, checkKey: 'clear-evidence-base', note: 'Again' },
    });
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    later('2026-01-20T09:00:00Z');
    const apply = await w.propose('manager', {
      caseId: ids.caseId,
      toStage: 'policy-applied',
      rationale: 'Calls continue',
      restrictions: [{ type: 'call-time-limit', parametersJson: '{"minutes":10}' }],
    });
    const refused = await w.act('head-of-policy', apply, 'APPROVE');
    expect(violation(refused).reasons.sort()).toEqual([
      'EVIDENCE_INSUFFICIENT',
      'NO_CONDUCT_SINCE_LAST_DECISION',
      'PREVIOUS_LETTER_NOT_SENT',
    ]);
    // Nothing was written by the refusal.
    const stillWarning = await w.ok<{ case: { stage: string } }>(
      'officer',
      `query($id: ID!) { case(id: $id) { stage } }`,
      { id: ids.caseId },
    );
    expect(stillWarning.case.stage).toBe('warning');

    // Put right: the warning letter sent, contacts continued and cited on a new proposal.
    const letters = await w.ok<{ case: { letters: { id: string; status: string }[] } }>(
      'officer',
      LETTER_OF,
      { id: ids.caseId },
    );
    await w.ok('officer', MARK_SENT, { id: letters.case.letters[0]!.id });
    const again = await w.logContact('officer', ids, 'telephone', ['repeat-enquiries']);
    await w.ok(
      'manager',
      `mutation($input: WithdrawProposalInput!) { withdrawProposal(input: $input) { proposal { id } } }`,
      {
        input: { proposalId: apply, reason: 'Evidence to cite' },
      },
    );
    const cited = await w.propose('manager', {
      caseId: ids.caseId,
      toStage: 'policy-applied',
      rationale: 'Calls continue after the warning',
      restrictions: [{ type: 'call-time-limit', parametersJson: '{"minutes":10}' }],
      evidenceContactIds: [first, again],
    });
    const outcome = await w.approve('head-of-policy', cited);
    expect(outcome.case.stage).toBe('policy-applied');
    await w.auditChainOk();
  });

  it('London §6-7: an attestation counts for the decision it was made for, then is given again', async () => {
    later('2026-01-05T09:00:00Z');
    const w = new Casework(api, 'london-borough');
    const ids = await w.openCase('officer', 'Lee Twice');
    const contact = await w.logContact('officer', ids, 'email', ['excessive-contact']);
    const byOfficer = await w.gql('officer', ATTEST, {
      input: { caseId: ids.caseId, checkKey: 'sufficient-examples-seen', note: 'Seen' },
    });
    expect(violation(byOfficer).reasons).toEqual(['WRONG_ROLE']);
    await w.attest('director', ids.caseId, 'safeguarding-considered', 'sufficient-examples-seen');
    const warn = await w.propose('officer', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'Dozens of emails',
      evidenceContactIds: [contact],
    });
    await w.approve('director', warn);

    // The next decision needs its own attestations: the earlier ones were spent by the warning.
    later('2026-01-10T09:00:00Z');
    const again = await w.gql('director', ATTEST, {
      input: { caseId: ids.caseId, checkKey: 'sufficient-examples-seen', note: 'Seen again' },
    });
    expect(again.errors).toBeUndefined();
  });

  it('Welwyn Hatfield §7.2.2: the further-actions letter only if the behaviour continued', async () => {
    later('2026-01-05T09:00:00Z');
    const w = new Casework(api, 'welwyn-hatfield');
    const ids = await w.openCase('officer', 'Wynn Continues');
    // §7.2.1: "the employee" asks the customer to moderate, alone.
    const ask = await w.propose('officer', {
      caseId: ids.caseId,
      toStage: 'request-to-moderate',
      rationale: 'Abusive call',
    });
    await w.approve('officer', ask);

    later('2026-01-12T09:00:00Z');
    const letter = await w.propose('officer', {
      caseId: ids.caseId,
      toStage: 'service-manager-letter',
      rationale: 'Behaviour continues',
    });
    const refused = await w.act('service-manager', letter, 'APPROVE');
    expect(violation(refused)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['NO_CONDUCT_SINCE_LAST_DECISION'],
    });
    await w.logContact('officer', ids, 'telephone', ['abusive-language']);
    const outcome = await w.approve('service-manager', letter);
    expect(outcome.case.stage).toBe('service-manager-letter');
  });
});
