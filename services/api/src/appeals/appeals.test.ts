import { startTestApi, type GraphQLResponse, type TestApi } from '@conduct/api/testing/test-api';
import {
  countRows,
  seedRestrictedCase,
  type SeededCase,
} from '@conduct/api/testing/reviews/restricted-case.fixture';
import { withCaseVersion } from '@conduct/api/testing/case-version';

const LODGE = `mutation($input: LodgeAppealInput!) {
  lodgeAppeal(input: $input) { id caseId decisionId status lodgedAt }
}`;
const DECIDE = `mutation($input: DecideAppealInput!) {
  decideAppeal(input: $input) {
    appeal { id status decidedBy note outcomeDecisionId }
    decision { id kind outcome }
    case { id stage status reviewDueAt }
    liftedRestrictions { id status }
    restrictions { id type parametersJson }
    letter { templateKey title body }
  }
}`;

interface Decided {
  decideAppeal: {
    appeal: { id: string; status: string; decidedBy: string; outcomeDecisionId: string };
    decision: { id: string; kind: string; outcome: string };
    case: { id: string; stage: string; status: string; reviewDueAt: string | null };
    liftedRestrictions: { id: string; status: string }[];
    restrictions: { id: string; type: string; parametersJson: string }[];
    letter: { templateKey: string; title: string; body: string } | null;
  };
}

const at = (iso: string) => new Date(iso);
const codeOf = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.code;
const reasonsOf = (res: GraphQLResponse<unknown>) =>
  (res.errors?.[0]?.extensions?.reasons as { code: string; message: string }[] | undefined) ?? [];

describe('appeals', () => {
  let api: TestApi;
  const writes = () =>
    Promise.all(['appeal', 'decision', 'restriction', 'audit_event'].map((t) => countRows(api, t)));

  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const lodge = async (slug: string, email: string, input: Record<string, unknown>) =>
    api.gql<{ lodgeAppeal: { id: string; status: string } }>(
      LODGE,
      { input },
      await api.token(slug, email),
    );
  const decide = async (slug: string, email: string, input: Record<string, unknown>) =>
    api.gql<Decided>(
      DECIDE,
      { input: await withCaseVersion(api, input) },
      await api.token(slug, email),
    );

  describe('where the policy gives no appeal, the Ombudsman is signposted', () => {
    it('Cheshire West and Chester: "no right of appeal" at either stage (§7)', async () => {
      const seeded = await seedRestrictedCase(api, {
        slug: 'cheshire-west-and-chester',
        openedBy: 'officer@cheshire-west-and-chester.example',
        stage: 'stage-2',
        transitionKey: 'escalate-to-stage-2',
        fromStage: 'stage-1',
        decidedAt: at('2026-01-05T09:00:00Z'),
        participants: [
          {
            email: 'director@cheshire-west-and-chester.example',
            role: 'director',
            step: 'propose',
          },
          {
            email: 'director-of-governance@cheshire-west-and-chester.example',
            role: 'director-of-governance',
            step: 'decide',
          },
        ],
        restrictions: [{ type: 'via-advocate', endsAt: at('2026-07-05T09:00:00Z') }],
        reviewDueAt: at('2026-07-05T09:00:00Z'),
      });
      const before = await writes();
      const res = await lodge(
        'cheshire-west-and-chester',
        'officer@cheshire-west-and-chester.example',
        {
          decisionId: seeded.decisionId,
          grounds: 'The customer disagrees with the decision.',
        },
      );
      expect(codeOf(res)).toBe('POLICY_VIOLATION');
      const [reason] = reasonsOf(res);
      expect(reason!.code).toBe('NO_APPEAL_ROUTE');
      expect(reason!.message).toContain('no right of appeal');
      expect(reason!.message).toContain('Local Government and Social Care Ombudsman');
      expect(await writes()).toEqual(before);
    });

    it.each([
      [
        'welwyn-hatfield',
        'restrictions',
        'impose-restrictions',
        'service-manager-letter',
        'letter-only',
        'Housing Ombudsman',
      ],
      [
        'london-borough',
        'restriction',
        'restrict',
        'warning',
        'recorded-contact',
        'Local Government & Social Care Ombudsman',
      ],
    ])('%s: the Ombudsman only', async (slug, stage, transitionKey, fromStage, type, ombudsman) => {
      const seeded = await seedRestrictedCase(api, {
        slug,
        openedBy: `officer@${slug}.example`,
        stage,
        transitionKey,
        fromStage,
        decidedAt: at('2026-01-05T09:00:00Z'),
        participants: [{ email: `officer-2@${slug}.example`, role: 'officer', step: 'propose' }],
        restrictions: [{ type, endsAt: at('2026-07-05T09:00:00Z') }],
        reviewDueAt: at('2026-07-05T09:00:00Z'),
      });
      const res = await lodge(slug, `officer@${slug}.example`, {
        decisionId: seeded.decisionId,
        grounds: 'Disagrees.',
      });
      expect(codeOf(res)).toBe('POLICY_VIOLATION');
      expect(reasonsOf(res)[0]!.code).toBe('NO_APPEAL_ROUTE');
      expect(reasonsOf(res)[0]!.message).toContain(ombudsman);
    });
  });

  describe('Maidstone: heard by the Director of Finance and Business Improvement (§8)', () => {
    let seeded: SeededCase;
    let appealId: string;

    beforeAll(async () => {
      seeded = await seedRestrictedCase(api, {
        slug: 'maidstone',
        openedBy: 'officer@maidstone.example',
        stage: 'policy-applied',
        transitionKey: 'apply-policy',
        fromStage: 'warning',
        decidedAt: at('2026-01-05T09:00:00Z'),
        participants: [
          { email: 'manager@maidstone.example', role: 'manager', step: 'propose' },
          { email: 'head-of-policy@maidstone.example', role: 'head-of-policy', step: 'decide' },
        ],
        restrictions: [
          {
            type: 'single-point-of-contact',
            parameters: { officer: 'J Smith' },
            endsAt: at('2026-04-05T09:00:00Z'),
          },
        ],
        reviewDueAt: at('2026-04-05T09:00:00Z'),
      });
    });

    it('lodges an appeal, once', async () => {
      api.clock.set(at('2026-01-20T09:00:00Z'));
      const res = await lodge('maidstone', 'officer@maidstone.example', {
        decisionId: seeded.decisionId,
        grounds: 'The customer says the evidence was misread.',
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.lodgeAppeal.status).toBe('lodged');
      appealId = res.data!.lodgeAppeal.id;
      const again = await lodge('maidstone', 'officer@maidstone.example', {
        decisionId: seeded.decisionId,
        grounds: 'Again.',
      });
      expect(codeOf(again)).toBe('CONFLICT');
    });

    it('is not heard by the decision maker, nor by a role the policy does not name', async () => {
      const before = await writes();
      const byDecider = await decide('maidstone', 'head-of-policy@maidstone.example', {
        appealId,
        outcome: 'UPHELD',
        note: 'Upheld.',
      });
      expect(codeOf(byDecider)).toBe('POLICY_VIOLATION');
      expect(
        reasonsOf(byDecider)
          .map((r) => r.code)
          .sort(),
      ).toEqual(['INDEPENDENCE', 'WRONG_ROLE']);
      expect(reasonsOf(byDecider)[0]!.message).toContain(
        'Director of Finance and Business Improvement',
      );
      const byOfficer = await decide('maidstone', 'officer@maidstone.example', {
        appealId,
        outcome: 'DISMISSED',
        note: 'Dismissed.',
      });
      expect(reasonsOf(byOfficer).map((r) => r.code)).toEqual(['WRONG_ROLE']);
      expect(await writes()).toEqual(before);
    });

    it('upheld by the Director: the decision’s measures are lifted and the case closes', async () => {
      api.clock.set(at('2026-02-01T09:00:00Z'));
      const res = await decide('maidstone', 'director-of-finance@maidstone.example', {
        appealId,
        outcome: 'UPHELD',
        note: 'The evidence did not meet §4.1.',
      });
      expect(res.errors).toBeUndefined();
      const out = res.data!.decideAppeal;
      expect(out.appeal.status).toBe('upheld');
      expect(out.decision).toMatchObject({ kind: 'appeal', outcome: 'upheld' });
      expect(out.liftedRestrictions).toEqual([{ id: seeded.restrictionIds[0], status: 'lifted' }]);
      expect(out.case).toMatchObject({ stage: 'closed', status: 'closed', reviewDueAt: null });
      const [row] = await api.owner.query(
        `select appeal_of, participants from decision where id = $1`,
        [out.decision.id],
      );
      expect(row.appeal_of).toBe(seeded.decisionId);
      expect(row.participants).toEqual([
        expect.objectContaining({ role: 'director-of-finance', step: 'hear-appeal' }),
      ]);
    });

    it('an appeal is decided once, and a decided decision cannot be appealed again', async () => {
      const twice = await decide('maidstone', 'director-of-finance@maidstone.example', {
        appealId,
        outcome: 'DISMISSED',
        note: 'Again.',
      });
      expect(codeOf(twice)).toBe('CONFLICT');
      const relodge = await lodge('maidstone', 'officer@maidstone.example', {
        decisionId: seeded.decisionId,
        grounds: 'Once more.',
      });
      expect(reasonsOf(relodge).map((r) => r.code)).toEqual(['ALREADY_APPEALED']);
    });

    it('lists appeals on the case', async () => {
      const res = await api.gql<{ case: { appeals: { status: string }[] } }>(
        `query($id: ID!) { case(id: $id) { appeals { status grounds decidedAt } } }`,
        { id: seeded.caseId },
        await api.token('maidstone', 'officer@maidstone.example'),
      );
      expect(res.data!.case.appeals.map((a) => a.status)).toEqual(['upheld']);
    });
  });

  describe('Southampton: the Service Director, Legal & Business Operations (Appeal)', () => {
    const seedSouthampton = (consulted: boolean) =>
      seedRestrictedCase(api, {
        slug: 'southampton',
        openedBy: 'officer@southampton.example',
        stage: 'restriction',
        transitionKey: 'impose-restrictions',
        fromStage: 'local-resolution',
        decidedAt: at('2026-01-05T09:00:00Z'),
        participants: [
          {
            email: 'service-manager@southampton.example',
            role: 'service-manager',
            step: 'propose',
          },
          ...(consulted
            ? [
                {
                  email: 'service-director-legal@southampton.example',
                  role: 'service-director-legal',
                  step: 'consult',
                },
              ]
            : []),
          {
            email: 'complaints-resolution-manager@southampton.example',
            role: 'complaints-resolution-manager',
            step: 'decide',
          },
        ],
        restrictions: [
          {
            type: 'single-point-of-contact',
            parameters: { officer: 'A Officer' },
            endsAt: at('2027-01-05T09:00:00Z'),
          },
        ],
        reviewDueAt: at('2027-01-05T09:00:00Z'),
      });

    it('is heard by the Service Director when they took no part; VARIED amends the measures in the same decision, in writing', async () => {
      api.clock.set(at('2026-01-10T09:00:00Z'));
      const seeded = await seedSouthampton(false);
      const lodged = await lodge('southampton', 'officer@southampton.example', {
        decisionId: seeded.decisionId,
        grounds: 'Disagrees.',
      });
      expect(lodged.errors).toBeUndefined();
      const res = await decide('southampton', 'service-director-legal@southampton.example', {
        appealId: lodged.data!.lodgeAppeal.id,
        outcome: 'VARIED',
        note: 'The named officer changes; otherwise the restriction stands.',
        restrictions: [
          {
            type: 'single-point-of-contact',
            parametersJson: JSON.stringify({ officer: 'B Officer' }),
          },
        ],
      });
      expect(res.errors).toBeUndefined();
      const out = res.data!.decideAppeal;
      expect(out.appeal.status).toBe('varied');
      expect(out.liftedRestrictions).toEqual([]);
      expect(out.case.stage).toBe('restriction');
      // The measure itself changed, in the appeal's own decision: no second review needed.
      expect(out.restrictions.map((r) => [r.type, JSON.parse(r.parametersJson)])).toEqual([
        ['single-point-of-contact', { officer: 'B Officer' }],
      ]);
      // Southampton (Appeal): "in all cases the council will write to the customer".
      expect(out.letter?.templateKey).toBe('appeal-varied-letter');
      expect(out.letter?.body).toContain('amended the decision');
      expect(out.letter?.body).not.toMatch(/decided to restrict/);
      const events = (await api.owner.query(
        `select action from audit_event where case_id = $1 order by seq`,
        [seeded.caseId],
      )) as { action: string }[];
      expect(events.map((e) => e.action).slice(-4)).toEqual([
        'decision.recorded',
        'restriction.varied',
        'letter.drafted',
        'appeal.decided',
      ]);
    });

    it('a VARIED appeal may impose only what the stage allows', async () => {
      api.clock.set(at('2026-01-10T09:00:00Z'));
      const seeded = await seedSouthampton(false);
      const lodged = await lodge('southampton', 'officer@southampton.example', {
        decisionId: seeded.decisionId,
        grounds: 'Disagrees.',
      });
      const res = await decide('southampton', 'service-director-legal@southampton.example', {
        appealId: lodged.data!.lodgeAppeal.id,
        outcome: 'VARIED',
        note: 'Switching to scheduled contact.',
        restrictions: [
          { type: 'scheduled-contact', parametersJson: JSON.stringify({ frequency: 'weekly' }) },
        ],
      });
      expect(codeOf(res)).toBe('POLICY_VIOLATION');
      expect(reasonsOf(res).map((r) => r.code)).toContain('MEASURE_NOT_AT_STAGE');
    });

    it('someone involved in the decision cannot hear the appeal; the nominated officer can', async () => {
      const seeded = await seedSouthampton(true);
      const lodged = await lodge('southampton', 'officer@southampton.example', {
        decisionId: seeded.decisionId,
        grounds: 'Disagrees.',
      });
      const involved = await decide('southampton', 'service-director-legal@southampton.example', {
        appealId: lodged.data!.lodgeAppeal.id,
        outcome: 'UPHELD',
        note: 'Upheld.',
      });
      expect(codeOf(involved)).toBe('POLICY_VIOLATION');
      expect(reasonsOf(involved).map((r) => r.code)).toEqual(['INDEPENDENCE']);
      const res = await decide('southampton', 'appeal-nominated-officer@southampton.example', {
        appealId: lodged.data!.lodgeAppeal.id,
        outcome: 'DISMISSED',
        note: 'The restriction was proportionate.',
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.decideAppeal.appeal.status).toBe('dismissed');
      const [row] = await api.owner.query(`select status from restriction where id = $1`, [
        seeded.restrictionIds[0],
      ]);
      expect(row.status).toBe('active');
    });
  });

  describe('input and tenancy', () => {
    let seeded: SeededCase;
    let appealId: string;
    beforeAll(async () => {
      seeded = await seedRestrictedCase(api, {
        slug: 'maidstone',
        openedBy: 'officer@maidstone.example',
        stage: 'warning',
        transitionKey: 'warn',
        fromStage: 'concern',
        decidedAt: at('2026-01-05T09:00:00Z'),
        participants: [
          { email: 'manager@maidstone.example', role: 'manager', step: 'propose' },
          { email: 'head-of-policy@maidstone.example', role: 'head-of-policy', step: 'decide' },
        ],
        restrictions: [],
        reviewDueAt: null,
      });
      const lodged = await lodge('maidstone', 'officer@maidstone.example', {
        decisionId: seeded.decisionId,
        grounds: 'Disagrees with the warning.',
      });
      appealId = lodged.data!.lodgeAppeal.id;
    });

    it.each([
      [LODGE, { decisionId: 'nope', grounds: 'x' }, 'input.decisionId'],
      [
        LODGE,
        { decisionId: '00000000-0000-4000-8000-000000000000', grounds: ' ' },
        'input.grounds',
      ],
      [
        DECIDE,
        { appealId: 'nope', outcome: 'UPHELD', note: 'x', expectedCaseVersion: 0 },
        'input.appealId',
      ],
      [
        DECIDE,
        {
          appealId: '00000000-0000-4000-8000-000000000000',
          outcome: 'UPHELD',
          note: '',
          expectedCaseVersion: 0,
        },
        'input.note',
      ],
    ])('rejects malformed input (%#) and writes nothing', async (query, input, field) => {
      const before = await writes();
      const res = await api.gql(
        query,
        { input },
        await api.token('maidstone', 'director-of-finance@maidstone.example'),
      );
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await writes()).toEqual(before);
    });

    it('answers another council’s decision and appeal ids exactly like missing ones', async () => {
      const before = await writes();
      const missing = '00000000-0000-4000-8000-000000000000';
      const foreignLodge = await lodge('southampton', 'officer@southampton.example', {
        decisionId: seeded.decisionId,
        grounds: 'x',
      });
      const missingLodge = await lodge('southampton', 'officer@southampton.example', {
        decisionId: missing,
        grounds: 'x',
      });
      expect(codeOf(foreignLodge)).toBe('NOT_FOUND');
      expect(foreignLodge.errors?.[0]?.message).toBe(missingLodge.errors?.[0]?.message);
      const foreignDecide = await decide(
        'southampton',
        'service-director-legal@southampton.example',
        {
          appealId,
          outcome: 'UPHELD',
          note: 'x',
        },
      );
      const missingDecide = await decide(
        'southampton',
        'service-director-legal@southampton.example',
        {
          appealId: missing,
          outcome: 'UPHELD',
          note: 'x',
        },
      );
      expect(codeOf(foreignDecide)).toBe('NOT_FOUND');
      expect(foreignDecide.errors?.[0]?.message).toBe(missingDecide.errors?.[0]?.message);
      expect(await writes()).toEqual(before);
    });

    it('the tenant admin, who does no casework, is FORBIDDEN', async () => {
      const res = await decide('maidstone', 'admin@maidstone.example', {
        appealId,
        outcome: 'UPHELD',
        note: 'x',
      });
      expect(codeOf(res)).toBe('FORBIDDEN');
    });

    it('an upheld appeal against a warning lifts nothing and leaves the stage', async () => {
      const res = await decide('maidstone', 'director-of-finance@maidstone.example', {
        appealId,
        outcome: 'UPHELD',
        note: 'The warning was not justified.',
      });
      expect(res.errors).toBeUndefined();
      expect(res.data!.decideAppeal.liftedRestrictions).toEqual([]);
      expect(res.data!.decideAppeal.case.stage).toBe('warning');
    });
  });
});
