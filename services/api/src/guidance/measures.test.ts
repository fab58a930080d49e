import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPolicyText, restrictionReasons, type Policy } from '@conduct/policy';
import { TENANTS_DIR } from '../tenancy/apply-tenants';
import { channelInfo } from './channel-kinds';
import { NO_RESTRICTIONS, channelGuidance, filesWithoutReply } from './measures';

const SLUGS = [
  'london-borough',
  'maidstone',
  'welwyn-hatfield',
  'southampton',
  'cheshire-west-and-chester',
];

function load(slug: string): Policy {
  const { policy, errors } = checkPolicyText(
    readFileSync(join(TENANTS_DIR, slug, 'policy.yaml'), 'utf8'),
  );
  if (!policy) throw new Error(`${slug}: ${errors[0]?.message}`);
  return policy;
}

const policies = Object.fromEntries(SLUGS.map((s) => [s, load(s)]));
// A Tuesday, 10:30 in London (GMT in January).
const INSIDE = new Date('2026-01-06T10:30:00Z');
const OUTSIDE = new Date('2026-01-07T16:00:00Z');

/** Parameters of the kind each spec asks for, as a proposal would carry them. */
function sampleParameters(policy: Policy, type: string, letterChannel: string) {
  const params: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(policy.restrictionTypes[type]!.parameters)) {
    params[name] = {
      officer: 'J. Smith',
      'staff-user': '6f1c2a4e-0b7d-4c1e-9a51-3d2f8e7b6c10',
      channel: letterChannel,
      weekdays: ['tuesday'],
      'time-window': { from: '10:00', to: '12:00' },
      minutes: 15,
      count: 3,
      text: 'planning application 21/0042',
    }[spec.type];
  }
  return params;
}

const letterChannel = (policy: Policy) =>
  Object.keys(policy.channels).find((k) => channelInfo(policy, k).kind === 'letter')!;

describe('contact guidance for every measure in the five catalogues', () => {
  const cases = SLUGS.flatMap((slug) =>
    Object.keys(policies[slug]!.restrictionTypes).map((type) => [slug, type] as const),
  );

  it('knows what kind every council’s channels are', () => {
    for (const slug of SLUGS) {
      const policy = policies[slug]!;
      for (const key of Object.keys(policy.channels)) {
        expect([slug, key, channelInfo(policy, key).kind]).not.toContainEqual(undefined);
      }
    }
  });

  it.each(cases)('%s: %s answers for each channel from its parameters', (slug, type) => {
    const policy = policies[slug]!;
    const parameters = sampleParameters(policy, type, letterChannel(policy));
    expect(restrictionReasons(policy, [{ type, parameters }])).toEqual([]);
    const answers = Object.keys(policy.channels).map((key) =>
      channelGuidance(channelInfo(policy, key), [{ type, parameters, policy }], INSIDE),
    );
    // The measure changes what staff do on at least one channel...
    expect(answers.some((a) => a.verdict !== 'allowed')).toBe(true);
    for (const a of answers) {
      expect(a.summary).not.toBe(NO_RESTRICTIONS);
      expect(a.summary).not.toMatch(/undefined|\[object|null/);
      expect(a.allowed).toBe(a.verdict !== 'not-allowed');
      if (a.verdict !== 'allowed') expect(a.instructions.length).toBeGreaterThan(0);
    }
    // ...and every parameter value given reaches the instruction on some channel.
    const said = answers.map((a) => a.summary).join(' | ');
    for (const [name, spec] of Object.entries(policy.restrictionTypes[type]!.parameters)) {
      const v = parameters[name];
      if (spec.type === 'officer' || spec.type === 'text') expect(said).toContain(String(v));
      if (spec.type === 'minutes') expect(said).toContain('15 minutes');
      if (spec.type === 'count') expect(said).toContain('3 calls');
      if (spec.type === 'weekdays') expect(said).toContain('Tuesdays');
      if (spec.type === 'time-window') expect(said).toContain('10:00–12:00');
    }
  });

  it('says "No restrictions" when nothing is active', () => {
    const policy = policies.maidstone!;
    const g = channelGuidance(channelInfo(policy, 'telephone'), [], INSIDE);
    expect(g).toMatchObject({ verdict: 'allowed', allowed: true, summary: NO_RESTRICTIONS });
  });

  it('combines measures into one plain answer (Welwyn Hatfield)', () => {
    const policy = policies['welwyn-hatfield']!;
    const measures = [
      { type: 'letter-only', parameters: {}, policy },
      { type: 'single-named-officer', parameters: { officer: 'J. Smith' }, policy },
      {
        type: 'no-reply-on-topic',
        parameters: { topic: 'planning application 21/0042', officer: 'J. Smith' },
        policy,
      },
      {
        type: 'call-days-times',
        parameters: { days: ['tuesday'], times: { from: '10:00', to: '12:00' }, minutes: 15 },
        policy,
      },
    ];
    const letter = channelGuidance(channelInfo(policy, 'letter'), measures, INSIDE);
    expect(letter.verdict).toBe('conditions');
    expect(letter.filedWithoutReply).toBe(true);
    expect(letter.summary).toContain('Letters only');
    expect(letter.summary).toContain('the named officer J. Smith');
    expect(letter.summary).toContain(
      "acknowledge nothing on the topic 'planning application 21/0042'",
    );
    const email = channelGuidance(channelInfo(policy, 'email'), measures, INSIDE);
    expect(email).toMatchObject({ verdict: 'not-allowed', allowed: false });
    expect(email.instructions[0]).toMatch(/^Correspondence by letter, not email/);
    const phone = channelGuidance(channelInfo(policy, 'telephone'), measures, INSIDE);
    expect(phone.verdict).toBe('conditions');
    expect(phone.instructions).toContain('Calls: Tuesdays 10:00–12:00, 15 minutes');
    const phoneLater = channelGuidance(channelInfo(policy, 'telephone'), measures, OUTSIDE);
    expect(phoneLater).toMatchObject({ verdict: 'not-allowed', allowed: false });
    expect(phoneLater.summary).toContain('outside those times now');
  });

  it('refuses every channel under all-contact-refused, and only other channels under single-channel', () => {
    const london = policies['london-borough']!;
    for (const key of Object.keys(london.channels)) {
      const g = channelGuidance(
        channelInfo(london, key),
        [{ type: 'all-contact-refused', parameters: {}, policy: london }],
        INSIDE,
      );
      expect(g.allowed).toBe(false);
    }
    const maidstone = policies.maidstone!;
    const only = [{ type: 'single-channel', parameters: { channel: 'email' }, policy: maidstone }];
    expect(channelGuidance(channelInfo(maidstone, 'email'), only, INSIDE).allowed).toBe(true);
    expect(channelGuidance(channelInfo(maidstone, 'telephone'), only, INSIDE).allowed).toBe(false);
  });

  it('answers a measure outside the vocabulary from its parameter types', () => {
    const base = policies.maidstone!;
    const policy: Policy = {
      ...base,
      restrictionTypes: {
        ...base.restrictionTypes,
        'bespoke-measure': {
          label: 'A bespoke measure',
          parameters: { officer: { type: 'officer', label: 'Officer', required: true } },
        },
      },
    };
    const g = channelGuidance(
      channelInfo(policy, 'email'),
      [{ type: 'bespoke-measure', parameters: { officer: 'K. Patel' }, policy }],
      INSIDE,
    );
    expect(g.summary).toContain('K. Patel');
  });

  it('files without reply only under the read-and-file kinds of measure', () => {
    expect(filesWithoutReply('read-and-file')).toBe(true);
    expect(filesWithoutReply('no-reply-on-topic')).toBe(true);
    expect(filesWithoutReply('single-channel')).toBe(false);
  });
});
