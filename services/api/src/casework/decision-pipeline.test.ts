import { PolicyVersions, runExpiry } from '@conduct/worker';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { Casework, violation } from '@conduct/api/testing/proposals/casework.testkit';
import { countRows, seedCouncilCase } from '@conduct/api/testing/reviews/restricted-case.fixture';
import { withCaseVersion } from '@conduct/api/testing/case-version';
import { pinCaseToPolicyVariant } from '@conduct/api/testing/policy-variant';

/**
 * Issue 12's observations, each as a regression over HTTP: the policy decides
 * on every path (authority, measures, letter, audit) and stale or repeated
 * decisions have exactly one effect.
 */
const RECORD_REVIEW = `mutation($input: RecordReviewInput!) {
  recordReview(input: $input) {
    review { id outcome toStage }
    decision { id kind outcome fromStage toStage }
    case { id stage version }
    letter { templateKey body }
    proposal { id status transitionKey toStage steps { step role } }
  } }`;

interface Reviewed {
  recordReview: {
    review: { id: string; outcome: string; toStage: string };
    decision: { id: string; kind: string; outcome: string; fromStage: string; toStage: string };
    case: { id: string; stage: string; version: number };
    letter: { templateKey: string; body: string } | null;
    proposal: {
      id: string;
      status: string;
      transitionKey: string;
      toStage: string;
      steps: { step: string; role: string }[];
    } | null;
  };
}

const at = (iso: string) => new Date(iso);
const json = (v: unknown) => JSON.stringify(v);

describe('one decision pipeline: the policy decides on every path (issue 12)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const review = async (cw: Casework, who: string, input: Record<string, unknown>) =>
    cw.gql<Reviewed>(who, RECORD_REVIEW, { input: await withCaseVersion(api, input) });
  const caseVersion = async (cw: Casework, caseId: string) =>
    (
      await cw.ok<{ case: { version: number } }>(
        'officer',
        `query($id: ID!) { case(id: $id) { version } }`,
        { id: caseId },
      )
    ).case.version;
  const actions = async (caseId: string) =>
    (await api.owner.query(`select action from audit_event where case_id = $1 order by seq`, [
      caseId,
    ])) as {
      action: string;
    }[];

  const seedWelwyn = () =>
    seedCouncilCase(api, 'welwyn-hatfield', {
      decidedAt: at('2026-01-05T09:00:00Z'),
      restrictions: [{ type: 'letter-only', endsAt: at('2027-01-05T09:00:00Z') }],
      reviewDueAt: at('2027-01-05T09:00:00Z'),
    });

  it('Cheshire West: a Senior Manager’s ESCALATE does not move the case; stage 2 needs the Director’s business case and its chain (§6.2)', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const cw = new Casework(api, 'cheshire-west-and-chester');
    const seeded = await seedCouncilCase(api, 'cheshire-west-and-chester', {
      decidedAt: at('2026-01-05T09:00:00Z'),
      restrictions: [
        {
          type: 'call-time-limit',
          parameters: { minutes: 15 },
          endsAt: at('2026-07-05T09:00:00Z'),
        },
      ],
      reviewDueAt: at('2026-07-05T09:00:00Z'),
    });
    api.clock.set(at('2026-06-20T09:00:00Z'));
    await cw.consult('director', seeded.caseId, 'director', { subject: 'REVIEW' });
    const res = await review(cw, 'senior-manager', {
      caseId: seeded.caseId,
      outcome: 'ESCALATE',
      note: 'No improvement during monitoring.',
      // §7: reviews are made in consultation with the Director.
      consultations: ['director'],
    });
    expect(res.errors).toBeUndefined();
    const out = res.data!.recordReview;
    expect(out.case.stage).toBe('stage-1');
    expect(out.decision).toMatchObject({ kind: 'review', outcome: 'escalate', toStage: 'stage-1' });
    expect(out.letter).toBeNull(); // no Stage 2 letter without the Stage 2 decision
    expect(out.proposal).toBeNull();
    const referred = (await api.owner.query(
      `select role from notification where case_id = $1 and kind = 'escalation-referred'`,
      [seeded.caseId],
    )) as { role: string }[];
    expect(referred.map((r) => r.role)).toEqual(expect.arrayContaining(['director']));
    // The Senior Manager cannot open the Stage 2 proposal either: the Director must.
    const propose = await cw.gql(
      'senior-manager',
      `mutation($input: ProposeTransitionInput!) { proposeTransition(input: $input) { id } }`,
      {
        input: {
          caseId: seeded.caseId,
          toStage: 'stage-2',
          rationale: 'Escalating.',
          restrictions: [{ type: 'via-advocate', parametersJson: '{}' }],
          durationMonths: 6,
        },
      },
    );
    expect(violation(propose)).toMatchObject({
      code: 'POLICY_VIOLATION',
      reasons: expect.arrayContaining(['WRONG_ROLE']),
    });
    expect((await actions(seeded.caseId)).map((a) => a.action)).not.toContain('case.stage-changed');
  });

  it('Cheshire West: a Stage 1 decision cannot impose Stage 2 measures; "other special measures" are described in words (§6.1)', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const cw = new Casework(api, 'cheshire-west-and-chester');
    const ids = await cw.openCase();
    const refused = await cw.gql(
      'officer',
      `mutation($input: ProposeTransitionInput!) { proposeTransition(input: $input) { id } }`,
      {
        input: {
          caseId: ids.caseId,
          toStage: 'stage-1',
          rationale: 'Abusive calls.',
          restrictions: [
            { type: 'designated-premises', parametersJson: json({ premises: 'Wyvern House' }) },
          ],
        },
      },
    );
    expect(violation(refused)).toEqual({
      code: 'POLICY_VIOLATION',
      reasons: ['MEASURE_NOT_AT_STAGE'],
    });
    const other = await cw.gql<{ proposeTransition: { id: string } }>(
      'officer',
      `mutation($input: ProposeTransitionInput!) { proposeTransition(input: $input) { id } }`,
      {
        input: {
          caseId: ids.caseId,
          toStage: 'stage-1',
          rationale: 'Abusive calls.',
          restrictions: [
            {
              type: 'other-measure',
              parametersJson: json({ description: 'Calls answered by the duty manager only' }),
            },
          ],
        },
      },
    );
    expect(other.errors).toBeUndefined();
  });

  it('Welwyn Hatfield: a service manager cannot impose all-contact-refused or central-point at review (§8.2, §9.2)', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const cw = new Casework(api, 'welwyn-hatfield');
    const seeded = await seedWelwyn();
    api.clock.set(at('2026-12-20T09:00:00Z'));
    const before = await Promise.all(
      ['decision', 'restriction', 'letter', 'audit_event'].map((t) => countRows(api, t)),
    );
    const vary = await review(cw, 'service-manager', {
      caseId: seeded.caseId,
      outcome: 'VARY',
      note: 'Tightening.',
      restrictions: [
        { type: 'all-contact-refused', parametersJson: '{}' },
        { type: 'central-point', parametersJson: '{}' },
      ],
    });
    expect(violation(vary).code).toBe('POLICY_VIOLATION');
    expect(violation(vary).reasons.sort()).toEqual([
      'MEASURE_AUTHORITY',
      'MEASURE_AUTHORITY',
      'MEASURE_NOT_AT_STAGE',
    ]);
    expect(
      await Promise.all(
        ['decision', 'restriction', 'letter', 'audit_event'].map((t) => countRows(api, t)),
      ),
    ).toEqual(before);
  });

  it('Welwyn Hatfield: ESCALATE opens the refuse-all-contact proposal; only the Senior Management Team decides it, with the AD consulted (§8.2)', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const cw = new Casework(api, 'welwyn-hatfield');
    const seeded = await seedWelwyn();
    api.clock.set(at('2026-12-20T09:00:00Z'));
    const res = await review(cw, 'service-manager', {
      caseId: seeded.caseId,
      outcome: 'ESCALATE',
      note: 'Behaviour continued after the restrictions.',
      restrictions: [{ type: 'all-contact-refused', parametersJson: '{}' }],
      durationMonths: 12,
    });
    expect(res.errors).toBeUndefined();
    const out = res.data!.recordReview;
    expect(out.case.stage).toBe('restrictions');
    expect(out.proposal).toMatchObject({
      status: 'open',
      transitionKey: 'refuse-all-contact',
      toStage: 'all-contact-refused',
    });
    const proposalId = out.proposal!.id;
    const byManager = await cw.act('service-manager', proposalId, 'APPROVE');
    expect(violation(byManager).code).toBe('POLICY_VIOLATION');
    // §8.2 applies "if the behaviour continues": conduct logged after the review,
    // and the checks attested again for this decision.
    cw.later();
    await cw.continued(
      { customerId: seeded.customerId, caseId: seeded.caseId },
      {
        conduct: { channel: 'telephone', categories: ['abusive-language'] },
        attest: {
          by: 'service-manager',
          checks: ['staff-protection-considered', 'vulnerability-considered'],
        },
      },
    );
    await cw.consult(
      'senior-management-team',
      seeded.caseId,
      'assistant-director-customer-transformation',
    );
    const decided = await cw.approve('senior-management-team', proposalId);
    expect(decided.case.stage).toBe('all-contact-refused');
    expect(decided.letter?.body).toBeTruthy();
    expect(decided.restrictions.map((r) => r.type)).toEqual(['all-contact-refused']);
    await cw.auditChainOk();
  });

  it('Southampton: a service manager cannot impose calls-and-electronic-blocked at local resolution ("only the CRM")', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const cw = new Casework(api, 'southampton');
    const ids = await cw.openCase();
    const res = await cw.gql(
      'service-manager',
      `mutation($input: ProposeTransitionInput!) { proposeTransition(input: $input) { id } }`,
      {
        input: {
          caseId: ids.caseId,
          toStage: 'local-resolution',
          rationale: 'Repeated calls.',
          restrictions: [{ type: 'calls-and-electronic-blocked', parametersJson: '{}' }],
        },
      },
    );
    expect(violation(res).code).toBe('POLICY_VIOLATION');
    expect(violation(res).reasons).toContain('MEASURE_NOT_AT_STAGE');
  });

  it('20 concurrent identical reviews on the same case version: exactly one is recorded, the rest CONFLICT', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const cw = new Casework(api, 'maidstone');
    const seeded = await seedCouncilCase(api, 'maidstone', {
      decidedAt: at('2026-01-05T09:00:00Z'),
      restrictions: [
        {
          type: 'single-point-of-contact',
          parameters: { officer: 'J Smith' },
          endsAt: at('2026-04-05T09:00:00Z'),
        },
      ],
      reviewDueAt: at('2026-04-05T09:00:00Z'),
    });
    api.clock.set(at('2026-04-01T09:00:00Z'));
    const version = await caseVersion(cw, seeded.caseId);
    const token = await cw.as('policy-and-information-team');
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        api.gql<Reviewed>(
          RECORD_REVIEW,
          {
            input: {
              caseId: seeded.caseId,
              outcome: 'EXTEND',
              note: 'Extended.',
              durationMonths: 3,
              expectedCaseVersion: version,
            },
          },
          token,
        ),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors).map((r) => r.errors![0]!.extensions!.code)).toEqual(
      Array(19).fill('CONFLICT'),
    );
    const [{ n }] = (await api.owner.query(
      `select count(*)::int as n from review where case_id = $1`,
      [seeded.caseId],
    )) as [{ n: number }];
    expect(n).toBe(1);
    const ends = (await api.owner.query(
      `select ends_at from restriction where case_id = $1 and status = 'active'`,
      [seeded.caseId],
    )) as { ends_at: Date }[];
    expect(ends.map((e) => e.ends_at.toISOString())).toEqual(['2026-07-05T09:00:00.000Z']); // extended once
    expect(await caseVersion(cw, seeded.caseId)).toBe(version + 1);
  });

  it('20 concurrent identical approvals: exactly one decision, the rest CONFLICT', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const cw = new Casework(api, 'welwyn-hatfield');
    const seeded = await seedWelwyn();
    api.clock.set(at('2026-12-20T09:00:00Z'));
    const res = await review(cw, 'service-manager', {
      caseId: seeded.caseId,
      outcome: 'ESCALATE',
      note: 'Behaviour continued.',
      restrictions: [{ type: 'all-contact-refused', parametersJson: '{}' }],
      durationMonths: 12,
    });
    const proposalId = res.data!.recordReview.proposal!.id;
    // §8.2 applies "if the behaviour continues": conduct logged after the review,
    // and the checks attested again for this decision.
    cw.later();
    await cw.continued(
      { customerId: seeded.customerId, caseId: seeded.caseId },
      {
        conduct: { channel: 'telephone', categories: ['abusive-language'] },
        attest: {
          by: 'service-manager',
          checks: ['staff-protection-considered', 'vulnerability-considered'],
        },
      },
    );
    await cw.consult(
      'senior-management-team',
      seeded.caseId,
      'assistant-director-customer-transformation',
    );
    const version = await caseVersion(cw, seeded.caseId);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        cw.act('senior-management-team', proposalId, 'APPROVE', { expectedCaseVersion: version }),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(
      new Set(results.filter((r) => r.errors).map((r) => r.errors![0]!.extensions!.code)),
    ).toEqual(new Set(['CONFLICT']));
    const decisions = (await api.owner.query(
      `select kind from decision where case_id = $1 and kind = 'transition' and to_stage = 'all-contact-refused'`,
      [seeded.caseId],
    )) as unknown[];
    expect(decisions).toHaveLength(1);
    const letters = (await api.owner.query(
      `select 1 from letter where case_id = $1 and template_key = 'restriction-letter'`,
      [seeded.caseId],
    )) as unknown[];
    expect(letters).toHaveLength(1);
  });

  it('the worker ends measures on their end date through the same pipeline: a system decision, the council’s letter, one vocabulary', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const seeded = await seedWelwyn();
    const runAt = at('2027-01-06T02:00:00Z');
    const result = await runExpiry(
      { ds: api.ds, clock: { now: () => runAt }, policies: new PolicyVersions() },
      api.tenants['welwyn-hatfield']!,
    );
    expect(result.restrictionsEnded).toBeGreaterThanOrEqual(1);
    const [decision] = (await api.owner.query(
      `select id, kind, decided_by, from_stage, to_stage, outcome from decision where case_id = $1 and kind = 'expiry'`,
      [seeded.caseId],
    )) as { id: string; kind: string; decided_by: string | null; outcome: string }[];
    expect(decision).toMatchObject({
      kind: 'expiry',
      decided_by: null,
      outcome: 'end-date-reached',
    });
    const [restriction] = (await api.owner.query(
      `select status, ended_at from restriction where id = $1`,
      [seeded.restrictionIds[0]],
    )) as { status: string; ended_at: Date }[];
    expect(restriction).toEqual({ status: 'ended', ended_at: at('2027-01-05T09:00:00Z') });
    const letters = (await api.owner.query(
      `select template_key, title, body, decision_id from letter where case_id = $1 and template_key = 'restriction-ended'`,
      [seeded.caseId],
    )) as { template_key: string; title: string; body: string; decision_id: string }[];
    expect(letters).toHaveLength(1);
    expect(letters[0]!.decision_id).toBe(decision!.id);
    expect(letters[0]!.title).toBe('Your contact arrangements have ended'); // the council's template
    expect(letters[0]!.body).toContain('Welwyn Hatfield');
    const events = (await api.owner.query(
      `select action, actor_id, payload from audit_event where case_id = $1 and occurred_at = $2 order by seq`,
      [seeded.caseId, runAt],
    )) as { action: string; actor_id: string | null; payload: Record<string, unknown> }[];
    expect(events.map((e) => e.action)).toEqual([
      'decision.recorded',
      'restriction.ended',
      'case.archived',
      'letter.drafted',
    ]);
    expect(events.every((e) => e.actor_id === null)).toBe(true);
    // Nothing left in force, nothing further to review: off the review schedule.
    const [c] = (await api.owner.query(
      `select status, stage, review_due_at from managed_case where id = $1`,
      [seeded.caseId],
    )) as { status: string; stage: string; review_due_at: Date | null }[];
    expect(c).toEqual({ status: 'archived', stage: 'restrictions', review_due_at: null });
    expect(events[1]!.payload).toEqual({
      decisionId: decision!.id,
      type: 'letter-only',
      reason: 'end-date-reached',
    });
    await new Casework(api, 'welwyn-hatfield').auditChainOk();
  });

  it('the worker’s automatic move (Cheshire: closed → dormant) is a system decision with the API’s stage event', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const cw = new Casework(api, 'cheshire-west-and-chester');
    const ids = await cw.openCase();
    await api.owner.query(
      `update managed_case set stage = 'closed', status = 'closed', closed_at = $2, stage_entered_at = $2 where id = $1`,
      [ids.caseId, at('2026-01-05T09:00:00Z')],
    );
    const runAt = at('2026-01-06T02:00:00Z');
    const result = await runExpiry(
      { ds: api.ds, clock: { now: () => runAt }, policies: new PolicyVersions() },
      api.tenants['cheshire-west-and-chester']!,
    );
    expect(result.automaticMoves).toBeGreaterThanOrEqual(1);
    const [c] = (await api.owner.query(
      `select stage, status, dormant_at from managed_case where id = $1`,
      [ids.caseId],
    )) as { stage: string; status: string; dormant_at: Date }[];
    expect(c).toEqual({
      stage: 'dormant',
      status: 'dormant',
      dormant_at: at('2026-01-05T09:00:00Z'),
    });
    const events = (await api.owner.query(
      `select action, payload from audit_event where case_id = $1 and occurred_at = $2 order by seq`,
      [ids.caseId, runAt],
    )) as { action: string; payload: Record<string, unknown> }[];
    expect(events.map((e) => e.action)).toEqual(['decision.recorded', 'case.dormant']);
    expect(events[1]!.payload).toMatchObject({
      fromStage: 'closed',
      toStage: 'dormant',
      automatic: true,
      // §7: "Dormant cases will be deleted 12 months after moving to this stage".
      retentionDueAt: '2027-01-05T09:00:00.000Z',
    });
    const [retention] = (await api.owner.query(
      `select retention_due_at from managed_case where id = $1`,
      [ids.caseId],
    )) as { retention_due_at: Date }[];
    expect(retention!.retention_due_at).toEqual(at('2027-01-05T09:00:00Z'));
  });

  const seedCheshireStage1 = (restrictions: { type: string; endsAt: Date }[]) =>
    seedCouncilCase(api, 'cheshire-west-and-chester', {
      decidedAt: at('2026-01-05T09:00:00Z'),
      restrictions: restrictions.map((r) => ({ ...r, parameters: {} })),
      reviewDueAt: at('2026-07-05T09:00:00Z'),
    });
  const runWorker = (slug: string, runAt: Date) =>
    runExpiry(
      { ds: api.ds, clock: { now: () => runAt }, policies: new PolicyVersions() },
      api.tenants[slug]!,
    );

  it('Cheshire West: the end of the 6-month monitoring period is a system decision; its measures end, the §7 review stays due, reviewers told; twice = once', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const periodEnd = at('2026-07-05T09:00:00Z');
    const seeded = await seedCheshireStage1([
      { type: 'call-time-limit', endsAt: periodEnd },
      // Extended beyond the period by a later decision ("the Council reserves the right to extend"): stays.
      { type: 'single-channel', endsAt: at('2026-10-05T09:00:00Z') },
    ]);
    const runAt = at('2026-07-06T02:00:00Z');
    const first = await runWorker('cheshire-west-and-chester', runAt);
    expect(first.monitoringEnds).toBeGreaterThanOrEqual(1);
    const decisions = (await api.owner.query(
      `select id, kind, decided_by, from_stage, to_stage, outcome, decided_at from decision
        where case_id = $1 and kind = 'monitoring-end'`,
      [seeded.caseId],
    )) as Record<string, unknown>[];
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      decided_by: null,
      from_stage: 'stage-1',
      to_stage: 'stage-1',
      outcome: 'monitoring-period-ended',
      decided_at: runAt,
    });
    const restrictions = (await api.owner.query(
      `select type, status, ended_at from restriction where case_id = $1 order by type`,
      [seeded.caseId],
    )) as { type: string; status: string; ended_at: Date | null }[];
    expect(restrictions).toEqual([
      { type: 'call-time-limit', status: 'ended', ended_at: periodEnd },
      { type: 'single-channel', status: 'active', ended_at: null },
    ]);
    // §7: "the customer will be advised of the outcome of a review of their conduct after the
    // monitoring period expires": the review stays due, the case open; Cheshire names no letter
    // for the period's end itself (the review writes).
    const [c] = (await api.owner.query(
      `select status, stage, review_due_at, version from managed_case where id = $1`,
      [seeded.caseId],
    )) as { status: string; stage: string; review_due_at: Date; version: number }[];
    expect(c).toMatchObject({ status: 'open', stage: 'stage-1', review_due_at: periodEnd });
    expect(
      await api.owner.query(`select 1 from letter where decision_id = $1`, [decisions[0]!.id]),
    ).toHaveLength(0);
    const told = (await api.owner.query(
      `select role from notification where case_id = $1 and kind = 'monitoring-ended'`,
      [seeded.caseId],
    )) as { role: string }[];
    expect(new Set(told.map((t) => t.role))).toEqual(
      new Set(['customer-relations-manager', 'senior-manager']),
    );
    const events = (await api.owner.query(
      `select action, actor_id, payload from audit_event where case_id = $1 and occurred_at = $2 order by seq`,
      [seeded.caseId, runAt],
    )) as { action: string; actor_id: string | null; payload: Record<string, unknown> }[];
    expect(events.map((e) => e.action)).toEqual([
      'decision.recorded',
      'restriction.ended',
      'notification.monitoring-ended',
    ]);
    expect(events.every((e) => e.actor_id === null)).toBe(true);
    expect(events[0]!.payload).toMatchObject({ kind: 'monitoring-end', participants: [] });
    expect(events[1]!.payload).toEqual({
      decisionId: decisions[0]!.id,
      type: 'call-time-limit',
      reason: 'monitoring-period-ended',
    });

    // The job running again (a retry, a second worker) changes nothing.
    const second = await runWorker('cheshire-west-and-chester', at('2026-07-06T03:00:00Z'));
    expect(second.monitoringEnds).toBe(0);
    const [again] = (await api.owner.query(
      `select count(*)::int as decisions, (select count(*)::int from notification where case_id = $1) as notices,
              (select version from managed_case where id = $1) as version
         from decision where case_id = $1`,
      [seeded.caseId],
    )) as { decisions: number; notices: number; version: number }[];
    expect(again).toEqual({ decisions: 2, notices: told.length, version: c!.version });
    await new Casework(api, 'cheshire-west-and-chester').auditChainOk();
  });

  it('Southampton: measures reaching their end leave nothing to review: archived, off the schedule, retention "6 years after the restriction ended"', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const endsAt = at('2027-01-05T09:00:00Z');
    const seeded = await seedCouncilCase(api, 'southampton', {
      decidedAt: at('2026-01-05T09:00:00Z'),
      restrictions: [{ type: 'single-channel', parameters: { channel: 'email' }, endsAt }],
      reviewDueAt: endsAt,
    });
    await runWorker('southampton', at('2027-01-06T02:00:00Z'));
    const [c] = (await api.owner.query(
      `select status, stage, review_due_at, retention_due_at from managed_case where id = $1`,
      [seeded.caseId],
    )) as Record<string, unknown>[];
    // "Information Retention": destroyed six years after the restriction ended.
    expect(c).toEqual({
      status: 'archived',
      stage: 'restriction',
      review_due_at: null,
      retention_due_at: at('2033-01-05T09:00:00Z'),
    });
    const [archived] = (await api.owner.query(
      `select payload from audit_event where case_id = $1 and action = 'case.archived'`,
      [seeded.caseId],
    )) as { payload: Record<string, unknown> }[];
    expect(archived!.payload).toMatchObject({
      status: 'archived',
      reviewDueAt: null,
      retentionDueAt: '2033-01-05T09:00:00.000Z',
      automatic: true,
    });
  });

  it('a review that says whenMeasuresLapse: keep-on-review keeps a case whose measures lapsed open and due (overdue escalation follows)', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const endsAt = at('2027-01-05T09:00:00Z');
    const seeded = await seedCouncilCase(api, 'southampton', {
      decidedAt: at('2026-01-05T09:00:00Z'),
      restrictions: [{ type: 'single-channel', parameters: { channel: 'email' }, endsAt }],
      reviewDueAt: endsAt,
    });
    await pinCaseToPolicyVariant(api, 'southampton', seeded.caseId, (yaml) =>
      yaml.replace(
        '      liftTo: closed\n',
        '      liftTo: closed\n      whenMeasuresLapse: keep-on-review\n',
      ),
    );
    await runWorker('southampton', at('2027-01-06T02:00:00Z'));
    const [c] = (await api.owner.query(
      `select status, review_due_at from managed_case where id = $1`,
      [seeded.caseId],
    )) as Record<string, unknown>[];
    expect(c).toEqual({ status: 'open', review_due_at: endsAt });
    const measures = (await api.owner.query(`select status from restriction where case_id = $1`, [
      seeded.caseId,
    ])) as { status: string }[];
    expect(measures.map((m) => m.status)).toEqual(['ended']);
    expect(await actions(seeded.caseId)).not.toContainEqual({ action: 'case.archived' });
  });

  it('Southampton: a review that lifts the last measure closes the case (liftTo) and sets its retention date over HTTP', async () => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const cw = new Casework(api, 'southampton');
    const seeded = await seedCouncilCase(api, 'southampton', {
      decidedAt: at('2026-01-05T09:00:00Z'),
      restrictions: [
        {
          type: 'single-channel',
          parameters: { channel: 'email' },
          endsAt: at('2027-01-05T09:00:00Z'),
        },
      ],
      reviewDueAt: at('2027-01-05T09:00:00Z'),
    });
    api.clock.set(at('2026-06-01T10:00:00Z'));
    const res = await review(cw, 'complaints-resolution-manager', {
      caseId: seeded.caseId,
      outcome: 'LIFT',
      note: 'No longer persistent.',
      expectedCaseVersion: await caseVersion(cw, seeded.caseId),
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.recordReview.case.stage).toBe('closed');
    const [c] = (await api.owner.query(
      `select status, review_due_at, retention_due_at from managed_case where id = $1`,
      [seeded.caseId],
    )) as Record<string, unknown>[];
    // "Information Retention": six years after the restriction ended (the lift).
    expect(c).toEqual({
      status: 'closed',
      review_due_at: null,
      retention_due_at: at('2032-06-01T10:00:00Z'),
    });
  });

  it('every deciding mutation requires expectedCaseVersion; a repeated call on the old version is refused with CONFLICT and writes nothing', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const cw = new Casework(api, 'welwyn-hatfield');
    for (const [mutation, type, input] of [
      [
        'actOnProposal',
        'ActOnProposalInput',
        { proposalId: missing, action: 'APPROVE', note: 'x' },
      ],
      ['recordReview', 'RecordReviewInput', { caseId: missing, outcome: 'CONTINUE', note: 'x' }],
      ['decideAppeal', 'DecideAppealInput', { appealId: missing, outcome: 'DISMISSED', note: 'x' }],
      [
        'decideDerestriction',
        'DecideDerestrictionInput',
        { requestId: missing, grant: false, note: 'x' },
      ],
    ] as const) {
      const res = await cw.gql(
        'service-manager',
        `mutation($input: ${type}!) { ${mutation}(input: $input) { __typename } }`,
        { input },
      );
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toContain('expectedCaseVersion');
    }

    api.clock.set(at('2026-01-05T09:00:00Z'));
    const seeded = await seedWelwyn();
    api.clock.set(at('2026-06-01T09:00:00Z'));
    const input = {
      caseId: seeded.caseId,
      outcome: 'CONTINUE',
      note: 'No change.',
      expectedCaseVersion: await caseVersion(cw, seeded.caseId),
    };
    const first = await review(cw, 'service-manager', input);
    expect(first.errors).toBeUndefined();
    const reviews = await countRows(api, 'review');
    const again = await review(cw, 'service-manager', input);
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      caseVersion: first.data!.recordReview.case.version,
    });
    expect(await countRows(api, 'review')).toBe(reviews);
  });
});
