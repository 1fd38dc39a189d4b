// Simulated board (runs inside XS): a virtual clock with a timer queue. Time moves only when the host
// says so (`advance`), so schedules are exact and tests never depend on wall time.

interface Pending {
  id: number;
  due: number;
  seq: number;
  repeat: number;
  callback: () => void;
}

export class VirtualClock {
  /** Virtual ms since power-up. */
  now = 0;
  private queue: Pending[] = [];
  private nextId = 1;
  private seq = 0;

  /** Runs `callback` after `ms` (then every `repeat` ms when > 0). Returns the timer id. */
  set(callback: () => void, ms: number, repeat = 0): number {
    const id = this.nextId++;
    this.queue.push({ id, due: this.now + Math.max(0, ms), seq: this.seq++, repeat, callback });
    return id;
  }

  /** Reschedules a pending timer; false when it is not pending. */
  schedule(id: number, ms: number, repeat = 0): boolean {
    const t = this.queue.find((p) => p.id === id);
    if (!t) return false;
    t.due = this.now + Math.max(0, ms);
    t.repeat = repeat;
    t.seq = this.seq++;
    return true;
  }

  clear(id: number): void {
    this.queue = this.queue.filter((p) => p.id !== id);
  }

  /** Virtual time of the next due timer, or undefined. */
  nextDue(): number | undefined {
    let best: number | undefined;
    for (const p of this.queue) if (best === undefined || p.due < best) best = p.due;
    return best;
  }

  /** Advances by `ms`, running every timer that falls due, in time order (ties: in scheduling order). */
  advance(ms: number): void {
    this.runUntil(this.now + ms, () => false);
  }

  /**
   * Runs timers in order until `stop()` is true after one of them, or up to `limit` (virtual ms).
   * Returns true when stopped by the condition. Time ends at `limit` only when `toLimit` is set;
   * otherwise it stays at the last timer that ran.
   */
  runUntil(limit: number, stop: () => boolean, toLimit = true): boolean {
    for (;;) {
      let next: Pending | undefined;
      for (const p of this.queue) if (p.due <= limit && (!next || p.due < next.due || (p.due === next.due && p.seq < next.seq))) next = p;
      if (!next) break;
      this.now = next.due;
      if (next.repeat > 0) {
        next.due += next.repeat;
        next.seq = this.seq++;
      } else {
        this.queue = this.queue.filter((p) => p !== next);
      }
      next.callback();
      if (stop()) return true;
    }
    if (toLimit && limit > this.now) this.now = limit;
    return false;
  }
}
