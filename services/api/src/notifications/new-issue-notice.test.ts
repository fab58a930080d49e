import { seedFrontLine } from '@conduct/api/testing/guidance/front-line.fixture';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

const LOG = `mutation($input: LogContactInput!) { logContact(input: $input) { id newIssue } }`;
const NOTICES = `query { myNotifications { edges { node { kind caseId title body } } } }`;

interface Notice {
  kind: string;
  caseId: string;
  title: string;
  body: string;
}

describe('a new issue raised by a restricted customer is notified to the roles the policy names', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  const as = (slug: string, role: string) => api.token(slug, `${role}@${slug}.example`);
  const logContact = async (slug: string, customerId: string, newIssue: boolean) => {
    const res = await api.gql<{ logContact: { id: string; newIssue: boolean } }>(
      LOG,
      {
        input: {
          customerId,
          occurredAt: api.clock.now().toISOString(),
          channel: 'email',
          severity: 'low',
          description: 'Asks about a new planning matter.',
          newIssue,
        },
      },
      await as(slug, 'officer'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.logContact.newIssue).toBe(newIssue);
  };
  const notices = async (slug: string, role: string): Promise<Notice[]> => {
    const res = await api.gql<{ myNotifications: { edges: { node: Notice }[] } }>(
      NOTICES,
      {},
      await as(slug, role),
    );
    return res
      .data!.myNotifications.edges.map((e) => e.node)
      .filter((n) => n.kind === 'new-issue-while-restricted');
  };

  it('Maidstone §7.3: the reviewers and the Head of Policy are told; the name is never in it', async () => {
    const seeded = await seedFrontLine(api, {
      slug: 'maidstone',
      fullName: 'Rowan Restricted',
      restrictions: [{ type: 'call-time-limit', parameters: { minutes: 10 } }],
    });
    await logContact('maidstone', seeded.customerId, false);
    expect(await notices('maidstone', 'head-of-policy')).toEqual([]);
    await logContact('maidstone', seeded.customerId, true);
    for (const role of ['head-of-policy', 'policy-and-information-team']) {
      const [notice] = await notices('maidstone', role);
      expect(notice).toMatchObject({ caseId: seeded.caseId });
      expect(notice!.body).toContain('§7.3');
      expect(`${notice!.title} ${notice!.body}`).not.toContain('Rowan');
    }
    expect(await notices('maidstone', 'officer')).toEqual([]);
  });

  it('no notice for a new issue from a customer with no measures in force', async () => {
    const free = await seedFrontLine(api, { slug: 'maidstone', fullName: 'Uma Unrestricted' });
    await logContact('maidstone', free.customerId, true);
    const all = await notices('maidstone', 'head-of-policy');
    expect(all.every((n) => n.caseId !== free.caseId)).toBe(true);
  });

  it('London "Future unrelated complaints": the Head of Customer Engagement is told', async () => {
    const seeded = await seedFrontLine(api, {
      slug: 'london-borough',
      fullName: 'Lou London',
      restrictions: [{ type: 'recorded-contact' }],
    });
    await logContact('london-borough', seeded.customerId, true);
    expect(await notices('london-borough', 'head-of-customer-engagement')).toEqual([
      expect.objectContaining({ caseId: seeded.caseId }),
    ]);
  });
});
