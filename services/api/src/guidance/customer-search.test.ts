import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { seedFrontLine } from '@conduct/api/testing/guidance/front-line.fixture';

const GUIDANCE = `query($q: String!) {
  contactGuidance(customerQuery: $q, channel: "telephone") { customerId reference fullName score }
}`;

interface Hit {
  customerId: string;
  reference: string;
  fullName: string;
  score: number;
}

/**
 * The front-line search's answers (migration 1764200000155): exact look-ups
 * first, then every word typed, then misspellings only when nobody matched.
 */
describe('front-line customer search', () => {
  let api: TestApi;
  let officer: string;
  let mary: { customerId: string; reference: string };
  let bartholomew: { customerId: string; reference: string };

  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-01-06T10:30:00Z') });
    officer = await api.token('maidstone', 'officer@maidstone.example');
    mary = await seedFrontLine(api, {
      slug: 'maidstone',
      fullName: 'Mary Smith',
      email: 'Mary.Smith@Example.org',
      phone: '01622 602000',
    });
    bartholomew = await seedFrontLine(api, {
      slug: 'maidstone',
      fullName: 'Bartholomew Quigley-Ashcroft',
    });
    // 300 customers sharing Mary Smith's words (and her mail provider), none of them her.
    await api.owner.query(
      `insert into customer (tenant_id, reference, full_name, email, created_at, updated_at)
       select $1, 'NEAR-' || g, (array['Mary Smithson', 'Mary Anne Smith', 'Smith Mary-Jo', 'Rosemary Smith'])[1 + g % 4],
              'near' || g || '@example.org', now(), now()
         from generate_series(1, 300) g`,
      [api.tenants.maidstone],
    );
    // The same name in another council.
    await seedFrontLine(api, { slug: 'southampton', fullName: 'Mary Smith' });
    await api.owner.query('vacuum analyze customer');
  });
  afterAll(() => api.close());

  const ask = async (q: string): Promise<Hit[]> => {
    const res = await api.gql<{ contactGuidance: Hit[] }>(GUIDANCE, { q }, officer);
    expect(res.errors).toBeUndefined();
    return res.data!.contactGuidance;
  };

  it('puts the exact full name first, whatever the case, spacing or punctuation', async () => {
    for (const q of ['Mary Smith', 'mary   SMITH', 'Mary, Smith.']) {
      const hits = await ask(q);
      expect(hits[0]).toMatchObject({ customerId: mary.customerId, score: 1 });
      // Only one Mary Smith of this council; the rest hold her words but are not exact.
      expect(hits.slice(1).every((h) => h.score < 1)).toBe(true);
      expect(hits).toHaveLength(5);
    }
  });

  it('finds every word typed in any order, the last word as a prefix', async () => {
    const reordered = await ask('Smith, Mary');
    expect(reordered.map((h) => h.customerId)).toContain(mary.customerId);
    const typing = await ask('Quigley-Ash');
    expect(typing[0]).toMatchObject({ customerId: bartholomew.customerId });
    const surnameFirst = await ask('Ashcroft Bartholomew');
    expect(surnameFirst[0]).toMatchObject({ customerId: bartholomew.customerId });
    // Every answer holds both words.
    const both = await ask('Mary Anne');
    expect(both.length).toBeGreaterThan(0);
    for (const h of both) expect(h.fullName).toMatch(/Mary Anne/);
  });

  it('falls back to misspellings only when no name matches word for word', async () => {
    const [hit] = await ask('Bartolomew Quigly Ashcroft');
    expect(hit).toMatchObject({ customerId: bartholomew.customerId });
    expect(hit!.score).toBeLessThan(1);
  });

  it('finds email, phone and reference exactly and ignoring case, never by their likeness', async () => {
    expect((await ask('mary.smith@example.ORG'))[0]).toMatchObject({
      customerId: mary.customerId,
      score: 1,
    });
    expect((await ask('+44 1622 602000'))[0]).toMatchObject({
      customerId: mary.customerId,
      score: 1,
    });
    expect((await ask(mary.reference.toLowerCase()))[0]).toMatchObject({
      customerId: mary.customerId,
      score: 1,
    });
    // An email nobody has lists nobody, not the 300 customers of the same provider.
    expect(await ask('somebody.else@example.org')).toEqual([]);
  });

  it('never finds a purged customer', async () => {
    const gone = await seedFrontLine(api, {
      slug: 'maidstone',
      fullName: 'Ebenezer Gone',
      email: 'ebenezer@example.net',
    });
    expect((await ask('Ebenezer Gone'))[0]).toMatchObject({ customerId: gone.customerId });
    await api.owner.query(`update customer set purged_at = now() where id = $1`, [gone.customerId]);
    for (const q of ['Ebenezer Gone', 'Ebenezr Gone', 'ebenezer@example.net', gone.reference])
      expect(await ask(q)).toEqual([]);
  });
});
