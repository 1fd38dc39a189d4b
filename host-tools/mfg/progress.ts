// Progress on stderr: a redrawn bar with rate and ETA on a terminal; a plain line every ~10 % or
// 5 s otherwise (CI logs); nothing with --quiet.

export interface ProgressOptions {
  total: number;
  /** Devices already done before this run (--resume); they count as done but not toward the rate. */
  already: number;
  enabled: boolean;
  tty: boolean;
  write?: (s: string) => void;
  now?: () => number;
}

const fmtTime = (s: number): string => {
  if (!Number.isFinite(s)) return "--:--";
  const t = Math.max(0, Math.round(s));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return `${h ? `${h}:${String(m).padStart(2, "0")}` : String(m)}:${String(sec).padStart(2, "0")}`;
};

export class Progress {
  private readonly start: number;
  private lastDraw = 0;
  private lastPlainPercent = -1;
  private lastPlainTime: number;
  private done: number;
  private readonly write: (s: string) => void;
  private readonly now: () => number;

  constructor(private readonly o: ProgressOptions) {
    this.write = o.write ?? ((s) => process.stderr.write(s));
    this.now = o.now ?? (() => performance.now());
    this.start = this.now();
    this.lastPlainTime = this.start;
    this.done = o.already;
  }

  /** Devices per second in this run. */
  rate(): number {
    const secs = (this.now() - this.start) / 1000;
    return secs > 0 ? (this.done - this.o.already) / secs : 0;
  }

  line(): string {
    const { total } = this.o;
    const pct = total ? (100 * this.done) / total : 100;
    const rate = this.rate();
    const eta = rate > 0 ? (total - this.done) / rate : Infinity;
    const width = 28;
    const full = Math.round((width * this.done) / Math.max(1, total));
    const bar = "#".repeat(full) + "-".repeat(width - full);
    return `[${bar}] ${this.done}/${total} ${pct.toFixed(0).padStart(3)}% ${rate.toFixed(0)} dev/s ETA ${fmtTime(eta)}`;
  }

  tick(n = 1): void {
    this.done += n;
    if (!this.o.enabled) return;
    const t = this.now();
    if (this.o.tty) {
      if (t - this.lastDraw < 100 && this.done < this.o.total) return;
      this.lastDraw = t;
      this.write(`\r${this.line()}`);
      return;
    }
    const decile = Math.floor((10 * this.done) / Math.max(1, this.o.total));
    if (decile > this.lastPlainPercent || t - this.lastPlainTime > 5000 || this.done === this.o.total) {
      this.lastPlainPercent = decile;
      this.lastPlainTime = t;
      this.write(`generate: ${this.line()}\n`);
    }
  }

  finish(): void {
    if (this.o.enabled && this.o.tty) this.write(`\r${this.line()}\n`);
  }
}
