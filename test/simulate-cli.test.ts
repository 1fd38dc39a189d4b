// `matter-factory simulate` end to end, as a bring-up engineer runs it: the real CLI entry boots the
// firmware under XS against factory images written by our writer (host-tools/simulate, device/).
import { createHash, hkdfSync } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleFactoryData } from "../modules/factory/example.js";
import { factoryDataToRows } from "../modules/factory/factory-data.js";
import { encryptNvsImage, generateKeys, makeKeyPartition } from "../modules/nvs/encryption.js";
import { writeNvsImage } from "../modules/nvs/writer.js";
import { seededRandom } from "../modules/platform/seeded-random.js";
import { runCli, tempDir } from "./support/cli.js";

const DIR = tempDir("mf-simulate-");
const file = (name: string) => join(DIR, name);
const UID = Buffer.from("00112233445566778899aabbccddeeff", "hex"); // exampleFactoryData's rd-id-uid
// exampleFactoryData: discriminator 0xF00, VID 0xFFF2, PID 0x8001, with rd-id-uid (Core §5.4.2.5.6).
const ADVERTISING_DATA = "0201060b16f6ff00000ff2ff018001";

function specRdi(counter: number): string {
  const ctr = Buffer.from([counter & 0xff, counter >> 8]);
  return ctr.toString("hex") + Buffer.from(hkdfSync("sha256", UID, ctr, Buffer.from("RotatingDeviceID"), 16)).toString("hex");
}

beforeAll(() => {
  const development = exampleFactoryData();
  const production = exampleFactoryData();
  delete production.passcode;
  const image = writeNvsImage(factoryDataToRows(production), { size: 0x6000 });
  const keys = generateKeys(seededRandom("simulate-cli/keys"));
  writeFileSync(file("factory.bin"), image);
  writeFileSync(file("dev.bin"), writeNvsImage(factoryDataToRows(development), { size: 0x6000 }));
  writeFileSync(file("encrypted.bin"), encryptNvsImage(image, keys));
  writeFileSync(file("keys.bin"), makeKeyPartition(keys));
  writeFileSync(file("corrupt.bin"), seededRandom("simulate-cli/corrupt")(0x6000));
});

function json(args: string[]) {
  const r = runCli(["simulate", ...args, "--json"]);
  return { ...r, report: r.stdout ? JSON.parse(r.stdout) : undefined };
}

describe("matter-factory simulate", () => {
  it("--json: every provider's values and, per boot, advertising bytes, address, schedule, counter, RDI, C3", () => {
    const { status, stderr, report } = json([file("factory.bin")]);
    expect(status, stderr).toBe(0);
    expect(stderr).toBe("");
    expect(report.commissionableData.setupDiscriminator).toEqual({ status: "ok", value: 0xf00 });
    expect(report.commissionableData.spake2pIterationCount).toEqual({ status: "ok", value: 1000 });
    expect(report.commissionableData.spake2pSalt).toEqual({ status: "ok", value: Buffer.from("SPAKE2P Key Salt").toString("hex") });
    expect(report.commissionableData.setupPasscode.status).toBe("not-implemented");
    expect(report.deviceInstanceInfo.vendorId).toEqual({ status: "ok", value: 0xfff2 });
    expect(report.deviceInstanceInfo.productName).toEqual({ status: "ok", value: "light" });
    expect(report.deviceInstanceInfo.manufacturingDate).toEqual({ status: "ok", value: { year: 2024, month: 5, day: 17, suffix: "" } });
    expect(report.deviceInstanceInfo.rotatingDeviceIdUniqueId).toEqual({ status: "ok", value: { redacted: true, length: 16 } });
    expect(report.deviceInfo.supportedLocales).toEqual({ status: "ok", value: ["en-US", "de-DE"] });
    expect(report.deviceInfo.supportedCalendarTypes).toEqual({ status: "ok", value: [4, 8] });
    expect(report.deviceInfo.fixedLabels["0"]).toEqual({ status: "ok", value: [{ label: "room", value: "kitchen" }, { label: "floor", value: "1" }] });
    expect(report.deviceInfo.supportedModes["1"].value).toHaveLength(2);
    expect(report.deviceAttestationCredentials.signWithDeviceAttestationKey.signature.status).toBe("ok");

    expect(report.boots).toHaveLength(1);
    const boot = report.boots[0];
    expect(boot.advertisingData).toBe(ADVERTISING_DATA);
    expect(boot.address).toMatch(/^[C-F][0-9A-F](:[0-9A-F]{2}){5}$/); // static random: top bits 11
    expect(boot.rotationCounter).toBe(0);
    expect(boot.rotatingDeviceId).toBe("0000c5949d2a8c3fb9da189a9147f619ec1a"); // docs/onboarding.md §Rotating Device ID, counter 0
    expect(boot.rotatingDeviceId).toBe(specRdi(0));
    expect(boot.c3).toBe(`15300012${specRdi(0)}18`);
    expect(boot.intervals).toEqual([
      { fromMs: 0, minMs: 20, maxMs: 60 },
      { fromMs: 30_000, minMs: 150, maxMs: 1200 },
      { fromMs: 900_000, minMs: null, maxMs: null, stop: "stopped by the firmware" },
    ]);
    expect(boot.console[0]).toBe("matter-factory device: bring-up console");
    expect(report.state).toEqual({ "mf-device": { "rdi-counter": 0 } });
  });

  it("--boots 3 --seconds 40: the counter persists and steps once per boot, a new address each boot", () => {
    const { status, stderr, report } = json([file("factory.bin"), "--boots", "3", "--seconds", "40"]);
    expect(status, stderr).toBe(0);
    expect(report.boots.map((b: { rotationCounter: number }) => b.rotationCounter)).toEqual([0, 1, 2]);
    expect(report.boots.map((b: { rotatingDeviceId: string }) => b.rotatingDeviceId)).toEqual([specRdi(0), specRdi(1), specRdi(2)]);
    expect(new Set(report.boots.map((b: { address: string }) => b.address)).size).toBe(3);
    for (const boot of report.boots) {
      expect(boot.intervals).toEqual([{ fromMs: 0, minMs: 20, maxMs: 60 }, { fromMs: 30_000, minMs: 150, maxMs: 1200 }]);
    }
    expect(report.state["mf-device"]["rdi-counter"]).toBe(2);
  });

  it("--minutes 3 --algorithm sdk-sha256 --backend flash", () => {
    const { status, stderr, report } = json([file("factory.bin"), "--minutes", "3", "--algorithm", "sdk-sha256", "--backend", "flash"]);
    expect(status, stderr).toBe(0);
    const boot = report.boots[0];
    expect(boot.intervals.at(-1)).toMatchObject({ fromMs: 180_000, minMs: null, maxMs: null });
    const ctr = Buffer.from([0, 0]);
    expect(boot.rotatingDeviceId).toBe(ctr.toString("hex") + createHash("sha256").update(UID).update(ctr).digest().subarray(16).toString("hex"));
    expect(boot.advertisingData).toBe(ADVERTISING_DATA);
    expect(boot.console[1]).toMatch(/flash backend/);
  });

  it("--keys: an NVS-encrypted image reads like the plaintext one; without its keys the device does not advertise", () => {
    const { status, stderr, report } = json([file("encrypted.bin"), "--keys", file("keys.bin"), "--seconds", "1"]);
    expect(status, stderr).toBe(0);
    expect(report.boots[0].advertisingData).toBe(ADVERTISING_DATA);
    expect(report.boots[0].console[1]).toMatch(/NVS encryption/);
    const without = json([file("encrypted.bin"), "--seconds", "1"]);
    expect(without.status).toBe(1);
    expect(without.stderr.trim().split("\n")).toHaveLength(1);
    const error = JSON.parse(without.stderr).error; // --json: the error line is JSON too
    expect(error).toMatchObject({ id: "simulate.no-advertise", exit: 1 });
    expect(error.message).toMatch(/would not advertise: factory data: partition "fctry": namespace "chip-factory" not found/);
    expect(without.report.boots[0].advertisingData).toBeNull();
  });

  it("a corrupt image: the one error line, a non-zero exit, no advertising", () => {
    const text = runCli(["simulate", file("corrupt.bin")]);
    expect(text.status).toBe(1);
    expect(text.stderr.trim().split("\n")).toHaveLength(1);
    expect(text.stderr).toMatch(/^matter-factory: simulate ".*corrupt\.bin": the device would not advertise: factory data: /);
    expect(text.stdout).toContain("advertising: none");
    expect(text.stdout).not.toContain("advertising data");
    expect(text.stdout.split("\n").filter((l) => l.startsWith("ERROR "))).toHaveLength(1);

    const { status, report } = json([file("corrupt.bin")]);
    expect(status).toBe(1);
    expect(report.error).toMatch(/namespace "chip-factory" not found/);
    expect(report.commissionableData).toBeUndefined();
    expect(report.boots[0]).toMatchObject({ advertisingData: null, address: null, rotationCounter: null, rotatingDeviceId: null, c3: null, intervals: [] });
    expect(report.boots[0].events.filter((e: { op: string }) => e.op === "start")).toEqual([]);
    expect(report.state).toEqual({});
  });

  it("text output of a development image: console with QR payload, manual code and QR art, then the summary", () => {
    const r = runCli(["simulate", file("dev.bin"), "--seconds", "31"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/QR payload {3}MT:[0-9A-Z.-]+/);
    expect(r.stdout).toMatch(/manual code {2}\d{4}-\d{3}-\d{4}/);
    expect(r.stdout).toContain("█");
    expect(r.stdout).toContain(`advertising data  ${ADVERTISING_DATA}`);
    expect(r.stdout).toContain("intervals         0 ms: 20-60 ms; 30000 ms: 150-1200 ms");
    expect(r.stdout).toContain("DAC signing       ok (ECDSA P-256 / SHA-256)");
    expect(r.stdout).not.toContain("b06254e89bc9525d"); // the DAC private key
  });

  const usage: [string[], number, RegExp][] = [
    [[], 2, /needs <factory\.bin>/],
    // A value that breaks its option's rule is bad data (exit 1), a malformed command line exit 2 (host-tools/errors.ts).
    [["FILE", "--boots", "0"], 1, /--boots 0: must be ≥ 1/],
    [["FILE", "--minutes", "20"], 1, /--minutes 20: must be ≤ 15/],
    [["FILE", "--backend", "spi"], 1, /--backend "spi": must be one of native, flash/],
    [["/nonexistent/factory.bin"], 1, /factory image "\/nonexistent\/factory\.bin": no such file/],
  ];
  it.each(usage)("rejects %j with one line", (args, code, pattern) => {
    const r = runCli(["simulate", ...args.map((a) => (a === "FILE" ? file("factory.bin") : a))]);
    expect(r.status).toBe(code);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
  });

  it("--help", () => {
    const r = runCli(["simulate", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Usage: matter-factory simulate <factory.bin> [--keys keys.bin] [--seconds N] [--boots N] [--json]");
    expect(runCli(["--help"]).stdout).toMatch(/simulate\s+boot the device firmware under XS/);
    expect(r.stdout).toMatch(/XS 13\.3 from npm @agoric\/xsnap \(engine: xsnap\)/); // which engine ran
  });
});
