import { AppUser, ManagedCase, withTenant } from '@conduct/db';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { seedRestrictedCase } from '@conduct/api/testing/reviews/restricted-case.fixture';

const REGISTER = `query($first: Int!, $after: String, $sort: RegisterSortInput) {
  register(first: $first, after: $after, sort: $sort) {
    pageInfo { hasNextPage endCursor }
    edges { node { caseReference openedAt reviewDueAt } }
  }
}`;

interface Entry {
  caseReference: string;
  openedAt: string;
  reviewDueAt: string | null;
}
interface Page {
  register: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: Entry }[];
  };
}

const DAY = 86_400_000;

/**
 * The register's order (`sort`) and its keyset pages: every order walked two
 * entries at a time gives each entry once, in the order the column says, a
 * case with no review date last either way; a cursor continues only its own
 * order. And `colleagues`: whom staff may name, by role.
 */
describe('the register in order, page by page; colleagues by role', () => {
  let api: TestApi;
  let head: string;

  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-03-01T09:00:00Z') });
    head = await api.token('maidstone', 'head-of-policy@maidstone.example');
    const reviews = [40, null, 10, 70, 25];
    for (const [i, days] of reviews.entries())
      await seedRestrictedCase(api, {
        slug: 'maidstone',
        openedBy: 'officer@maidstone.example',
        fullName: `Order ${i} Example`,
        stage: 'policy-applied',
        transitionKey: 'apply-policy',
        fromStage: 'warning',
        decidedAt: new Date('2026-02-01T09:00:00Z'),
        participants: [
          { email: 'manager@maidstone.example', role: 'manager', step: 'propose' },
          { email: 'head-of-policy@maidstone.example', role: 'head-of-policy', step: 'decide' },
        ],
        restrictions: [{ type: 'call-time-limit', parameters: { minutes: 10 }, endsAt: null }],
        reviewDueAt:
          days === null ? null : new Date(Date.parse('2026-03-01T09:00:00Z') + days * DAY),
      });
    // Opened at distinct times, so the default order is known.
    await withTenant(api.ds, api.tenants.maidstone!, async (em) => {
      const cases = await em.find(ManagedCase, { where: { tenantId: em.tenantId } });
      for (const [i, c] of cases.entries())
        await em.update(
          ManagedCase,
          { tenantId: c.tenantId, id: c.id },
          { openedAt: new Date(Date.parse('2026-01-01T09:00:00Z') + i * DAY) },
        );
    });
  });
  afterAll(() => api.close());

  async function walk(sort?: object): Promise<Entry[]> {
    const all: Entry[] = [];
    let after: string | null = null;
    do {
      const variables: Record<string, unknown> = { first: 2, after, sort };
      const res = await api.gql<Page>(REGISTER, variables, head);
      expect(res.errors).toBeUndefined();
      all.push(...res.data!.register.edges.map((e) => e.node));
      after = res.data!.register.pageInfo.hasNextPage
        ? res.data!.register.pageInfo.endCursor
        : null;
    } while (after);
    return all;
  }

  const refs = (entries: Entry[]) => entries.map((e) => e.caseReference);
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

  it('each order, two at a time: every entry once, in the column’s order', async () => {
    const newest = await walk();
    expect(newest).toHaveLength(5);
    expect(newest.map((e) => e.openedAt)).toEqual(
      newest.map((e) => e.openedAt).sort((a, b) => byText(b, a)),
    );
    expect(refs(await walk({ by: 'OPENED', direction: 'DESC' }))).toEqual(refs(newest));
    expect(refs(await walk({ by: 'OPENED', direction: 'ASC' }))).toEqual(refs(newest).reverse());

    const az = await walk({ by: 'REFERENCE', direction: 'ASC' });
    expect(refs(az)).toEqual([...refs(newest)].sort(byText));
    expect(refs(await walk({ by: 'REFERENCE', direction: 'DESC' }))).toEqual(refs(az).reverse());

    // No review date: last, whichever way.
    const soonest = await walk({ by: 'REVIEW_DUE', direction: 'ASC' });
    const latest = await walk({ by: 'REVIEW_DUE', direction: 'DESC' });
    const dated = newest.filter((e) => e.reviewDueAt).map((e) => e.reviewDueAt!);
    expect(soonest.map((e) => e.reviewDueAt)).toEqual([...dated.sort(byText), null]);
    expect(latest.map((e) => e.reviewDueAt)).toEqual([...dated.reverse(), null]);
  });

  it('a cursor of one order does not continue another', async () => {
    const first = await api.gql<Page>(
      REGISTER,
      { first: 1, sort: { by: 'REFERENCE', direction: 'ASC' } },
      head,
    );
    const res = await api.gql(
      REGISTER,
      {
        first: 1,
        after: first.data!.register.pageInfo.endCursor,
        sort: { by: 'REVIEW_DUE', direction: 'ASC' },
      },
      head,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const junk = await api.gql(REGISTER, { first: 1, after: 'not-a-cursor' }, head);
    expect(junk.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('colleagues: the council’s active people holding the role, never another council’s', async () => {
    const query = `query($role: String) { colleagues(role: $role) { id displayName roles } }`;
    const managers = await api.gql<{ colleagues: { displayName: string; roles: string[] }[] }>(
      query,
      { role: 'manager' },
      head,
    );
    expect(managers.errors).toBeUndefined();
    expect(managers.data!.colleagues.length).toBeGreaterThan(0);
    for (const u of managers.data!.colleagues) expect(u.roles).toContain('manager');
    // Deactivated: no longer offered.
    const [manager] = await withTenant(api.ds, api.tenants.maidstone!, (em) =>
      em.find(AppUser, { where: { tenantId: em.tenantId, email: 'manager@maidstone.example' } }),
    );
    await withTenant(api.ds, api.tenants.maidstone!, (em) =>
      em.update(AppUser, { tenantId: em.tenantId, id: manager!.id }, { active: false }),
    );
    const after = await api.gql<{ colleagues: { id: string }[] }>(query, { role: 'manager' }, head);
    expect(after.data!.colleagues.map((u) => u.id)).not.toContain(manager!.id);
    const london = await api.gql<{ colleagues: { id: string }[] }>(
      query,
      {},
      await api.token('london-borough', 'officer@london-borough.example'),
    );
    expect(london.data!.colleagues.map((u) => u.id)).not.toContain(manager!.id);
    expect(london.data!.colleagues.length).toBeGreaterThan(0);
  });
});
