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

/** How long a council counts as over budget after it was last refused (its slots held to `overBudgetConcurrency`). */
const OVER_BUDGET_MS = 1000;

/**
 * How long an over-budget council's request waits, at each of its yield
 * points, for the other councils' requests to finish: bounded, so a busy
 * platform delays it but never starves it.
 */
export const YIELD_MS = 250;

/**
 * Per-council, per-principal and (anonymous) per-IP budgets, charged in query
 * cost, in memory, and the scheduling of a council over its budget. In process
 * rather than in Redis: what they protect (this process's CPU and its database
 * pool) is per process, a Redis round trip on every request would add latency
 * and a failure mode of its own, and fairness needs no cross-replica
 * precision; with N replicas a council's platform-wide budget is N × the
 * per-process figure (set the figures per replica). rate-limiter-flexible's
 * windows of one second act as buckets refilled each second; the refused part
 * of a request is charged too, so a council that keeps flooding stays refused
 * until it slows down.
 *
 * A council over its budget (refused in the last second) is scheduled behind
 * the others, because Node runs one request's synchronous work at a time and
 * whatever of a flood is served delays everyone else's requests:
 * - one transaction at a time, and what it sends meanwhile is refused at once;
 * - admitted at its budget's pace, one request every cost ÷ budget seconds,
 *   rather than a second's budget in a burst at the start of each window;
 * - each admitted request yields: before its transaction opens and before it
 *   executes, it waits until no other council has a request in flight (at most
 *   `YIELD_MS` each time), so its work fills the gaps between theirs.
 */
export class RateLimits {
  readonly slots: CouncilSlots;
  private readonly council: RateLimiterMemory;
  private readonly principal: RateLimiterMemory;
  private readonly anonymous: RateLimiterMemory;
  /** Councils over budget, until when (epoch ms). */
  private readonly overBudgetUntil = new Map<string, number>();
  /** Councils whose budget is spent, until when (epoch ms): refused without asking the limiter. */
  private readonly spentUntil = new Map<string, number>();
  /** When each council's admitted cost so far would have been spent at its budget's pace (epoch ms). */
  private readonly paceAt = new Map<string, number>();

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
   * A council is refused while its budget is spent, while it is over budget
   * with its one slot busy or ahead of its pace (what it sends meanwhile would
   * only queue up and run later, at the others' expense), and while its
   * backlog is full.
   */
  refusal(council: string): number | undefined {
    const now = Date.now();
    const until = this.spentUntil.get(council);
    if (until !== undefined) {
      if (until > now) return until - now;
      this.spentUntil.delete(council);
    }
    if (this.overBudget(council, now)) return this.overBudgetRefusal(council, now);
    if (this.backlogFull(council)) {
      this.markOverBudget(council, now, OVER_BUDGET_MS);
      return OVER_BUDGET_MS;
    }
    return undefined;
  }

  /**
   * An over-budget council's refusal: its one slot is busy, or it is ahead of
   * its budget's pace. Either way it still sends faster than it may, so it
   * stays over budget for another second.
   */
  private overBudgetRefusal(council: string, now: number): number | undefined {
    const ahead = (this.paceAt.get(council) ?? 0) - now;
    const ms =
      this.slots.held(council) >= this.overBudgetCap
        ? Math.max(ahead, OVER_BUDGET_MS)
        : ahead > 0
          ? ahead
          : undefined;
    if (ms !== undefined) this.markOverBudget(council, now, OVER_BUDGET_MS);
    return ms;
  }

  /**
   * All the council's slots are busy and `WAITING_PER_SLOT` times as many requests wait for one:
   * it sends faster than its share of the process serves it, whatever its
   * budget, and more waiting would only build a backlog that later runs at
   * the others' expense (a budget is charged when a request runs, so a
   * backlog the process cannot keep up with is never over it). Such a council
   * is then treated as over budget.
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
   * A transaction slot of the council. Within its budget: one of
   * `councilConcurrency`, waiting its turn. Over it: the one slot if free and
   * the council is not ahead of its pace (else RATE_LIMITED, not a queue),
   * given once no other council has a request in flight (see `yieldToOthers`).
   * A council whose backlog is full (see `backlogFull`) is refused too.
   */
  async acquireSlot(council: string): Promise<() => void> {
    const now = Date.now();
    if (this.backlogFull(council)) {
      this.markOverBudget(council, now, OVER_BUDGET_MS);
      throw rateLimited(OVER_BUDGET_MS);
    }
    if (!this.overBudget(council, now)) {
      const release = await this.slots.acquire(council, this.settings.councilConcurrency);
      if (!this.overBudget(council, Date.now())) return release;
      // It went over budget while this request waited (a flood's first second queues
      // many): judged as if it arrived now, rather than run at the others' expense.
      return this.overBudgetSlot(council, release);
    }
    const ms = this.overBudgetRefusal(council, now);
    if (ms !== undefined) throw rateLimited(ms);
    return this.overBudgetSlot(council, await this.slots.acquire(council, this.overBudgetCap));
  }

  /**
   * Keeps a slot for a council over its budget if it holds no more than its
   * over-budget share (this one included) and is not ahead of its pace, once
   * the others are idle; otherwise frees it and refuses.
   */
  private async overBudgetSlot(council: string, release: () => void): Promise<() => void> {
    const now = Date.now();
    const ahead = (this.paceAt.get(council) ?? 0) - now;
    if (this.slots.held(council) > this.overBudgetCap || ahead > 0) {
      release();
      this.markOverBudget(council, now, OVER_BUDGET_MS);
      throw rateLimited(Math.max(ahead, OVER_BUDGET_MS));
    }
    await this.whenOthersIdle(council);
    return release;
  }

  /**
   * A yield point of a request already running: a council over its budget
   * waits until no other council has a request in flight (at most `YIELD_MS`),
   * so its next stretch of synchronous work does not land in the middle of
   * theirs. Within budget: no wait.
   */
  async yieldToOthers(council: string): Promise<void> {
    if (this.overBudget(council, Date.now())) await this.whenOthersIdle(council);
  }

  /**
   * Resolves once no other council within its budget has a transaction in
   * flight, or after `YIELD_MS`. Councils over budget do not wait for each
   * other: each is already held to one request at a time.
   */
  whenOthersIdle(council: string): Promise<void> {
    return this.slots.whenIdle(() => {
      const now = Date.now();
      for (const other of this.slots.holders())
        if (other !== council && !this.overBudget(other, now)) return true;
      return false;
    }, YIELD_MS);
  }

  private get overBudgetCap(): number {
    return this.settings.overBudgetConcurrency ?? 1;
  }

  private markOverBudget(council: string, now: number, ms: number): void {
    this.overBudgetUntil.set(council, Math.max(this.overBudgetUntil.get(council) ?? 0, now + ms));
  }

  private overBudget(council: string, now: number): boolean {
    const until = this.overBudgetUntil.get(council);
    if (until === undefined) return false;
    if (now < until) return true;
    this.overBudgetUntil.delete(council);
    this.paceAt.delete(council);
    return false;
  }

  /**
   * Charges `cost`; throws RATE_LIMITED (HTTP 429 with Retry-After) when a
   * budget is spent. The council is charged first, for every request of its
   * people, whether their own budget then refuses it or not: a council whose
   * people send more than its budget is over it, whoever sends, and so is
   * refused at the gate and scheduled behind the others. (Charged after the
   * person's budget, a one-person flood with the same figure for both was
   * refused by that budget alone, after a transaction each, and its council
   * never counted as over budget.)
   */
  async charge(
    who: { council?: string; principal?: string; ip?: string },
    cost: number,
  ): Promise<void> {
    const council = who.council;
    if (council) await this.chargeCouncil(council, cost);
    await limited(() =>
      who.principal
        ? this.principal.consume(who.principal, cost)
        : this.anonymous.consume(who.ip ?? 'unknown', cost),
    );
    if (!council) return;
    const now = Date.now();
    const pace = Math.max(this.paceAt.get(council) ?? now, now);
    this.paceAt.set(council, pace + (cost * 1000) / this.settings.councilCostPerSecond);
  }

  private async chargeCouncil(council: string, cost: number): Promise<void> {
    try {
      await this.council.consume(council, cost);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      const now = Date.now();
      // Over budget from now until a second after it may send again.
      this.markOverBudget(council, now, e.msBeforeNext + OVER_BUDGET_MS);
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
