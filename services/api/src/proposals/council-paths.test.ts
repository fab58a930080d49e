import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import {
  Casework,
  MARK_SENT,
  months,
  section,
  violation,
} from '@conduct/api/testing/proposals/casework.testkit';

const LONDON_RESTRICTION_CHECKS = [
  'safeguarding-considered',
  'existing-support-contacted',
  'complaint-properly-handled',
  'alternatives-tried',
  'sufficient-examples-seen',
];

/**
 * For each council, the path from opening a case to its first restriction as its
 * policy describes it: who proposes, who recommends, who decides; the letter, the
 * dates and who is told.
 */
describe('moving a case to its first restriction, council by council', () => {
  let api: TestApi;
  const T0 = new Date('2026-01-05T09:00:00Z');

  beforeAll(async () => {
    api = await startTestApi({ now: T0 });
  });
  afterAll(() => api.close());
  beforeEach(() => api.clock.set(T0));

  it('London Borough: warning by a Director, then restriction by the Chief Executive (§6-7)', async () => {
    const cw = new Casework(api, 'london-borough');
    const ids = await cw.openCase();
    const abuse = await cw.logContact('officer', ids, 'telephone', ['abuse-of-staff']);
    await cw.attest('officer', ids.caseId, 'safeguarding-considered');
    // §6: the senior manager confirms having seen sufficient examples.
    await cw.attest('director', ids.caseId, 'sufficient-examples-seen');

    const warning = await cw.propose('officer', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'you have repeatedly been abusive to staff on the telephone.',
      evidenceContactIds: [abuse],
    });
    const warned = await cw.approve('director', warning);
    expect(warned.case).toMatchObject({ stage: 'warning', status: 'open', reviewDueAt: null });
    expect(warned.decision.participants).toEqual([
      { userId: await cw.userId('officer'), role: 'officer', step: 'propose' },
      { userId: await cw.userId('director'), role: 'director', step: 'decide' },
    ]);
    expect(warned.restrictions).toEqual([]);
    expect(warned.letter?.title).toBe('Formal warning about your contact with the Council');
    expect(section(warned, 'why')).toContain('Dear Robin Example');
    expect(section(warned, 'why')).toContain('abusive to staff');
    expect(section(warned, 'appeal')).toMatch(/no right of appeal.*Ombudsman/s);
    // A warning is not a restriction: only the register keeper (§3) is told.
    expect(warned.disseminations.map((d) => d.audience)).toEqual(['head-of-customer-engagement']);

    api.clock.set(new Date('2026-02-02T10:00:00Z'));
    // §7: the conduct continued after the warning letter was received.
    const continued = await cw.continued(ids, {
      letterId: warned.letter?.id,
      conduct: { channel: 'telephone', categories: ['abuse-of-staff'] },
      attest: { by: 'assistant-director', checks: LONDON_RESTRICTION_CHECKS },
    });
    const restrict = await cw.propose('assistant-director', {
      caseId: ids.caseId,
      toStage: 'restriction',
      rationale: 'the abusive calls continued after the warning of 5 January.',
      evidenceContactIds: [continued],
      restrictions: [
        {
          type: 'designated-contact-point',
          parametersJson: JSON.stringify({ contactPoint: 'contact@council.example' }),
        },
      ],
      durationMonths: 12,
    });
    await cw.consult('assistant-director', ids.caseId, 'director-of-corporate-services');
    api.clock.set(new Date('2026-02-03T10:00:00Z'));
    const restricted = await cw.approve('chief-executive', restrict);
    const decidedAt = new Date('2026-02-03T10:00:00Z');
    expect(restricted.case).toMatchObject({
      stage: 'restriction',
      status: 'open',
      // §9: reviewed at the end of the period in the CE's letter.
      reviewDueAt: months(decidedAt, 12),
    });
    expect(restricted.restrictions).toEqual([
      expect.objectContaining({
        type: 'designated-contact-point',
        startsAt: decidedAt.toISOString(),
        endsAt: months(decidedAt, 12),
        status: 'active',
      }),
    ]);
    expect(restricted.decision.participants.map((p) => p.role)).toEqual([
      'assistant-director',
      'chief-executive',
    ]);
    const letter = restricted.letter!;
    expect(letter.status).toBe('draft');
    expect(letter.sections.map((s) => s.key)).toEqual(['why', 'what', 'how-long', 'appeal']);
    expect(section(restricted, 'why')).toContain('the abusive calls continued');
    expect(section(restricted, 'what')).toContain('contact@council.example');
    expect(section(restricted, 'how-long')).toBe(
      'These measures apply from 3 February 2026 until 3 February 2027.',
    );
    expect(section(restricted, 'appeal')).toContain(
      'There is no right of appeal against this decision',
    );
    expect(section(restricted, 'appeal')).toContain('Local Government & Social Care Ombudsman');
    expect(letter.body).toContain('Restrictions on your contact with the Council');
    // §7: all chief officers and the register keeper; elected members are not told.
    expect(restricted.disseminations.map((d) => d.audience).sort()).toEqual(
      ['chief-officer', 'chief-officers', 'head-of-customer-engagement', 'others-involved'].sort(),
    );

    const stored = (await api.owner.query(
      'select review_due_at, stage, stage_entered_at from managed_case where id = $1',
      [ids.caseId],
    )) as { review_due_at: Date; stage: string; stage_entered_at: Date }[];
    expect(stored[0]).toMatchObject({
      stage: 'restriction',
      review_due_at: new Date(months(decidedAt, 12)),
      stage_entered_at: decidedAt,
    });

    const sent = await cw.gql<{ markLetterSent: { status: string; sentBy: string } }>(
      'officer',
      MARK_SENT,
      { id: letter.id },
    );
    expect(sent.data?.markLetterSent).toMatchObject({
      status: 'sent',
      sentBy: await cw.userId('officer'),
    });
    const again = await cw.gql('officer', MARK_SENT, { id: letter.id });
    expect(violation(again).code).toBe('CONFLICT');
    await cw.auditChainOk();
  });

  it('Maidstone: warning, then the policy applied by the Head of Policy for three months (§6)', async () => {
    const cw = new Casework(api, 'maidstone');
    // The warning a week before the policy is applied (on T0).
    api.clock.set(new Date('2025-12-29T09:00:00Z'));
    const ids = await cw.openCase();
    const contact = await cw.logContact('officer', ids, 'telephone', ['repeat-enquiries']);
    const warn = await cw.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'you have raised the same enquiry forty times this month.',
      evidenceContactIds: [contact],
    });
    const warned = await cw.approve('head-of-policy', warn);
    expect(warned.case.stage).toBe('warning');
    expect(section(warned, 'appeal')).toContain(
      'You may appeal against this decision to the Director of Finance and Business Improvement',
    );

    api.clock.set(T0);
    // §6.2: the Head of Policy confirms the checks; §6.3: the contacts continued after the warning.
    const since = await cw.continued(ids, {
      letterId: warned.letter?.id,
      conduct: { channel: 'telephone', categories: ['repeat-enquiries'] },
      attest: {
        by: 'head-of-policy',
        checks: [
          'investigated-properly',
          'communications-adequate',
          'no-significant-new-information',
          'clear-evidence-base',
        ],
      },
    });
    const apply = await cw.propose('head-of-service', {
      caseId: ids.caseId,
      toStage: 'policy-applied',
      rationale: 'the repeated enquiries continued after our warning.',
      evidenceContactIds: [contact, since],
      restrictions: [
        { type: 'single-point-of-contact', parameters: [{ name: 'officer', text: 'Jo Smith' }] },
        { type: 'call-time-limit', parameters: [{ name: 'minutes', number: 10 }] },
      ],
    });
    const applied = await cw.approve('head-of-policy', apply);
    // §6.4: an initial three month period; §7.2: reviewed every three months.
    expect(applied.case).toMatchObject({ stage: 'policy-applied', reviewDueAt: months(T0, 3) });
    // The decision keeps the date it set (the case keeps only its current one).
    const [set] = (await api.owner.query(`select review_due_at from decision where id = $1`, [
      applied.decision.id,
    ])) as { review_due_at: Date }[];
    expect(set!.review_due_at.toISOString()).toBe(months(T0, 3));
    expect(applied.restrictions.map((r) => [r.type, r.endsAt])).toEqual([
      ['single-point-of-contact', months(T0, 3)],
      ['call-time-limit', months(T0, 3)],
    ]);
    expect(JSON.parse(applied.restrictions[1]!.parametersJson)).toEqual({ minutes: 10 });
    expect(section(applied, 'what')).toContain('Single point of contact (Officer: Jo Smith)');
    expect(section(applied, 'what')).toContain(
      'Time limit on telephone conversations (Minutes per call: 10)',
    );
    expect(section(applied, 'how-long')).toContain('from 5 January 2026 until 5 April 2026');
    expect(section(applied, 'appeal')).toContain('Director of Finance and Business Improvement');
    // §9.1: managers whose teams may have contact are told.
    expect(applied.disseminations.map((d) => d.audience).sort()).toEqual(
      ['manager', 'managers', 'policy-and-information-team'].sort(),
    );
    await cw.auditChainOk();
  });

  it('Welwyn Hatfield: moderate, service manager letter, then restrictions (§7.2-7.3, §8.1)', async () => {
    const cw = new Casework(api, 'welwyn-hatfield');
    // Moderation in November, the service manager's letter in December, restrictions on T0.
    api.clock.set(new Date('2025-11-03T09:00:00Z'));
    const ids = await cw.openCase();
    await cw.logContact('officer', ids, 'email', ['unreasonable-persistence']);
    const moderate = await cw.propose('officer', {
      caseId: ids.caseId,
      toStage: 'request-to-moderate',
      rationale: 'you have sent more than a hundred emails on one matter.',
    });
    expect((await cw.approve('service-manager', moderate)).case.stage).toBe('request-to-moderate');
    // §7.2.2: only if the behaviour continues after the request.
    api.clock.set(new Date('2025-12-01T09:00:00Z'));
    await cw.continued(ids, {
      conduct: { channel: 'email', categories: ['unreasonable-persistence'] },
    });
    const letter = await cw.propose('officer', {
      caseId: ids.caseId,
      toStage: 'service-manager-letter',
      rationale: 'the emails continued after we asked you to moderate them.',
    });
    expect((await cw.approve('service-manager', letter)).case.stage).toBe('service-manager-letter');

    api.clock.set(T0);
    await cw.attest(
      'service-manager',
      ids.caseId,
      'staff-protection-considered',
      'vulnerability-considered',
      'complaint-process-followed',
    );
    const impose = await cw.propose('officer-2', {
      caseId: ids.caseId,
      toStage: 'restrictions',
      rationale: 'your emails continue at the same rate.',
      restrictions: [
        { type: 'letter-only' },
        { type: 'single-named-officer', parameters: [{ name: 'officer', text: 'Pat Jones' }] },
      ],
      durationMonths: 6,
    });
    const restricted = await cw.approve('senior-management-team', impose);
    // §10.1 reviews after 12 months, but the six-month period ends first.
    expect(restricted.case).toMatchObject({ stage: 'restrictions', reviewDueAt: months(T0, 6) });
    expect(restricted.restrictions.every((r) => r.endsAt === months(T0, 6))).toBe(true);
    expect(section(restricted, 'how-long')).toBe(
      'These restrictions apply from 5 January 2026 until 5 July 2026.',
    );
    expect(section(restricted, 'appeal')).toContain('Housing Ombudsman');
    expect(section(restricted, 'appeal')).toContain('no right of appeal');
    expect(restricted.disseminations.map((d) => d.audience).sort()).toEqual([
      'customer-transformation-team',
      'services',
    ]);
    await cw.auditChainOk();
  });

  it('Southampton: local resolution, then restriction by the CRM in consultation with Legal', async () => {
    const cw = new Casework(api, 'southampton');
    const ids = await cw.openCase();
    await cw.logContact('officer', ids, 'telephone', ['excessive-demands']);
    const local = await cw.propose('officer', {
      caseId: ids.caseId,
      toStage: 'local-resolution',
      rationale: 'the number of your calls is taking staff away from other residents.',
      restrictions: [{ type: 'scheduled-contact', parametersJson: '{"frequency":"fortnightly"}' }],
      durationMonths: 3,
    });
    const resolved = await cw.approve('service-manager', local);
    // Local resolution has no review of its own: it is looked at again when monitoring ends.
    expect(resolved.case).toMatchObject({ stage: 'local-resolution', reviewDueAt: months(T0, 3) });
    expect(section(resolved, 'how-long')).toBe(
      'This applies from 5 January 2026 until 5 April 2026.',
    );
    expect(resolved.disseminations.map((d) => d.audience)).toEqual(['affected-services']);

    api.clock.set(new Date('2026-04-01T09:00:00Z'));
    // The local resolution confirmed in writing, the calls continuing despite it, evidence referred.
    const continued = await cw.continued(ids, {
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
    const refer = await cw.propose('service-manager', {
      caseId: ids.caseId,
      toStage: 'restriction',
      rationale: 'the calls continued throughout the monitoring period.',
      evidenceContactIds: [continued],
      restrictions: [
        { type: 'single-channel', parameters: [{ name: 'channel', text: 'letter' }] },
        {
          type: 'call-days-times',
          parameters: [
            { name: 'days', days: ['tuesday', 'thursday'] },
            { name: 'times', from: '10:00', to: '12:00' },
          ],
        },
      ],
      durationMonths: 12,
    });
    // The CRM decides in consultation with the Head of Service, Legal Services Partnership.
    const early = await cw.act('complaints-resolution-manager', refer, 'APPROVE');
    expect(violation(early)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['CONSULTATION_MISSING'],
    });
    await cw.consult('complaints-resolution-manager', ids.caseId, 'head-of-service-legal');
    const restricted = await cw.approve('complaints-resolution-manager', refer);
    const at = new Date('2026-04-01T09:00:00Z');
    expect(restricted.case).toMatchObject({ stage: 'restriction', reviewDueAt: months(at, 12) });
    expect(restricted.restrictions.map((r) => r.endsAt)).toEqual([months(at, 12), months(at, 12)]);
    expect(section(restricted, 'what')).toContain('Tuesday'.toLowerCase());
    expect(section(restricted, 'what')).toContain('10:00 to 12:00');
    expect(section(restricted, 'what')).toContain('Form of contact: Letter');
    expect(section(restricted, 'how-long')).toBe(
      'This action applies from 1 April 2026 until 1 April 2027. It will be reviewed by 1 April 2027.',
    );
    expect(section(restricted, 'appeal')).toContain(
      'You may appeal against this decision to the Service Director, Legal & Business Operations',
    );
    // The local-resolution arrangement is replaced by the restriction.
    const rows = (await api.owner.query(
      'select type, status from restriction where case_id = $1 order by starts_at, type',
      [ids.caseId],
    )) as { type: string; status: string }[];
    expect(rows).toEqual([
      { type: 'scheduled-contact', status: 'ended' },
      { type: 'call-days-times', status: 'active' },
      { type: 'single-channel', status: 'active' },
    ]);
    await cw.auditChainOk();
  });

  it('Cheshire West and Chester: stage 1 by a senior manager, stage 2 on the CRT’s recommendation (§6)', async () => {
    const cw = new Casework(api, 'cheshire-west-and-chester');
    const tenantId = api.tenants['cheshire-west-and-chester'];
    const admin = await cw.userId('admin');
    const members = (await api.owner.query(
      `insert into member_preference (tenant_id, member_name, ward, opted_in, updated_by, updated_at)
       values ($1, 'Cllr Opted In', 'Hoole', true, $2, now()), ($1, 'Cllr Opted Out', 'Upton', false, $2, now())
       returning id, opted_in`,
      [tenantId, admin],
    )) as { id: string; opted_in: boolean }[];
    const optedIn = members.find((m) => m.opted_in)!.id;

    const ids = await cw.openCase();
    await cw.logContact('officer', ids, 'telephone', ['rudeness']);
    await cw.attest(
      'senior-manager',
      ids.caseId,
      'adjustments-considered',
      'service-advised-by-crt',
    );
    const stage1 = await cw.propose('officer', {
      caseId: ids.caseId,
      toStage: 'stage-1',
      rationale: 'you have shouted at staff on several calls.',
      restrictions: [
        { type: 'contact-agreement', parametersJson: '{"terms":"Calls end if you shout."}' },
      ],
    });
    const first = await cw.approve('senior-manager', stage1);
    // §6.1: six months' monitoring; §7: reviewed no later than every six months.
    expect(first.case).toMatchObject({ stage: 'stage-1', reviewDueAt: months(T0, 6) });
    expect(first.restrictions[0]?.endsAt).toBe(months(T0, 6));
    expect(section(first, 'how-long')).toBe(
      'We will monitor your contact from 5 January 2026 until 5 July 2026.',
    );
    // §7: no right of appeal at either stage; the LGSCO is signposted.
    expect(section(first, 'appeal')).toContain('As no appeal rights exist');
    // §6: the CRT is told of every arrangement; §1: only members who opted in.
    expect(first.disseminations.map((d) => d.audience).sort()).toEqual(
      ['affected-services', 'customer-relations-team', `elected-member:${optedIn}`].sort(),
    );
    expect(first.disseminations.find((d) => d.kind === 'elected-member')?.label).toContain(
      'Cllr Opted In',
    );

    api.clock.set(new Date('2026-03-02T09:00:00Z'));
    // §6.2: escalated because the conduct persisted; the checks are confirmed for this decision.
    await cw.continued(ids, {
      conduct: { channel: 'telephone', categories: ['rudeness'] },
      attest: { by: 'senior-manager', checks: ['adjustments-considered', 'final-position-given'] },
    });
    const stage2 = await cw.propose('director', {
      caseId: ids.caseId,
      toStage: 'stage-2',
      rationale: 'the shouting continued during the monitoring period.',
      restrictions: [{ type: 'single-point-of-contact', parametersJson: '{"officer":"Sam Lee"}' }],
    });
    // §6.2: the CRT recommends before the Director of Governance decides.
    const tooSoon = await cw.act('director-of-governance', stage2, 'APPROVE');
    expect(violation(tooSoon).reasons).toContain('WRONG_ROLE');
    const rec = await cw.act('customer-relations-team', stage2, 'RECOMMEND');
    expect(rec.errors).toBeUndefined();
    expect(rec.data?.actOnProposal).toMatchObject({
      proposal: { status: 'open' },
      step: {
        position: 1,
        step: 'recommend',
        action: 'recommend',
        role: 'customer-relations-team',
      },
      outcome: null,
    });
    const second = await cw.approve('director-of-governance', stage2);
    const at = new Date('2026-03-02T09:00:00Z');
    expect(second.case).toMatchObject({ stage: 'stage-2', reviewDueAt: months(at, 6) });
    expect(second.decision.participants.map((p) => `${p.step}:${p.role}`)).toEqual([
      'propose:director',
      'recommend:customer-relations-team',
      'decide:director-of-governance',
    ]);
    expect(section(second, 'how-long')).toContain('until 2 September 2026');
    await cw.auditChainOk();

    const view = await cw.ok<{
      case: {
        proposals: { status: string }[];
        openProposal: null;
        letters: { templateKey: string; status: string }[];
        decisions: { letter: { id: string } | null; disseminations: { audience: string }[] }[];
        restrictions: { type: string; status: string }[];
      };
    }>(
      'officer',
      `query($id: ID!) { case(id: $id) {
        proposals { status } openProposal { id }
        letters { templateKey status }
        decisions { letter { id } disseminations { audience } }
        restrictions { type status } } }`,
      { id: ids.caseId },
    );
    expect(view.case.proposals.map((p) => p.status)).toEqual(['approved', 'approved']);
    expect(view.case.openProposal).toBeNull();
    expect(view.case.letters.map((l) => l.templateKey)).toEqual([
      'stage-1-letter',
      'stage-2-letter',
    ]);
    expect(view.case.decisions.every((d) => d.letter !== null)).toBe(true);
    expect(view.case.restrictions).toEqual([
      { type: 'contact-agreement', status: 'ended' },
      { type: 'single-point-of-contact', status: 'active' },
    ]);
  });
});
