type Waiter = { cap: number; resolve: () => void };
type IdleWaiter = { busy: () => boolean; resolve: () => void };

/**
 * At most `cap` transactions of one council at a time in this process, so one
 * council cannot hold the whole database pool or the event loop: the others
 * always find a free connection. Further requests of that council wait their
 * turn (FIFO). The cap is given per request, so a council over its budget can
 * be held to fewer slots than one within it.
 */
export class CouncilSlots {
  private readonly heldBy = new Map<string, number>();
  private readonly waitersOf = new Map<string, Waiter[]>();
  private readonly idleWaiters = new Set<IdleWaiter>();

  constructor(private readonly cap: number) {}

  /** Slots the council holds now. */
  held(council: string): number {
    return this.heldBy.get(council) ?? 0;
  }

  /** Requests of the council waiting for a slot now. */
  waiting(council: string): number {
    return this.waitersOf.get(council)?.length ?? 0;
  }

  /** The councils that hold a slot now. */
  holders(): IterableIterator<string> {
    return this.heldBy.keys();
  }

  /**
   * Resolves once `busy()` is false (checked now and whenever a slot is
   * freed), or after `maxMs` whatever it says, so the caller is delayed, never
   * starved.
   */
  whenIdle(busy: () => boolean, maxMs: number): Promise<void> {
    if (!busy()) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter: IdleWaiter = {
        busy,
        resolve: () => {
          clearTimeout(timer);
          this.idleWaiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.resolve, maxMs);
      this.idleWaiters.add(waiter);
    });
  }

  async acquire(council: string, cap = this.cap): Promise<() => void> {
    const n = this.heldBy.get(council) ?? 0;
    if (n < cap && !this.waitersOf.get(council)?.length) {
      this.heldBy.set(council, n + 1);
    } else {
      await new Promise<void>((resolve) => {
        this.waitersOf.set(council, [...(this.waitersOf.get(council) ?? []), { cap, resolve }]);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(council);
    };
  }

  private release(council: string): void {
    let n = (this.heldBy.get(council) ?? 1) - 1;
    const queue = this.waitersOf.get(council) ?? [];
    // Hands freed slots to waiters in order, each within the cap it came with.
    while (queue.length && n < queue[0]!.cap) {
      n += 1;
      queue.shift()!.resolve();
    }
    if (!queue.length) this.waitersOf.delete(council);
    if (n <= 0) this.heldBy.delete(council);
    else this.heldBy.set(council, n);
    for (const w of this.idleWaiters) if (!w.busy()) w.resolve();
  }
}
