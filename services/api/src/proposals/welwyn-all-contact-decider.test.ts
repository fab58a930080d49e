import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { Casework, violation } from '@conduct/api/testing/proposals/casework.testkit';
import { seedCouncilCase } from '@conduct/api/testing/reviews/restricted-case.fixture';
import { withCaseVersion } from '@conduct/api/testing/case-version';

/**
 * Welwyn Hatfield §8.2 / §9.2: refusing all contact is decided by a member of the Senior
 * Management Team in consultation with the Assistant Director, or by the Assistant Director
 * (§9.2 "will be taken by the Assistant Director ... or their management"). Nobody else.
 */
const at = (iso: string) => new Date(iso);

describe('Welwyn Hatfield: who may refuse all contact (§8.2, §9.2)', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  /** A restricted case whose review escalates: the refuse-all-contact proposal is open. */
  const escalated = async (cw: Casework) => {
    api.clock.set(at('2026-01-05T09:00:00Z'));
    const seeded = await seedCouncilCase(api, 'welwyn-hatfield', {
      decidedAt: at('2026-01-05T09:00:00Z'),
      restrictions: [{ type: 'letter-only', endsAt: at('2027-01-05T09:00:00Z') }],
      reviewDueAt: at('2027-01-05T09:00:00Z'),
    });
    api.clock.set(at('2026-12-20T09:00:00Z'));
    const res = await cw.gql<{ recordReview: { proposal: { id: string } | null } }>(
      'service-manager',
      `mutation($input: RecordReviewInput!) { recordReview(input: $input) { proposal { id } } }`,
      {
        input: await withCaseVersion(api, {
          caseId: seeded.caseId,
          outcome: 'ESCALATE',
          note: 'Behaviour continued after the restrictions.',
          restrictions: [{ type: 'all-contact-refused', parametersJson: '{}' }],
          durationMonths: 12,
        }),
      },
    );
    expect(res.errors).toBeUndefined();
    // §8.2 "continues to behave": conduct logged since the review, checks attested for this decision.
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
    return { ...seeded, proposalId: res.data!.recordReview.proposal!.id };
  };

  it('refuses a role the text does not name, and the SMT before the AD is consulted', async () => {
    const cw = new Casework(api, 'welwyn-hatfield');
    const { proposalId } = await escalated(cw);
    for (const who of ['customer-transformation-team', 'service-manager']) {
      const res = await cw.act(who, proposalId, 'APPROVE');
      expect(violation(res).code).toBe('POLICY_VIOLATION');
      expect(violation(res).reasons).toContain('WRONG_ROLE');
    }
    const bySmt = await cw.act('senior-management-team', proposalId, 'APPROVE');
    expect(violation(bySmt).reasons).toEqual(['CONSULTATION_MISSING']);
  });

  it('§9.2: the Assistant Director decides, with no consultation of themselves', async () => {
    const cw = new Casework(api, 'welwyn-hatfield');
    const { proposalId } = await escalated(cw);
    const decided = await cw.approve('assistant-director-customer-transformation', proposalId);
    expect(decided.case.stage).toBe('all-contact-refused');
    expect(decided.restrictions.map((r) => r.type)).toEqual(['all-contact-refused']);
    await cw.auditChainOk();
  });
});
