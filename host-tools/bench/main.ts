// `npm run bench`: speed measured side by side in one run against the reference tools and the
// physical floor (DEVELOPERS.md rule 4). `--quick` for a fast smoke run.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchNvs } from "./nvs.js";
import { benchSpake2p } from "./spake2p.js";
import { benchDevice } from "./device.js";
import { benchGenerate } from "./generate.js";
import { cpus } from "node:os";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7);

const sections: [string, () => string][] = [
  ["generate", () => benchGenerate(root, quick)],
  ["nvs", () => benchNvs(root, quick)],
  ["spake2p", () => benchSpake2p(quick)],
  ["device", () => benchDevice(root, quick)],
];

console.log(`matter-factory bench — node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${new Date().toISOString()}`);
for (const [name, run] of sections) {
  if (only && only !== name) continue;
  console.log(`\n== ${name} ==`);
  console.log(run());
}
