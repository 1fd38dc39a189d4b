// What a production line gets wrong and `verify` must catch (issue "Verify must catch what a line gets
// wrong"): another device's QR PNG, a directory holding another device's set, the same device in two
// directories, directories outside the manifest, devices of the manifest that are missing, and the
// passcode on stdout. Each case breaks a copy of one batch made by `generate` (or of the mfg_tool
// sample batch, which has no manifest) and asserts the exit status, the error lines naming the check
// and the file or field, and that verify left the tree as it was.

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { cpSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, mkdirSync, appendFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { runCliInProcess, tempDir } from "./support/cli.js";
import { MFG_BATCH, PAI_CERT, PAI_KEY, CD_FILE } from "./support/fixtures.js";

const AT = "2030-01-01T00:00:00Z";
let tmp: string;
let batch: string; // <outdir>/fff2_8001 of a 3-device generate run
let uuids: string[];
let manifestName: string;
let passcodes: number[];

beforeAll(async () => {
  tmp = tempDir("mf-verify-line-");
  const r = await runCliInProcess(["generate", "-n", "3", "-v", "0xFFF2", "-p", "0x8001", "--pai", "-c", PAI_CERT, "-k", PAI_KEY, "-cd", CD_FILE,
    "--vendor-name", "ESP", "--product-name", "light", "--hw-ver-str", "v1", "-vf", "2025-01-01", "-lt", "3650",
    "--iteration-count", "1000", "-j", "0", "-q", "--no-labels", "--outdir", join(tmp, "made")]);
  expect(r.code, r.stderr).toBe(0);
  batch = join(tmp, "made", "fff2_8001");
  uuids = readdirSync(batch).filter((n) => /^[0-9a-f]{8}-/.test(n)).sort();
  manifestName = readdirSync(batch).find((n) => n.startsWith("manifest-"))!;
  passcodes = readFileSync(join(batch, manifestName), "utf8").trim().split("\n").map((l) => JSON.parse(l).passcode as number);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Every file under `dir` with its SHA-256: what verify must leave unchanged. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p, `${rel}${n}/`);
      else out[`${rel}${n}`] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir, "");
  return out;
}

/** Copies device directory `from` to `to` inside `root`, renaming its <uuid>-prefixed files. */
function copyDeviceAs(root: string, from: string, to: string): void {
  cpSync(join(root, from), join(root, to), { recursive: true });
  for (const n of readdirSync(join(root, to))) if (n.startsWith(from)) renameSync(join(root, to, n), join(root, to, n.replace(from, to)));
}

let caseNo = 0;
function copyBatch(source: string): string {
  const root = join(tmp, `case-${++caseNo}`, "fff2_8001");
  cpSync(source, root, { recursive: true });
  return root;
}

interface LineCase {
  name: string;
  /** The batch to copy (default: ours). */
  source?: () => string;
  /** Breaks the copy; returns the path to verify (default the batch root). */
  setup: (root: string) => string | void;
  status: 0 | 1;
  /** Each must match one line of stdout. */
  lines: (root: string) => RegExp[];
  /** The summary line, when a batch is verified. */
  summary?: RegExp;
}

const A = () => uuids[0];
const B = () => uuids[1];
const NEW = "0badc0de-0000-4000-8000-000000000001";
const re = (s: string) => new RegExp(s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));

const cases: LineCase[] = [
  {
    name: "a device directory holding another device's QR PNG",
    setup: (root) => void cpSync(join(root, B(), `${B()}-qrcode.png`), join(root, A(), `${A()}-qrcode.png`)),
    status: 1,
    lines: () => [
      /^error qrcode: qrcode\.png: discriminator \d+ differs from the image's discriminator \d+$|^error passcode: .*qrcode\.png.* does not match/,
      /^error manifest: the QR code \(PNG or onb_codes\.csv\) differs from manifest-.*\.jsonl line \d$/,
      re(`error duplicate: the same QR code as ${B()}`),
    ],
    summary: /^1 of 3 devices pass$/,
  },
  {
    name: "a QR PNG that is not a PNG",
    setup: (root) => void writeFileSync(join(root, A(), `${A()}-qrcode.png`), "not a png"),
    status: 1,
    lines: () => [/^error qrcode: [0-9a-f-]{36}-qrcode\.png: png: missing PNG signature$/],
    summary: /^2 of 3 devices pass$/,
  },
  {
    name: "a directory named after device A holding device B's complete set",
    setup: (root) => {
      rmSync(join(root, A()), { recursive: true });
      copyDeviceAs(root, B(), A());
    },
    status: 1,
    lines: () => [
      re(`error identity: the DAC's CN ${B()} names another device than this directory ${A()}`),
      /^error manifest: the image's SHA-256 differs from manifest-.*\.jsonl line \d$/,
      /^error manifest: the DAC's SHA-256 differs from manifest-.*\.jsonl line \d$/,
      re(`error duplicate: the same factory image as ${B()}`),
      re(`error duplicate: the same DAC as ${A()}`),
    ],
    summary: /^1 of 3 devices pass$/,
  },
  {
    name: "two directories holding the same device (one outside the manifest)",
    setup: (root) => copyDeviceAs(root, B(), NEW),
    status: 1,
    lines: () => [
      re(`error manifest: directory ${NEW} is not in the batch's manifest`),
      re(`error identity: the DAC's CN ${B()} names another device than this directory ${NEW}`),
      re(`error duplicate: the same factory image as ${NEW}`),
      re(`error duplicate: the same serial-num as ${B()}`),
    ],
    summary: /^2 of 4 devices pass$/,
  },
  {
    name: "a manifest that lists a device twice",
    setup: (root) => appendFileSync(join(root, manifestName), readFileSync(join(root, manifestName), "utf8").split("\n")[0] + "\n"),
    status: 1,
    lines: () => [new RegExp(`^error duplicate: ${manifestName.replace(/\./g, "\\.")} line 4 lists device [0-9a-f-]{36} again \\(first at .* line 1\\)$`)],
    summary: /^3 of 3 devices pass; 1 batch error$/,
  },
  {
    name: "a device of the manifest without its directory",
    setup: (root) => rmSync(join(root, B()), { recursive: true }),
    status: 1,
    lines: () => [new RegExp(`^error batch: device ${B()} \\(${manifestName.replace(/\./g, "\\.")} line \\d\\) has no directory: missing from the batch$`)],
    summary: /^2 of 2 devices pass; 1 batch error$/,
  },
  {
    name: "an unfinished .tmp-<uuid>/ left by a power cut (reported; the devices pass)",
    setup: (root) => {
      mkdirSync(join(root, `.tmp-${NEW}`, "internal"), { recursive: true });
      writeFileSync(join(root, `.tmp-${NEW}`, `${NEW}-partition.bin`), new Uint8Array(0x6000).fill(0xff));
    },
    status: 0,
    lines: () => [re(`warning batch: .tmp-${NEW}/: an unfinished device left by an interrupted run`)],
    summary: /^3 of 3 devices pass$/,
  },
  {
    name: "one device directory verified alone is checked against its batch's manifest",
    setup: (root) => {
      cpSync(join(root, B(), `${B()}-partition.bin`), join(root, A(), `${A()}-partition.bin`));
      return join(root, A());
    },
    status: 1,
    lines: () => [/^error manifest: the image's SHA-256 differs from manifest-.*\.jsonl line \d$/],
  },
  {
    name: "an esp-matter-mfg-tool batch (no manifest) with one device copied under a new name",
    source: () => MFG_BATCH,
    setup: (root) => copyDeviceAs(root, readdirSync(root).filter((n) => /^[0-9a-f]{8}-/.test(n)).sort()[0], NEW),
    status: 1,
    lines: () => [re(`error identity: the DAC's CN`), /^error duplicate: the same factory image as /],
    summary: /^2 of 4 devices pass$/,
  },
];

describe("verify: what a line gets wrong", () => {
  it("the batch as generate made it passes every check, manifest and identity included", async () => {
    const before = snapshot(batch);
    const r = await runCliInProcess(["verify", batch, "--at", AT]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("3 of 3 devices pass");
    expect(r.stdout.match(/^ok manifest: /gm)).toHaveLength(3);
    expect(r.stdout.match(/^ok identity: /gm)).toHaveLength(3);
    expect(r.stdout.match(/^ok qrcode: qrcode\.png: /gm)).toHaveLength(3);
    expect(snapshot(batch)).toEqual(before);
  });

  cases.forEach((c) => {
    it(c.name, async () => {
      const root = copyBatch(c.source ? c.source() : batch);
      const target = c.setup(root) ?? root;
      const before = snapshot(root);
      const r = await runCliInProcess(["verify", target, "--at", AT]);
      expect(r.stderr).toBe("");
      expect(r.code, r.stdout).toBe(c.status);
      const lines = r.stdout.trimEnd().split("\n");
      for (const want of c.lines(root)) {
        if (!lines.some((l) => want.test(l))) throw new Error(`no line matches ${String(want)}; got:\n${lines.filter((l) => !l.startsWith("ok ")).join("\n")}`);
      }
      if (c.summary) expect(lines.at(-1)).toMatch(c.summary);
      if (c.status === 1) {
        const json = JSON.parse((await runCliInProcess(["verify", target, "--at", AT, "--json"])).stdout);
        expect(json.ok).toBe(false);
      }
      expect(snapshot(root), "verify changed the tree").toEqual(before);
    });
  });
});

describe("verify: passcodes redacted like inspect", () => {
  it("no passcode, QR payload or manual code on stdout unless --show-secrets", async () => {
    const entries = readFileSync(join(batch, manifestName), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const r = await runCliInProcess(["verify", batch, "--at", AT]);
    expect(r.code).toBe(0);
    for (const e of entries) {
      expect(r.stdout).not.toContain(String(e.passcode));
      expect(r.stdout).not.toContain(e.qr);
      expect(r.stdout).not.toContain(e.manualCode);
    }
    expect(r.stdout).toMatch(/^ok passcode: <passcode redacted; --show-secrets to print> \(from /m);
    const json = await runCliInProcess(["verify", batch, "--at", AT, "--json"]);
    for (const p of passcodes) expect(json.stdout).not.toContain(String(p));
    const shown = await runCliInProcess(["verify", batch, "--at", AT, "--show-secrets"]);
    for (const p of passcodes) expect(shown.stdout).toMatch(new RegExp(`^ok passcode: ${p} \\(from `, "m"));
  });

  it("a wrong passcode is reported without printing it", async () => {
    const r = await runCliInProcess(["verify", join(batch, uuids[0]), "--at", AT, "--passcode", "20202021"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^error passcode: <passcode redacted; --show-secrets to print> \(from --passcode\) does not match/m);
    expect(r.stdout).not.toContain("20202021");
  });
});
