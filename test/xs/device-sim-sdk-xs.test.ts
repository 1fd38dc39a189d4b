// The device simulation on the Moddable SDK's own XS engine (8.2.3: XS 17), the firmware linked the way
// the device links it: the manifest's modules and preloads through the SDK's tsc/xsc/xsl steps, by
// mcconfig's Linux command-line target with our host main (host-tools/simulate/sdk-build.ts,
// host-tools/xs/sdk-host/host.c). Skipped with one line when the SDK or its Linux tools are missing.
//
// What it proves: the xsl link of the firmware for the host, with the manifest's preloads, has no warning;
// the firmware boots on XS 17; and for random factory images (plaintext and NVS-encrypted, both
// backends, several boots) and the interactive cases, every report is identical to the one the
// same boot gives on xsnap's XS 13.3 — whose reports test/device-sim.test.ts checks against the spec
// and independent implementations. Seeded: MF_SEED=<n> replays; failures name the seed.
import { describe, expect, it } from "vitest";
import { factoryDataToRows } from "../../modules/factory/factory-data.js";
import { exampleFactoryData } from "../../modules/factory/example.js";
import { encryptNvsImage, generateKeys, makeKeyPartition } from "../../modules/nvs/encryption.js";
import { writeNvsImage } from "../../modules/nvs/writer.js";
import { seededRandom } from "../../modules/platform/seeded-random.js";
import { SimulatedDevice, simulateDevice, type BootOptions, type SimulationReport } from "../../host-tools/simulate/run.js";
import type { SimEngine } from "../../host-tools/simulate/engine.js";
import { Rng } from "../support/random-csv.js";
import { endpointsOf, randomFactoryData } from "../support/random-factory-data.js";
import { reportSkip } from "../support/sdks.js";
import { SDK_SIM_SKIP, sdkSimulation, xslWarnings, type SdkSim } from "./sdk-sim-host.js";

const SEED = Number(process.env.MF_SEED ?? "4242");
const tag = (what: string) => `MF_SEED=${SEED} ${what}`;
const CASES = 8;
const IMAGE_SIZE = 0x6000;
const BUILD_TIMEOUT = 20 * 60_000;

if (SDK_SIM_SKIP) reportSkip("the device simulation on the SDK's XS (x-cli-lin host linked by xsl)", SDK_SIM_SKIP);
const sdk: SdkSim | undefined = SDK_SIM_SKIP ? undefined : await sdkSimulation();

/** The report without what is engine-specific by nature (meters, slots). */
function comparable(r: SimulationReport): SimulationReport {
  return { ...r, boots: r.boots.map(({ measurement: _m, ...b }) => b) };
}

interface RandomCase {
  name: string;
  options: Parameters<typeof simulateDevice>[0];
}

function randomCase(index: number): RandomCase {
  const rng = new Rng(SEED * 7919 + index);
  const data = randomFactoryData(rng);
  if (index === 1) data.passcode = 20202021; // a development image: QR drawn on the console
  const backend = index % 2 === 0 ? "native" : "flash";
  const encrypted = index % 3 === 1;
  let image = writeNvsImage(factoryDataToRows(data), { size: IMAGE_SIZE });
  let keys: Uint8Array | undefined;
  if (encrypted) {
    const k = generateKeys(seededRandom(`${SEED}/sdk-keys/${index}`));
    image = encryptNvsImage(image, k);
    keys = makeKeyPartition(k);
  }
  const minutes = rng.pick([3, 15]);
  return {
    name: tag(`case ${index} (${backend}${encrypted ? ", encrypted" : ""}, ${minutes} min)`),
    options: { image, keys, boots: index % 4 === 0 ? 3 : 1, config: { factoryBackend: backend, announcementMinutes: minutes, endpoints: endpointsOf(data) } },
  };
}

async function onBoth(options: Parameters<typeof simulateDevice>[0], seed: string): Promise<[SimulationReport, SimulationReport]> {
  const run = (engine?: SimEngine) => simulateDevice({ ...options, engine, random: seededRandom(seed) });
  return [await run(), await run(sdk!.engine)];
}

/** The interactive script of test/device-sim.test.ts (connect, C1, C3, phases, commissioning), as a log. */
async function interactive(engine: SimEngine | undefined, options: BootOptions): Promise<unknown[]> {
  const device = await SimulatedDevice.boot({ ...options, engine, random: seededRandom(`${SEED}/interactive`) });
  const log: unknown[] = [];
  try {
    await device.advance(10_000);
    log.push(await device.connect(), await device.writeC1(new Uint8Array([0x65, 0x6c, 0x04, 0x00])), await device.readC3());
    await device.advance(40_000);
    log.push(await device.disconnect(), await device.advance(1000), await device.status());
    await device.advance(15 * 60_000);
    log.push(await device.status());
    await device.userAction();
    log.push(await device.status(), await device.advance(5000));
    await device.setCommissioned(true);
    log.push(await device.status(), await device.drain(), await device.state());
  } finally {
    await device.close();
  }
  return log;
}

describe.runIf(sdk)(`the device simulation on the Moddable SDK's XS ${sdk?.xsVersion ?? ""} (xsl-linked)`, () => {
  it("xsl links the host, the manifest's preloads included, with no warning", () => {
    const log = sdk!.host.log;
    expect(sdk!.host.xslSummary, "xsl's summary line").toMatch(/^### \d+ instances, \d+ keys, \d+ colors, 0 holes$/);
    expect(xslWarnings(log)).toEqual([]);
    // mcconfig's step lines ("# cc xsError…", "# tsc input-error.ts") name files, not failures
    expect(log.split("\n").filter((l) => /\berror\b/i.test(l) && !l.startsWith("# cc xsError") && !/^# (tsc|xsc) \S+$/.test(l))).toEqual([]);
    console.log(`[sdk-sim] XS ${sdk!.xsVersion}, ${sdk!.host.xslSummary}; build ${(sdk!.buildMs / 1000).toFixed(0)} s`);
  });

  it("the firmware's built-ins are frozen by the link, and the host has no TextEncoder (as on the device)", async () => {
    const device = await SimulatedDevice.boot({ image: writeNvsImage(factoryDataToRows(exampleFactoryData()), { size: IMAGE_SIZE }), engine: sdk!.engine });
    try {
      const r = await device.evaluate<unknown[]>("[Object.isFrozen(Array.prototype), Object.isFrozen(Uint8Array.prototype), typeof TextEncoder, typeof TextDecoder]");
      expect(r.error).toBeUndefined();
      expect(r.value).toEqual([true, true, "undefined", "undefined"]);
      expect(r.meter!.compute, "the host is metered (mxMetering)").toBeGreaterThan(0);
    } finally {
      await device.close();
    }
  });

  for (let i = 0; i < CASES; i++) {
    const c = randomCase(i);
    it(`${c.name}: the same report as on xsnap`, async () => {
      const [xsnap, sdkReport] = await onBoth(c.options, `${SEED}/sdk-address/${i}`);
      expect(sdkReport.error, c.name).toBeUndefined();
      expect(sdkReport.boots[0].advertisingData, c.name).toMatch(/^020106/);
      expect(comparable(sdkReport), c.name).toEqual(comparable(xsnap));
    }, 120_000);
  }

  it("a corrupt image: the same one error line and no advertising", async () => {
    const image = writeNvsImage(factoryDataToRows(exampleFactoryData()), { size: IMAGE_SIZE });
    image[4] ^= 0x01;
    for (const backend of ["native", "flash"]) {
      const [xsnap, sdkReport] = await onBoth({ image, config: { factoryBackend: backend }, seconds: 60 }, `${SEED}/corrupt`);
      expect(sdkReport.error).toMatch(/namespace "chip-factory" not found/);
      expect(sdkReport.boots[0].advertisingData).toBeNull();
      expect(comparable(sdkReport)).toEqual(comparable(xsnap));
    }
  }, 120_000);

  it("connection, C1 refusal, C3, phases, user action, commissioning: the same on both engines", async () => {
    const image = writeNvsImage(factoryDataToRows(exampleFactoryData()), { size: IMAGE_SIZE });
    const sdkLog = await interactive(sdk!.engine, { image });
    expect(sdkLog[1]).toBe("ATT error 0x03 (Write Not Permitted)");
    expect(sdkLog).toEqual(await interactive(undefined, { image }));
  }, 120_000);
});
