import { HeaderMap } from '@apollo/server';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../graphql/errors';
import { CouncilSlots } from './council-slots';

/** Budgets in query cost per second, per API process. */
export interface RateLimitSettings {
  councilCostPerSecond: number;
  principalCostPerSecond: number;
  anonymousCostPerSecond: number;
  /** Transactions of one council at a time (a share of the pool). */
  councilConcurrency: number;
  /** Transactions at a time of a council refused in the last second (over its budget). */
  overBudgetConcurrency?: number;
}

/** As the configuration's defaults (packages/config). */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  councilCostPerSecond: 5_000,
  principalCostPerSecond: 5_000,
  anonymousCostPerSecond: 2_000,
  councilConcurrency: 4,
  overBudgetConcurrency: 1,
};

/**
 * Requests of a council that may wait for a slot, per slot, before more are
 * refused: enough for an ordinary council through a slow moment (20 requests
 * a second at over a second each), far fewer than a flood brings.
 */
const WAITING_PER_SLOT = 8;

/** How long a refused council counts as over budget (its slots held to `overBudgetConcurrency`). */
const OVER_BUDGET_MS = 1000;

/**
 * Per-council, per-principal and (anonymous) per-IP budgets, charged in query
 * cost, in memory. In process rather than in Redis: what they protect (this
 * process's CPU and its database pool) is per process, a Redis round trip on
 * every request would add latency and a failure mode of its own, and fairness
 * needs no cross-replica precision; with N replicas a council's platform-wide
 * budget is N × the per-process figure (set the figures per replica).
 * rate-limiter-flexible's windows of one second act as buckets refilled each
 * second; the refused part of a request is charged too, so a council that
 * keeps flooding stays refused until it slows down.
 */
export class RateLimits {
  readonly slots: CouncilSlots;
  private readonly council: RateLimiterMemory;
  private readonly principal: RateLimiterMemory;
  private readonly anonymous: RateLimiterMemory;
  private readonly refusedAt = new Map<string, number>();
  /** Councils whose budget is spent, until when (epoch ms): refused without asking the limiter. */
  private readonly spentUntil = new Map<string, number>();

  constructor(readonly settings: RateLimitSettings = DEFAULT_RATE_LIMITS) {
    this.council = new RateLimiterMemory({ points: settings.councilCostPerSecond, duration: 1 });
    this.principal = new RateLimiterMemory({
      points: settings.principalCostPerSecond,
      duration: 1,
    });
    this.anonymous = new RateLimiterMemory({
      points: settings.anonymousCostPerSecond,
      duration: 1,
    });
    this.slots = new CouncilSlots(settings.councilConcurrency);
  }

  /**
   * Why a council's request must be refused at once, before its body is parsed,
   * its token verified or a transaction opened (ms before it may retry), or
   * undefined. Synchronous: the gate answers a flood without a tick of work.
   * A council is refused while its budget is spent, and while it is over
   * budget with its one slot busy: what it sends meanwhile would only queue up
   * and run later, at the others' expense.
   */
  refusal(council: string): number | undefined {
    const now = Date.now();
    const until = this.spentUntil.get(council);
    if (until !== undefined) {
      if (until > now) return until - now;
      this.spentUntil.delete(council);
    }
    if (this.overBudget(council, now) && this.slots.held(council) >= this.overBudgetCap)
      return OVER_BUDGET_MS;
    if (this.backlogFull(council)) {
      this.refusedAt.set(council, now);
      return OVER_BUDGET_MS;
    }
    return undefined;
  }

  /**
   * All the council's slots are busy and `WAITING_PER_SLOT` times as many requests wait for one:
   * it sends faster than its share of the process serves it, whatever its
   * budget, and more waiting would only build a backlog that later runs at
   * the others' expense (a budget is charged when a request runs, so a
   * backlog the process cannot keep up with is never over it). Such a council
   * is then treated as over budget: held to one slot for a second.
   */
  private backlogFull(council: string): boolean {
    const cap = this.settings.councilConcurrency;
    return this.slots.held(council) >= cap && this.slots.waiting(council) >= cap * WAITING_PER_SLOT;
  }

  /** `refusal` as RATE_LIMITED (HTTP 429 with Retry-After). */
  async refuseSpentCouncil(council: string): Promise<void> {
    const ms = this.refusal(council);
    if (ms !== undefined) throw rateLimited(ms);
  }

  /**
   * A transaction slot of the council. A council refused within the last
   * second is held to `overBudgetConcurrency` slots and does not queue for
   * more (RATE_LIMITED), and a council whose backlog is full (see
   * `backlogFull`) is refused too: while it floods, what it gets through runs one at a
   * time, so the others keep their share of the process and the pool.
   */
  acquireSlot(council: string): Promise<() => void> {
    if (this.backlogFull(council)) {
      this.refusedAt.set(council, Date.now());
      return Promise.reject(rateLimited(OVER_BUDGET_MS));
    }
    if (!this.overBudget(council, Date.now()))
      return this.slots.acquire(council, this.settings.councilConcurrency);
    if (this.slots.held(council) >= this.overBudgetCap)
      return Promise.reject(rateLimited(OVER_BUDGET_MS));
    return this.slots.acquire(council, this.overBudgetCap);
  }

  private get overBudgetCap(): number {
    return this.settings.overBudgetConcurrency ?? 1;
  }

  private overBudget(council: string, now: number): boolean {
    const refused = this.refusedAt.get(council);
    if (refused === undefined) return false;
    if (now - refused < OVER_BUDGET_MS) return true;
    this.refusedAt.delete(council);
    return false;
  }

  /** Charges `cost`; throws RATE_LIMITED (HTTP 429 with Retry-After) when a budget is spent. */
  async charge(
    who: { council?: string; principal?: string; ip?: string },
    cost: number,
  ): Promise<void> {
    await limited(() =>
      who.principal
        ? this.principal.consume(who.principal, cost)
        : this.anonymous.consume(who.ip ?? 'unknown', cost),
    );
    const council = who.council;
    if (!council) return;
    try {
      await this.council.consume(council, cost);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const now = Date.now();
      this.refusedAt.set(council, now);
      this.spentUntil.set(council, now + e.msBeforeNext);
      throw rateLimited(e.msBeforeNext);
    }
  }
}

/** A spent budget as RATE_LIMITED. */
async function limited(consume: () => Promise<unknown>): Promise<void> {
  try {
    await consume();
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    throw rateLimited(e.msBeforeNext);
  }
}

function rateLimited(msBeforeNext: number): AppError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new AppError('RATE_LIMITED', `Too many requests: retry in ${seconds} s`, {
    retryAfterSeconds: seconds,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) },
  });
}
