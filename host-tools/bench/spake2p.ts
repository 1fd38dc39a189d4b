// SPAKE2+ verifier cost against the physical floor: node:crypto PBKDF2-HMAC-SHA256 of the same
// 80 bytes (the verifier's L is one P-256 base-point multiplication on top).
import { pbkdf2Sync } from "node:crypto";
import { computeSpake2pVerifier } from "../../modules/crypto/spake2p.js";
import { nodeComputeVerifier } from "../node-crypto.js";
import { fmt, median, table, timeSync } from "./measure.js";

export function benchSpake2p(quick: boolean): string {
  const salt = new Uint8Array(32).fill(7);
  const rows = [["iterations", "path", "ms/verifier", "× floor"]];
  for (const iterations of [1000, 10000]) {
    const n = quick ? 3 : iterations === 1000 ? 30 : 8;
    const floor: number[] = [], host: number[] = [], shared: number[] = [];
    const pw = new Uint8Array([0x25, 0x3f, 0x34, 0x01]);
    for (let i = 0; i < n; i++) {
      floor.push(timeSync(() => pbkdf2Sync(pw, salt, iterations, 80, "sha256")));
      host.push(timeSync(() => nodeComputeVerifier(20202021 + i, salt, iterations)));
      shared.push(timeSync(() => computeSpake2pVerifier(20202021 + i, salt, iterations)));
    }
    const f = median(floor);
    rows.push([String(iterations), "floor: node:crypto pbkdf2Sync (80 B)", fmt(f, 2), "1.00"]);
    rows.push([String(iterations), "matter-factory host (node:crypto PBKDF2 + ECDH L)", fmt(median(host), 2), fmt(median(host) / f, 2)]);
    rows.push([String(iterations), "matter-factory shared module (@noble, as on XS/browser)", fmt(median(shared), 2), fmt(median(shared) / f, 2)]);
  }
  return table(rows);
}
