// Issue 4's device budgets on both engines: XS meter units (computrons) from main() to the first
// advertisement and per Rotating Device ID computation, and the live slots the boot adds (after gc(),
// at the first advertisement minus after the board was set up; goal < BOOT_SLOT_BUDGET), measured as
// `npm run bench` measures them (host-tools/bench/device-run.ts), on xsnap's XS 13.3 and on the
// Moddable SDK's XS 17 with the firmware linked by xsl (test/xs/sdk-sim-host.ts). Prints the table
// docs/device.md quotes; skipped with one line when the SDK or its Linux tools are missing.
import { describe, expect, it } from "vitest";
import { exampleFactoryData } from "../modules/factory/example.js";
import { factoryDataToRows } from "../modules/factory/factory-data.js";
import { encryptNvsImage, generateKeys, makeKeyPartition } from "../modules/nvs/encryption.js";
import { writeNvsImage } from "../modules/nvs/writer.js";
import { seededRandom } from "../modules/platform/seeded-random.js";
import { BOOT_SLOT_BUDGET } from "../host-tools/bench/device.js";
import type { SimEngine } from "../host-tools/simulate/engine.js";
import { SimulatedDevice, type BootMeasurement, type BootOptions } from "../host-tools/simulate/run.js";
import { reportSkip } from "./support/sdks.js";
import { SDK_SIM_SKIP, sdkSimulation, type SdkSim } from "./xs/sdk-sim-host.js";

if (SDK_SIM_SKIP) reportSkip("device budgets on the SDK's XS next to xsnap's", SDK_SIM_SKIP);
const sdk: SdkSim | undefined = SDK_SIM_SKIP ? undefined : await sdkSimulation();

function scenarios(): [string, BootOptions][] {
  const production = exampleFactoryData();
  delete production.passcode;
  const image = writeNvsImage(factoryDataToRows(production), { size: 0x6000 });
  const development = writeNvsImage(factoryDataToRows(exampleFactoryData()), { size: 0x6000 });
  const keys = generateKeys(seededRandom("bench/keys"));
  const encrypted = encryptNvsImage(image, keys);
  return [
    ["production, native backend", { image }],
    ["production, native, NVS encryption", { image: encrypted, keys: makeKeyPartition(keys) }],
    ["production, flash backend (TS NVS reader)", { image, config: { factoryBackend: "flash" } }],
    ["development (QR drawn), native", { image: development }],
  ];
}

interface Figures {
  boot: BootMeasurement;
  rdi: Record<string, number>;
}

async function measure(engine: SimEngine | undefined, options: BootOptions): Promise<Figures> {
  const device = await SimulatedDevice.boot({ ...options, engine, random: seededRandom("bench/address"), measure: true });
  try {
    expect(device.booted && device.measurement!.bootToFirstAdvertisement > 0, "the device advertised").toBe(true);
    const rdi: Record<string, number> = {};
    for (const algorithm of ["spec-hkdf", "sdk-sha256"]) {
      let compute = 0;
      for (let i = 0; i < 2; i++) {
        const r = await device.evaluate<string>(`__sim.rdi("00112233445566778899aabbccddeeff", ${10 + i}, "${algorithm}")`);
        expect(r.error).toBeUndefined();
        compute = r.meter!.compute; // the second call: no first-use costs
      }
      rdi[algorithm] = compute - (await device.evaluate<number>("0")).meter!.compute;
    }
    return { boot: device.measurement!, rdi };
  } finally {
    await device.close();
  }
}

const n = (x: number) => x.toLocaleString("en-US");

describe.runIf(sdk)(`device budgets: xsnap XS 13.3 next to the Moddable SDK's XS ${sdk?.xsVersion ?? ""}`, () => {
  it(`boot adds < ${BOOT_SLOT_BUDGET} live slots on both engines; meters are deterministic`, async () => {
    const rows: string[] = ["| scenario | meter main()→1st adv, xsnap | SDK XS | slots added by boot, xsnap | SDK XS |", "|---|---:|---:|---:|---:|"];
    let rdiLine = "";
    for (const [name, options] of scenarios()) {
      const x = await measure(undefined, options);
      const s = await measure(sdk!.engine, options);
      const again = await measure(sdk!.engine, options);
      expect(again.boot.bootToFirstAdvertisement, `${name}: the SDK engine's meter is deterministic`).toBe(s.boot.bootToFirstAdvertisement);
      for (const f of [x, s]) expect(f.boot.bootSlots, name).toBeLessThan(BOOT_SLOT_BUDGET);
      rows.push(`| ${name} | ${n(x.boot.bootToFirstAdvertisement)} | ${n(s.boot.bootToFirstAdvertisement)} | ${x.boot.bootSlots} | ${s.boot.bootSlots} |`);
      if (!rdiLine) {
        rdiLine = `RDI per computation, xsnap / SDK XS: spec-hkdf ${n(x.rdi["spec-hkdf"])} / ${n(s.rdi["spec-hkdf"])}, sdk-sha256 ${n(x.rdi["sdk-sha256"])} / ${n(s.rdi["sdk-sha256"])}; ` +
          `live slots after load / install / 1st adv: xsnap ${x.boot.slotsAfterLoad} / ${x.boot.slotsAfterInstall} / ${x.boot.slotsAtFirstAdvertisement}, SDK XS ${s.boot.slotsAfterLoad} / ${s.boot.slotsAfterInstall} / ${s.boot.slotsAtFirstAdvertisement}`;
        for (const v of Object.values(s.rdi)) expect(v).toBeGreaterThan(0);
      }
    }
    console.log(`[budget] XS ${sdk!.xsVersion}\n${rows.join("\n")}\n${rdiLine}`);
  }, 300_000);
});
