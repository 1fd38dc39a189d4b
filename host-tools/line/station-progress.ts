// What a station shows: one line per board on stderr (done, failed, left in the batch, rate), the
// phase of the board in hand on a terminal, and with --json one JSON object per event on stdout.
import type { BatchCounts } from "./registry/registry.js";
import type { RegistryError } from "./registry/registry-errors.js";
import type { BoardResult } from "./station-board.js";
import type { StationSummary } from "./station.js";

export class StationProgress {
  private readonly t0 = performance.now();
  private provisioned = 0;
  private failed = 0;
  private readonly tty = process.stderr.isTTY === true;

  constructor(
    private readonly station: string,
    private readonly json: boolean,
    private readonly quiet: boolean,
  ) {}

  private emit(o: Record<string, unknown>): void {
    if (this.json) process.stdout.write(JSON.stringify({ station: this.station, at: new Date().toISOString(), ...o }) + "\n");
  }

  private line(s: string): void {
    if (this.quiet) return;
    process.stderr.write(`${this.tty ? "\r\x1b[K" : ""}station ${this.station}: ${s}\n`);
  }

  /** Boards provisioned per minute by this station since it started. */
  rate(): number {
    const min = (performance.now() - this.t0) / 60_000;
    return min > 0 ? Math.round((this.provisioned / min) * 10) / 10 : 0;
  }

  phase(port: string, phase: string, detail?: string): void {
    if (this.tty && !this.quiet) process.stderr.write(`\r\x1b[K${port}: ${phase}${detail ? ` ${detail}` : ""}`.slice(0, 160));
    this.emit({ event: "phase", port, phase, detail });
  }

  board(r: BoardResult, counts: BatchCounts | undefined): void {
    if (r.outcome === "provisioned") this.provisioned++;
    if (r.outcome === "failed") this.failed++;
    const left = counts ? counts.free : undefined;
    const who = r.device ? `${r.mac} serial ${r.device.serial} (${r.device.uuid})` : (r.mac ?? r.port);
    const what =
      r.outcome === "provisioned" ? `provisioned${r.reused ? " (retry, same device)" : ""}` :
      r.outcome === "already" ? "already provisioned from this batch: left alone" :
      `${r.outcome} [${r.error?.id}] ${r.error?.message ?? ""}`;
    this.line(`${who}: ${what} in ${r.seconds} s — done ${this.provisioned}, failed ${this.failed}, left ${left ?? "?"}, ${this.rate()} boards/min`);
    this.emit({ event: "board", ...r, done: this.provisioned, failed: this.failed, left, rate: this.rate() });
  }

  labelFailed(r: BoardResult, e: Error): void {
    this.line(`${r.mac}: label not printed: ${e.message}`);
    this.emit({ event: "label-failed", port: r.port, mac: r.mac, device: r.device, error: { id: (e as { id?: string }).id ?? "label.print-failed", message: e.message } });
  }

  registryLost(port: string, e: RegistryError): void {
    this.line(`stopping: ${e.message} (nothing is written to a board without a claim; re-run when the registry is back)`);
    this.emit({ event: "registry-lost", port, error: { id: e.id, message: e.message } });
  }

  note(s: string): void {
    this.line(s);
  }

  end(sum: StationSummary): void {
    this.line(`${sum.provisioned} provisioned, ${sum.already} already done, ${sum.failed} failed, ${sum.refused} refused, ${sum.noBoard} ports without a board (${sum.stoppedBy}); ${this.rate()} boards/min`);
    this.emit({ event: "end", ...sum, rate: this.rate() });
  }
}
