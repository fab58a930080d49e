import { PolicyVersions, runExpiry } from '@conduct/worker';
import { Casework } from '@conduct/api/testing/proposals/casework.testkit';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { caseVersionOf } from '@conduct/api/testing/case-version';

const REVIEW = `mutation($input: RecordReviewInput!) { recordReview(input: $input) { case { status } } }`;
const CASES = 12;

/**
 * A review that lifts restrictions and the worker ending the same restrictions
 * on their end date, at the same moment: both lock the case before its
 * restrictions, so neither deadlocks (the expiry skips a case being reviewed).
 */
describe('a review and the expiry job on the same restrictions at once', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  it('completes both, every time', async () => {
    const cw = new Casework(api, 'southampton');
    const cases: string[] = [];
    for (let i = 0; i < CASES; i += 1) {
      api.clock.set(new Date('2026-01-05T09:00:00Z'));
      const ids = await cw.openCase('officer', `Person ${i}`);
      await cw.logContact('officer', ids, 'telephone', ['excessive-demands']);
      const local = await cw.propose('officer', {
        caseId: ids.caseId,
        toStage: 'local-resolution',
        rationale: 'Repeated demands.',
        restrictions: [
          { type: 'scheduled-contact', parametersJson: '{"frequency":"fortnightly"}' },
        ],
        durationMonths: 3,
      });
      const resolved = await cw.approve('service-manager', local);
      api.clock.set(new Date('2026-04-01T09:00:00Z'));
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
      const restrict = await cw.propose('service-manager', {
        caseId: ids.caseId,
        toStage: 'restriction',
        rationale: 'Demands continued.',
        evidenceContactIds: [continued],
        restrictions: [
          { type: 'single-channel', parameters: [{ name: 'channel', text: 'letter' }] },
          { type: 'single-point-of-contact', parameters: [{ name: 'officer', text: 'A Officer' }] },
        ],
        durationMonths: 12,
      });
      await cw.consult('complaints-resolution-manager', ids.caseId, 'head-of-service-legal');
      await cw.approve('complaints-resolution-manager', restrict);
      cases.push(ids.caseId);
    }
    // The restrictions' end date: the reviews lift them as the worker ends them.
    const at = new Date('2027-04-01T09:00:00Z');
    api.clock.set(at);
    // Each reviewer decides on the case as they last read it.
    const versions = await Promise.all(cases.map((caseId) => caseVersionOf(api, { caseId })));
    // A deadlock would reject the expiry run (and so this await) or fail a review.
    const [, ...reviews] = await Promise.all([
      runExpiry(
        { ds: api.ds, clock: { now: () => at }, policies: new PolicyVersions() },
        api.tenants.southampton!,
      ),
      ...cases.map((caseId, i) =>
        cw.gql('complaints-resolution-manager', REVIEW, {
          input: {
            caseId,
            outcome: 'LIFT',
            note: 'Conduct has improved.',
            expectedCaseVersion: versions[i],
          },
        }),
      ),
    ]);
    // Either the review came first, or the expiry did and the review (on a stale view) is refused.
    for (const r of reviews) {
      expect(['ok', 'CONFLICT']).toContain(r.errors?.[0]?.extensions?.code ?? 'ok');
    }
    // Whatever the expiry did not end, the reviews lifted: none is left active.
    const [left] = (await api.owner.query(
      `select count(*)::int as n from restriction where case_id = any($1::uuid[]) and status = 'active'`,
      [cases],
    )) as { n: number }[];
    expect(left!.n).toBe(0);
    await cw.auditChainOk();
  }, 240_000);
});
