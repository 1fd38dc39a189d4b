// The vector files and the XS-side harness that loads and runs them, shared by the xsnap run
// (vectors-xs.test.ts) and the Moddable SDK's own XS (vectors-sdk-xs.test.ts).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./bundle.js";

/** modules/**\/*.vectors.ts, relative to modules/, sorted (read from disk so new files count). */
export function vectorFiles(): string[] {
  const dir = join(REPO_ROOT, "modules");
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((p) => p.split("\\").join("/"))
    .filter((p) => p.endsWith(".vectors.ts"))
    .sort();
}

/** The XS-side harness: lazy per-file loading (esbuild turns require() into lazy module init). */
export function entrySource(files: string[]): string {
  const loaders = files.map((f) => `  [${JSON.stringify(f)}, () => require(${JSON.stringify(`./modules/${f}`)})],`).join("\n");
  return `
const files = [
${loaders}
];
const loaded = [];
function describeError(e) {
  if (e instanceof Error) {
    const head = e.name + ": " + e.message;
    return typeof e.stack === "string" && e.stack.indexOf(" at ") >= 0 ? head + "\\n" + e.stack.slice(e.stack.indexOf(" at ")) : head;
  }
  return "thrown non-Error: " + String(e);
}
// XS stack frames read "(#<script>:<line>)"; the host maps this script's lines back to module files.
const scriptId = (() => {
  try {
    throw new Error("where");
  } catch (e) {
    const m = /\\(#(\\d+):/.exec(String(e.stack));
    return m ? Number(m[1]) : -1;
  }
})();
globalThis.__mfVectors = {
  count: files.length,
  scriptId,
  load(i) {
    try {
      const v = files[i][1]().vectors;
      if (!Array.isArray(v)) return { ok: false, error: "the file has no \`vectors\` array export" };
      loaded[i] = v;
      return { ok: true, names: v.map((c) => String(c && c.name)) };
    } catch (e) {
      return { ok: false, error: "loading the file threw " + describeError(e) };
    }
  },
  run(i, j) {
    try {
      const r = loaded[i][j].run();
      if (r && typeof r.then === "function") return { ok: false, error: "run() returned a promise: vector cases must be synchronous" };
      return { ok: true };
    } catch (e) {
      return { ok: false, error: describeError(e) };
    }
  },
};
`;
}

