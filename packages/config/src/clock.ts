import { readFileSync } from 'node:fs';

/** Time as the product decides with it. Nothing reads Date.now() for a decision. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock a test sets and moves by hand ("a year later, the review is due"). */
export class SettableClock implements Clock {
  constructor(private current: Date = new Date()) {}
  now(): Date {
    return new Date(this.current);
  }
  set(to: Date): void {
    this.current = new Date(to);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

/**
 * For spawned API and worker processes in tests (`CONDUCT_CLOCK_FILE`): the file holds
 * either an ISO instant (time stands still there) or `+<ms>` / `-<ms>` (an
 * offset from real time). Read on every call, so a test rewrites the file to
 * move time forward a year. Refused in production by the config schema.
 */
export class FileClock implements Clock {
  constructor(private readonly path: string) {}
  now(): Date {
    const text = readFileSync(this.path, 'utf8').trim();
    if (/^[+-]\d+$/.test(text)) return new Date(Date.now() + Number(text));
    const at = new Date(text);
    if (Number.isNaN(at.getTime())) throw new Error(`clock file ${this.path} holds no time`);
    return at;
  }
}

export function clockFrom(config: { CONDUCT_CLOCK_FILE?: string }): Clock {
  return config.CONDUCT_CLOCK_FILE ? new FileClock(config.CONDUCT_CLOCK_FILE) : systemClock;
}
