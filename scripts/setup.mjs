#!/usr/bin/env node
// Post-install: the Python venv with the pinned reference tools, the XS runner, the CLI bundle.
// Idempotent: each step is skipped when its stamp is current. Set MF_SKIP_VENV=1 to skip Python.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const log = (m) => process.stderr.write(`[setup] ${m}\n`);
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });

// One venv per reference tool: mfg_tool pins an older NVS generator than the one we test against.
const VENVS = [
  ["nvs", "test/py/requirements-nvs.txt"],
  ["mfg", "test/py/requirements-mfg.txt"],
  ["kconfig", "test/py/requirements-kconfig.txt"],
  ["esptool", "test/py/requirements-esptool.txt"],
];

function setupVenv(name, reqFile) {
  if (process.env.MF_SKIP_VENV === "1") return log("MF_SKIP_VENV=1: skipping the Python venvs");
  const req = readFileSync(join(root, reqFile));
  const want = createHash("sha256").update(req).digest("hex");
  const dir = join(".venv", name);
  const stamp = join(root, dir, ".mf-stamp");
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return log(`venv ${dir} up to date`);
  const python = process.env.PYTHON ?? "python3";
  log(`creating ${dir} with ${python} and installing ${reqFile}`);
  run(python, ["-m", "venv", dir]);
  run(join(root, dir, "bin/python"), ["-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", reqFile]);
  writeFileSync(stamp, want);
}

function checkXsnap() {
  const dir = join(root, "node_modules/@agoric/xsnap");
  if (!existsSync(dir)) return; // production install without devDependencies
  const bin = join(dir, "xsnap-native/xsnap/build/bin/lin/release/xsnap-worker");
  if (existsSync(bin)) return log("XS runner present");
  log("building the XS runner (npm run build:from-env in @agoric/xsnap)");
  run("npm", ["run", "build:from-env"], { cwd: dir });
}

for (const [name, req] of VENVS) setupVenv(name, req);
checkXsnap();
run(process.execPath, [join(root, "scripts/build-cli.mjs")]);
