// Measures the device firmware under XS (run by host-tools/bench/device.ts in a child process, which
// bundles this file): XS meter units from main() to the first advertisement, per Rotating Device ID
// computation, and the live slots the boot adds. Prints one JSON object on stdout.
import { exampleFactoryData } from "../../modules/factory/example.js";
import { factoryDataToRows } from "../../modules/factory/factory-data.js";
import { encryptNvsImage, generateKeys, makeKeyPartition } from "../../modules/nvs/encryption.js";
import { writeNvsImage } from "../../modules/nvs/writer.js";
import { seededRandom } from "../../modules/platform/seeded-random.js";
import { SimulatedDevice, type BootMeasurement } from "../simulate/run.js";

export interface DeviceBenchScenario {
  name: string;
  measurement: BootMeasurement;
  ms: number;
}

export interface DeviceBenchResult {
  scenarios: DeviceBenchScenario[];
  rdi: { algorithm: string; compute: number }[];
}

async function run(): Promise<DeviceBenchResult> {
  const production = exampleFactoryData();
  delete production.passcode;
  const image = writeNvsImage(factoryDataToRows(production), { size: 0x6000 });
  const development = writeNvsImage(factoryDataToRows(exampleFactoryData()), { size: 0x6000 });
  const keys = generateKeys(seededRandom("bench/keys"));
  const encrypted = encryptNvsImage(image, keys);
  const random = seededRandom("bench/address");
  const scenarios: [string, Parameters<typeof SimulatedDevice.boot>[0]][] = [
    ["production image, native backend", { image }],
    ["production image, native backend, NVS encryption", { image: encrypted, keys: makeKeyPartition(keys) }],
    ["production image, flash backend (TS NVS reader)", { image, config: { factoryBackend: "flash" } }],
    ["production image, flash backend, NVS encryption", { image: encrypted, keys: makeKeyPartition(keys), config: { factoryBackend: "flash" } }],
    ["development image (pin-code: QR drawn), native", { image: development }],
  ];
  const out: DeviceBenchResult = { scenarios: [], rdi: [] };
  for (const [name, options] of scenarios) {
    const t0 = performance.now();
    const device = await SimulatedDevice.boot({ ...options, random, measure: true });
    const ms = performance.now() - t0;
    try {
      if (!device.booted || !device.measurement || device.measurement.bootToFirstAdvertisement === 0) throw new Error(`${name}: the device did not advertise`);
      out.scenarios.push({ name, measurement: device.measurement, ms });
      if (out.rdi.length === 0) {
        const uid = "00112233445566778899aabbccddeeff";
        for (const algorithm of ["spec-hkdf", "sdk-sha256"]) {
          let compute = 0;
          for (let i = 0; i < 2; i++) {
            const r = await device.evaluate<string>(`__sim.rdi("${uid}", ${10 + i}, "${algorithm}")`);
            if (!r.ok) throw new Error(`RDI ${algorithm}: ${r.error}`);
            compute = r.meter!.compute; // the second call: no first-use costs
          }
          // The evaluateJson wrapper's own cost, measured with a call that does nothing.
          const empty = await device.evaluate<number>("0");
          out.rdi.push({ algorithm, compute: compute - empty.meter!.compute });
        }
      }
    } finally {
      await device.close();
    }
  }
  return out;
}

process.stdout.write(JSON.stringify(await run()) + "\n");
