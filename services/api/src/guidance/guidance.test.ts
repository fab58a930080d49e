import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPolicyText, type Policy } from '@conduct/policy';
import { TENANTS_DIR } from '../tenancy/apply-tenants';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { channelInfo } from './channel-kinds';
import { seedFrontLine } from '@conduct/api/testing/guidance/front-line.fixture';
import { channelGuidance } from './measures';

const GUIDANCE = `query($q: String!, $channel: String!) {
  contactGuidance(customerQuery: $q, channel: $channel) {
    customerId reference fullName score channel verdict allowed summary instructions filedWithoutReply newMattersAccepted
    details { safeguardingNotes vulnerabilityFlags cases { reference stageLabel reasons restrictions { type label } } }
  }
}`;

interface Answer {
  customerId: string;
  reference: string;
  fullName: string;
  verdict: string;
  allowed: boolean;
  summary: string;
  instructions: string[];
  filedWithoutReply: boolean;
  details: null | {
    safeguardingNotes: string | null;
    cases: { reference: string; reasons: string[]; restrictions: { type: string }[] }[];
  };
}

const SLUGS = [
  'london-borough',
  'maidstone',
  'welwyn-hatfield',
  'southampton',
  'cheshire-west-and-chester',
];
const policyOf = (slug: string): Policy =>
  checkPolicyText(readFileSync(join(TENANTS_DIR, slug, 'policy.yaml'), 'utf8')).policy!;

function sampleParameters(policy: Policy, type: string): Record<string, unknown> {
  const letter = Object.keys(policy.channels).find(
    (k) => channelInfo(policy, k).kind === 'letter',
  )!;
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(policy.restrictionTypes[type]!.parameters)) {
    params[name] = {
      officer: 'J. Smith',
      'staff-user': '6f1c2a4e-0b7d-4c1e-9a51-3d2f8e7b6c10',
      channel: letter,
      weekdays: ['tuesday'],
      'time-window': { from: '10:00', to: '12:00' },
      minutes: 15,
      count: 3,
      text: 'planning application 21/0042',
    }[spec.type];
  }
  return params;
}

describe('contact guidance over the API', () => {
  let api: TestApi;
  let maidstoneOfficer: string;
  let head: string;
  let southamptonOfficer: string;
  let restricted: Awaited<ReturnType<typeof seedFrontLine>>;

  beforeAll(async () => {
    // Tuesday 6 January 2026, 10:30 in London.
    api = await startTestApi({ now: new Date('2026-01-06T10:30:00Z') });
    maidstoneOfficer = await api.token('maidstone', 'officer@maidstone.example');
    head = await api.token('maidstone', 'head-of-policy@maidstone.example');
    southamptonOfficer = await api.token('southampton', 'officer@southampton.example');
    restricted = await seedFrontLine(api, {
      slug: 'maidstone',
      fullName: 'Jonathan Whitfield',
      email: 'jonathan.whitfield@example.org',
      phone: '07700 900123',
      safeguardingNotes: 'Carer reports a recent bereavement',
      rationale: 'Forty calls a week about the closed planning complaint',
      restrictions: [
        { type: 'single-channel', parameters: { channel: 'letter' } },
        { type: 'read-and-file', parameters: { officer: 'J. Smith' } },
      ],
    });
    // The same person is also a customer of Southampton, with no restriction there.
    await seedFrontLine(api, {
      slug: 'southampton',
      fullName: 'Jonathan Whitfield',
      email: 'jonathan.whitfield@example.org',
      phone: '07700 900123',
    });
  });
  afterAll(() => api.close());

  const ask = async (token: string, q: string, channel: string) => {
    const res = await api.gql<{ contactGuidance: Answer[] }>(GUIDANCE, { q, channel }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.contactGuidance;
  };

  it('finds a misspelt name and answers for the channel in hand', async () => {
    const [hit] = await ask(maidstoneOfficer, 'Jonathon Whitfeild', 'letter');
    expect(hit).toMatchObject({
      customerId: restricted.customerId,
      verdict: 'CONDITIONS',
      allowed: true,
      filedWithoutReply: true,
    });
    expect(hit!.summary).toContain('Letter only');
    expect(hit!.summary).toContain('the named officer J. Smith');
    const [phone] = await ask(maidstoneOfficer, 'Jonathon Whitfeild', 'telephone');
    expect(phone).toMatchObject({ verdict: 'NOT_ALLOWED', allowed: false });
  });

  it('finds the customer by email, by phone in another format and by reference', async () => {
    for (const q of ['Jonathan.Whitfield@example.org', '+44 7700 900123', restricted.reference]) {
      const found = await ask(maidstoneOfficer, q, 'email');
      expect(found.map((f) => f.customerId)).toContain(restricted.customerId);
    }
  });

  it('a customer restricted in one council is unrestricted in another', async () => {
    const [there] = await ask(southamptonOfficer, 'Jonathan Whitfield', 'telephone');
    expect(there).toMatchObject({
      verdict: 'ALLOWED',
      allowed: true,
      summary: 'No restrictions',
      details: null,
    });
    expect(there!.customerId).not.toBe(restricted.customerId);
  });

  it('gives an officer the instruction but no case details; the policy’s readers get them', async () => {
    const officerRes = await api.gql(
      GUIDANCE,
      { q: 'Jonathan Whitfield', channel: 'letter' },
      maidstoneOfficer,
    );
    const text = JSON.stringify(officerRes);
    expect(text).toContain('J. Smith');
    expect(text).not.toContain('Forty calls a week');
    expect(text).not.toContain('bereavement');
    expect(text).not.toContain('CASE-');
    const [forHead] = await ask(head, 'Jonathan Whitfield', 'letter');
    expect(forHead!.details).toMatchObject({
      safeguardingNotes: 'Carer reports a recent bereavement',
      cases: [{ reasons: ['Forty calls a week about the closed planning complaint'] }],
    });
  });

  it('audits every look-up with ids only', async () => {
    const before = Number(
      (
        await api.owner.query(
          `select count(*) from audit_event where action = 'guidance.looked-up'`,
        )
      )[0].count,
    );
    await ask(maidstoneOfficer, 'Jonathan Whitfield', 'email');
    const rows = (await api.owner.query(
      `select actor_id, entity_id, payload from audit_event where action = 'guidance.looked-up' order by occurred_at desc, seq desc`,
    )) as { actor_id: string; entity_id: string; payload: Record<string, unknown> }[];
    expect(rows.length).toBe(before + 1);
    expect(rows[0]!.entity_id).toBe(restricted.customerId);
    expect(rows[0]!.payload).toEqual({ channel: 'email', customerIds: [restricted.customerId] });
    expect(JSON.stringify(rows)).not.toMatch(/Whitfield|example\.org|7700/);
  });

  it('refuses a channel the policy does not have', async () => {
    const res = await api.gql(
      GUIDANCE,
      { q: 'Jonathan', channel: 'carrier-pigeon' },
      maidstoneOfficer,
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'channel' });
  });

  it.each(SLUGS)(
    '%s: answers for every measure of its catalogue on every channel',
    async (slug) => {
      const policy = policyOf(slug);
      const officer = await api.token(slug, `officer@${slug}.example`);
      for (const type of Object.keys(policy.restrictionTypes)) {
        const parameters = sampleParameters(policy, type);
        const seeded = await seedFrontLine(api, {
          slug,
          fullName: `Measure ${type}`,
          restrictions: [{ type, parameters }],
        });
        for (const channel of Object.keys(policy.channels)) {
          const [hit] = await ask(officer, seeded.reference, channel);
          const expected = channelGuidance(
            channelInfo(policy, channel),
            [{ type, parameters, policy }],
            api.clock.now(),
          );
          expect([type, channel, hit!.customerId, hit!.summary, hit!.allowed]).toEqual([
            type,
            channel,
            seeded.customerId,
            expected.summary,
            expected.allowed,
          ]);
          expect(hit!.summary).not.toBe('No restrictions');
        }
      }
    },
  );
});
