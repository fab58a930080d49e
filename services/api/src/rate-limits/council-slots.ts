/**
 * At most `cap` transactions of one council at a time in this process, so one
 * council cannot hold the whole database pool: the others always find a free
 * connection. Further requests of that council wait their turn (FIFO).
 */
export class CouncilSlots {
  private readonly held = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(private readonly cap: number) {}

  async acquire(council: string): Promise<() => void> {
    const n = this.held.get(council) ?? 0;
    if (n < this.cap) {
      this.held.set(council, n + 1);
    } else {
      await new Promise<void>((resolve) => {
        this.waiting.set(council, [...(this.waiting.get(council) ?? []), resolve]);
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
    const queue = this.waiting.get(council) ?? [];
    const next = queue.shift();
    if (!queue.length) this.waiting.delete(council);
    // The slot passes straight to the next waiter; otherwise it is freed.
    if (next) next();
    else {
      const n = (this.held.get(council) ?? 1) - 1;
      if (n <= 0) this.held.delete(council);
      else this.held.set(council, n);
    }
  }
}
