import type { Policy } from '@conduct/policy';

/** What a council's channel is, whatever it calls it: the measures speak of kinds, not keys. */
export type ChannelKind = 'telephone' | 'letter' | 'email' | 'online' | 'in-person' | 'social';

const KINDS: [RegExp, ChannelKind][] = [
  [/social/, 'social'],
  [/phone|call/, 'telephone'],
  [/e-?mail/, 'email'],
  [/web|online|form|portal/, 'online'],
  [/letter|post|writ/, 'letter'],
  [/face|person|visit|office|meeting|counter/, 'in-person'],
];

export interface ChannelInfo {
  key: string;
  label: string;
  kind: ChannelKind | undefined;
}

export function channelInfo(policy: Policy, key: string): ChannelInfo {
  const label = policy.channels[key]?.label ?? key;
  const text = `${key} ${label}`.toLowerCase();
  return { key, label, kind: KINDS.find(([re]) => re.test(text))?.[1] };
}

/** Correspondence: something written that arrives and can be filed. */
export const WRITTEN: ChannelKind[] = ['letter', 'email', 'online', 'social'];
export const SPOKEN: ChannelKind[] = ['telephone', 'in-person'];
