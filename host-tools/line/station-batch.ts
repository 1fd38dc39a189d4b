// The batch a station works from: generate's output tree <outdir>/<vid>_<pid>/ read through its
// manifest-*.jsonl files (one line per device, the commit point of generate — host-tools/mfg/batch.ts).
// A batch still being generated (its .lock held by a live process) is refused.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { ManifestEntry } from "../mfg/device.js";
import { lockHolder } from "../mfg/output-tree.js";
import type { RegistryDevice } from "./registry/registry.js";
import { StationError } from "./station-errors.js";

export interface BatchDevice extends RegistryDevice {
  /** Absolute device directory (<root>/<uuid>). */
  dir: string;
}

export interface LineBatch {
  root: string;
  /** The registry's name for the batch: "<vid>_<pid>@<first stamp>", the same on every machine. */
  id: string;
  devices: BatchDevice[];
  byUuid: Map<string, BatchDevice>;
  bySerial: Map<string, BatchDevice>;
}

const MANIFEST = /^manifest-(.+)\.jsonl$/;

/** The entries of one manifest file; a torn last line (generate killed mid-append) is not a device. */
function readManifest(path: string): ManifestEntry[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const out: ManifestEntry[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      out.push(JSON.parse(line) as ManifestEntry);
    } catch {
      if (i < lines.length - 1) throw new StationError("batch.bad", `--batch: ${path} line ${i + 1} is not JSON`);
    }
  });
  return out;
}

function toDevice(root: string, e: ManifestEntry, where: string): BatchDevice {
  if (typeof e.uuid !== "string" || !/^[0-9a-f-]{36}$/.test(e.uuid)) throw new StationError("batch.bad", `--batch: ${where}: uuid ${JSON.stringify(e.uuid)} is not a UUID`);
  if (!e.imageSha256) throw new StationError("batch.bad", `--batch: ${where}: device ${e.uuid} has no image (batch generated with --no-bin): nothing to flash`);
  return {
    uuid: e.uuid,
    index: e.index,
    serial: e.serial,
    vendorId: e.vendorId,
    productId: e.productId,
    discriminator: e.discriminator,
    imageSha256: e.imageSha256,
    qr: e.qr,
    manualCode: e.manualCode,
    dir: join(root, e.uuid),
  };
}

export function loadBatch(path: string): LineBatch {
  const root = resolve(path);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new StationError("batch.bad", `--batch ${JSON.stringify(path)}: no such directory`);
  const holder = lockHolder(root);
  if (holder !== undefined) throw new StationError("batch.running", `--batch ${JSON.stringify(path)}: generate is still writing this batch (process ${holder}); wait for it to finish`);
  const manifests = readdirSync(root).filter((n) => MANIFEST.test(n)).sort();
  if (manifests.length === 0) throw new StationError("batch.bad", `--batch ${JSON.stringify(path)}: no manifest-*.jsonl: not a generate output directory <outdir>/<vid>_<pid>`);
  const devices: BatchDevice[] = [];
  const byUuid = new Map<string, BatchDevice>();
  const bySerial = new Map<string, BatchDevice>();
  for (const m of manifests) {
    for (const e of readManifest(join(root, m))) {
      const d = toDevice(root, e, m);
      if (byUuid.has(d.uuid)) continue; // a resumed run repeats nothing, but be safe
      devices.push(d);
      byUuid.set(d.uuid, d);
      bySerial.set(d.serial, d);
    }
  }
  if (devices.length === 0) throw new StationError("batch.bad", `--batch ${JSON.stringify(path)}: the manifest lists no devices`);
  const id = `${basename(root)}@${MANIFEST.exec(manifests[0])![1]}`;
  return { root, id, devices, byUuid, bySerial };
}
