import type { Policy } from '@conduct/policy';
import { type ChannelInfo, type ChannelKind, SPOKEN, WRITTEN, channelInfo } from './channel-kinds';

/**
 * What a restriction means for the person who picks up the phone (or opens the
 * post): for one channel, whether contact is accepted and what to do. Pure: the
 * caller passes the policy each restriction's case is pinned to and `now`.
 *
 * The measures are the product's vocabulary of special measures (keys councils
 * share: single-channel, single-point-of-contact, call-days-times, ...); every
 * instruction is built from the restriction's own parameters and the policy's
 * labels. A measure key outside the vocabulary still answers, from its
 * parameters' types (an officer, a channel, days and times) and its label.
 */

export type Verdict = 'allowed' | 'conditions' | 'not-allowed';

export interface ActiveMeasure {
  type: string;
  parameters: Record<string, unknown>;
  /** The policy version the restriction's case is pinned to. */
  policy: Policy;
}

export interface ChannelGuidance {
  channel: string;
  channelLabel: string;
  verdict: Verdict;
  /** False only when this channel must not be used at all (now). */
  allowed: boolean;
  /** One plain sentence: "No restrictions", or the instructions joined. */
  summary: string;
  instructions: string[];
  /** Written items on this channel go to the filed-without-reply queue. */
  filedWithoutReply: boolean;
}

interface Effect {
  verdict: Verdict;
  text: string;
  files?: boolean;
}

interface Env {
  policy: Policy;
  label: string;
  now: Date;
}

type P = Record<string, unknown>;
type Measure = (p: P, ch: ChannelInfo, env: Env) => Effect | undefined;

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined;
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const quote = (v: string) => `'${v}'`;

const DAY_ORDER = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

function daysText(v: unknown): string | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const days = [...v]
    .map(String)
    .sort((a, b) => DAY_ORDER.indexOf(a) - DAY_ORDER.indexOf(b))
    .map((d) => `${d[0]!.toUpperCase()}${d.slice(1)}s`);
  return days.length === 1 ? days[0] : `${days.slice(0, -1).join(', ')} and ${days.at(-1)}`;
}

function windowOf(v: unknown): { from: string; to: string } | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const { from, to } = v as { from?: unknown; to?: unknown };
  return typeof from === 'string' && typeof to === 'string' ? { from, to } : undefined;
}

/** Weekday and HH:MM of `now` in the UK, where the councils' agreed times are kept. */
function ukClock(now: Date): { day: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return { day: get('weekday').toLowerCase(), time: `${get('hour')}:${get('minute')}` };
}

/** "Tuesdays 10:00–12:00, 15 minutes", and whether `now` falls inside the days and times. */
function schedule(p: P, env: Env): { text: string; open: boolean } | undefined {
  const days = daysText(p.days);
  const times = windowOf(p.times);
  const minutes = num(p.minutes);
  if (!days && !times && minutes === undefined) return undefined;
  const bits = [[days, times && `${times.from}–${times.to}`].filter(Boolean).join(' ')].filter(
    Boolean,
  );
  if (minutes !== undefined) bits.push(`${minutes} minutes`);
  const { day, time } = ukClock(env.now);
  const dayOk = !Array.isArray(p.days) || (p.days as unknown[]).includes(day);
  const timeOk = !times || (time >= times.from && time < times.to);
  return { text: bits.join(', '), open: dayOk && timeOk };
}

const isKind = (ch: ChannelInfo, kinds: ChannelKind[]) =>
  ch.kind !== undefined && kinds.includes(ch.kind);

function officerText(p: P): string | undefined {
  const o = str(p.officer);
  return o ? `the named officer ${o}` : undefined;
}

/** Contact by one channel only. */
function singleChannel(env: Env, p: P, ch: ChannelInfo): Effect | undefined {
  const only = str(p.channel);
  if (!only) return undefined;
  const allowed = channelInfo(env.policy, only);
  const same = only === ch.key || (allowed.kind !== undefined && allowed.kind === ch.kind);
  return same
    ? { verdict: 'conditions', text: `${allowed.label} only` }
    : {
        verdict: 'not-allowed',
        text: `not by ${ch.label.toLowerCase()}: ${allowed.label.toLowerCase()} only — ask the customer to use ${allowed.label.toLowerCase()}`,
      };
}

function callsSchedule(p: P, ch: ChannelInfo, env: Env, what: string): Effect | undefined {
  const s = schedule(p, env);
  if (!s) return undefined;
  return s.open
    ? { verdict: 'conditions', text: `${what}: ${s.text}` }
    : {
        verdict: 'not-allowed',
        text: `${what}: ${s.text} only — outside those times now: do not take it; say when to call back`,
      };
}

/** Written items on a topic: read by the designated officer and filed without reply. */
function fileOnTopic(topic: string | undefined, p: P, ch: ChannelInfo): Effect {
  const officer = officerText(p);
  const on = topic ? ` on the topic ${quote(topic)}` : '';
  if (isKind(ch, WRITTEN)) {
    return {
      verdict: 'conditions',
      files: true,
      text: `acknowledge nothing${on}: do not reply; log the item in the filed-correspondence queue${officer ? ` for ${officer} to read` : ''} for new information or safeguarding concerns`,
    };
  }
  return {
    verdict: 'conditions',
    text: `acknowledge nothing${on}; other matters are dealt with as usual${officer ? `; pass anything new to ${officer}` : ''}`,
  };
}

const everywhere =
  (text: (p: P, env: Env) => string | undefined, verdict: Verdict = 'conditions'): Measure =>
  (p, _ch, env) => {
    const t = text(p, env);
    return t ? { verdict, text: t } : undefined;
  };

const on =
  (kinds: ChannelKind[], measure: Measure): Measure =>
  (p, ch, env) =>
    isKind(ch, kinds) ? measure(p, ch, env) : undefined;

const thirdParty = (who: unknown) => (str(who) ? `the third party ${str(who)}` : 'a third party');

/** The vocabulary of measures, by the restriction-type keys the councils' catalogues use. */
const MEASURES: Record<string, Measure> = {
  'all-contact-refused': everywhere(
    () => 'all contact is refused: do not engage or respond; log the contact',
    'not-allowed',
  ),
  'temporary-suspension': everywhere(
    () => 'all contact is suspended pending legal advice: do not engage; log the contact',
    'not-allowed',
  ),
  'calls-and-electronic-blocked': (_p, ch) =>
    isKind(ch, ['telephone', 'email', 'online', 'social'])
      ? {
          verdict: 'not-allowed',
          text: 'telephone and electronic contact is blocked: do not take it; written letters only',
        }
      : undefined,
  'letter-only': (_p, ch) =>
    isKind(ch, ['email', 'online', 'social'])
      ? {
          verdict: 'not-allowed',
          text: 'correspondence by letter, not email: reply by letter only',
        }
      : ch.kind === 'letter'
        ? { verdict: 'conditions', text: 'letters only' }
        : undefined,
  'single-channel': (p, ch, env) => singleChannel(env, p, ch),
  'single-point-of-contact': everywhere((p) => {
    const o = officerText(p);
    return o && `deal only through ${o}: pass the contact to them, do not answer it yourself`;
  }),
  'single-named-officer': everywhere((p) => {
    const o = officerText(p);
    return o && `contact with ${o} only: pass the contact to them`;
  }),
  'emails-diverted': on(['email'], (p) => {
    const o = officerText(p);
    const when = str(p.responseFrequency);
    return o
      ? {
          verdict: 'conditions',
          text: `divert the email to ${o}${when ? `; answered ${when}` : ''}`,
        }
      : undefined;
  }),
  'designated-contact-point': everywhere((p) => {
    const point = str(p.contactPoint);
    return point && `contact only through ${point}: act on it but do not acknowledge it`;
  }),
  'central-point': everywhere(
    () => 'pass all contact to the central point for consideration; do not respond yourself',
  ),
  'read-and-file': (p, ch) => fileOnTopic(undefined, p, ch),
  'no-reply-on-topic': (p, ch) => fileOnTopic(str(p.topic), p, ch),
  'no-further-response': (p, ch) => fileOnTopic(str(p.matter), p, ch),
  'no-response-closed-cases': (p, ch) => fileOnTopic('repeated complaints on closed cases', p, ch),
  'no-new-registrations': everywhere((p) => {
    const issue = str(p.issue);
    return issue && `do not register a new enquiry or complaint about ${quote(issue)}`;
  }),
  'new-issues-only': everywhere(
    () => 'deal with new issues only; do not acknowledge issues already dealt with',
  ),
  'significant-queries-only': everywhere(
    () => 'address significant and serious queries only; log the rest',
  ),
  'limited-subjects': everywhere((p) => {
    const s = str(p.excludedSubjects);
    return s && `do not respond on ${quote(s)}; other subjects as usual`;
  }),
  'services-declined': everywhere((p) => {
    const m = str(p.matters);
    return m && `${quote(m)} are declined: do not take them up`;
  }),
  'regulator-referral': everywhere((p) => {
    const r = str(p.regulator);
    return `do not respond: ${r ?? 'the regulator'} has been asked to intervene; refer the customer to them`;
  }),
  'written-agreement': everywhere((p) => {
    const t = str(p.terms);
    return t && `hold the customer to the agreed code of conduct: ${t}`;
  }),
  'contact-agreement': everywhere((p) => {
    const t = str(p.terms);
    return t && `hold the customer to the contact agreement: ${t}`;
  }),
  'scheduled-contact': everywhere((p) => {
    const f = str(p.frequency);
    return f && `contact happens at the agreed ${f} time; otherwise take a message`;
  }),
  'call-time-limit': on(SPOKEN, (p) => {
    const m = num(p.minutes);
    return m
      ? { verdict: 'conditions', text: `limit the conversation to ${m} minutes` }
      : undefined;
  }),
  'call-number-limit': on(['telephone'], (p) => {
    const n = num(p.callsPerWeek);
    return n
      ? { verdict: 'conditions', text: `take at most ${n} call${n === 1 ? '' : 's'} a week` }
      : {
          verdict: 'not-allowed',
          text: 'telephone calls are not taken: ask the customer to write',
        };
  }),
  'call-days-times': on(['telephone'], (p, ch, env) => callsSchedule(p, ch, env, 'calls')),
  'specified-days-times': on(SPOKEN, (p, ch, env) => callsSchedule(p, ch, env, 'contact')),
  'calls-terminated-by-script': (_p, ch) =>
    ch.kind === 'telephone'
      ? {
          verdict: 'not-allowed',
          text: 'end the call using the agreed script and direct the customer to the online webform',
        }
      : undefined,
  'recorded-contact': on(SPOKEN, () => ({
    verdict: 'conditions',
    text: 'the call or meeting is recorded: tell the customer and record it',
  })),
  'telephone-via-third-party': on(['telephone'], (p) => ({
    verdict: 'not-allowed',
    text: `no calls from the customer directly: speak only to ${thirdParty(p.thirdParty)}`,
  })),
  'third-party-only': everywhere(
    (p) =>
      `contact only through ${thirdParty(p.thirdParty)}: do not deal with the customer directly`,
  ),
  'via-advocate': everywhere(() => 'contact only through the customer’s advocate'),
  'third-party-present': on(['in-person'], () => ({
    verdict: 'conditions',
    text: 'meet only with a third party present',
  })),
  'witness-present': on(['in-person'], () => ({
    verdict: 'conditions',
    text: 'meet only with a witness present',
  })),
  'home-visits-restricted': on(['in-person'], () => ({
    verdict: 'conditions',
    text: 'no home visits, or only by staff in pairs',
  })),
  'designated-premises': on(['in-person'], (p) => ({
    verdict: 'conditions',
    text: `meet only at ${str(p.premises) ?? 'the designated council premises'}`,
  })),
  'offices-by-appointment': on(['in-person'], () => ({
    verdict: 'conditions',
    text: 'offices by appointment only: no walk-in visits',
  })),
  'building-ban': on(['in-person'], (p) => ({
    verdict: 'conditions',
    text: `not to be admitted to ${str(p.buildings) ?? 'council buildings'}`,
  })),
  'facilities-limited': on(['in-person'], (p) => ({
    verdict: 'conditions',
    text: `use of ${str(p.facilities) ?? 'council facilities'} is limited as set out in the letter`,
  })),
  'social-media-restricted': (_p, ch) =>
    ch.kind === 'social'
      ? { verdict: 'not-allowed', text: 'do not respond on social media' }
      : undefined,
};

/** A measure outside the vocabulary: what its parameters say, else its label. */
function generic(p: P, ch: ChannelInfo, env: Env, typeKey: string): Effect | undefined {
  const type = env.policy.restrictionTypes[typeKey];
  const texts: string[] = [];
  let verdict: Verdict = 'conditions';
  for (const [name, spec] of Object.entries(type?.parameters ?? {})) {
    const v = p[name];
    if (v === undefined) continue;
    if (spec.type === 'channel') {
      const e = singleChannel(env, { channel: v }, ch);
      if (e) {
        texts.push(e.text);
        if (e.verdict === 'not-allowed') verdict = 'not-allowed';
      }
    } else if (spec.type === 'officer')
      texts.push(`pass the contact to ${officerText({ officer: v })}`);
    else if (spec.type === 'text' && str(v)) texts.push(`${spec.label}: ${str(v)}`);
  }
  const s = isKind(ch, SPOKEN) ? schedule(p, env) : undefined;
  if (s) {
    texts.push(`${s.text}${s.open ? '' : ' only — outside those times now'}`);
    if (!s.open) verdict = 'not-allowed';
  }
  if (!texts.length) texts.push(`follow the measure: ${env.label}`);
  return { verdict, text: texts.join('; ') };
}

const RANK: Record<Verdict, number> = { allowed: 0, conditions: 1, 'not-allowed': 2 };

/** Whether correspondence under this measure is read and filed without reply. */
export function filesWithoutReply(typeKey: string): boolean {
  return [
    'read-and-file',
    'no-reply-on-topic',
    'no-further-response',
    'no-response-closed-cases',
  ].includes(typeKey);
}

export const NO_RESTRICTIONS = 'No restrictions';

/** The guidance for one channel, from every active measure on the customer. */
export function channelGuidance(
  channel: ChannelInfo,
  measures: ActiveMeasure[],
  now: Date,
): ChannelGuidance {
  const effects: Effect[] = [];
  for (const m of measures) {
    const env: Env = {
      policy: m.policy,
      label: m.policy.restrictionTypes[m.type]?.label ?? m.type,
      now,
    };
    const measure = MEASURES[m.type];
    const effect = measure
      ? measure(m.parameters ?? {}, channel, env)
      : generic(m.parameters ?? {}, channel, env, m.type);
    if (effect) effects.push(effect);
  }
  const verdict = effects.reduce<Verdict>(
    (worst, e) => (RANK[e.verdict] > RANK[worst] ? e.verdict : worst),
    'allowed',
  );
  // Refusals first: the person on the phone needs that before anything else.
  const instructions = [
    ...new Set([...effects].sort((a, b) => RANK[b.verdict] - RANK[a.verdict]).map((e) => e.text)),
  ];
  const summary =
    measures.length === 0
      ? NO_RESTRICTIONS
      : instructions.length === 0
        ? `No restriction on ${channel.label.toLowerCase()} contact`
        : capitalise(instructions.join('; '));
  return {
    channel: channel.key,
    channelLabel: channel.label,
    verdict,
    allowed: verdict !== 'not-allowed',
    summary,
    instructions: instructions.map(capitalise),
    filedWithoutReply: effects.some((e) => e.files),
  };
}

const capitalise = (s: string) => (s ? `${s[0]!.toUpperCase()}${s.slice(1)}` : s);
