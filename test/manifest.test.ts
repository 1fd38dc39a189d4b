// Firmware build files, checked without the Moddable SDK: manifest.json (module names and paths, the
// device's import graph, preloads, platform entry, BLE defines, config), partitions.csv (layout rules
// for a 4 MB ESP32-C3) and sdkconfig.defaults (format mcconfig's merge accepts, options the layout and
// BLE code rely on). mcconfig behaviour restated here: docs/xs-engine.md §Manifests (build paths, module
// names, platforms, preload).
import { build } from "esbuild";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG, deviceConfig } from "../device/config.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const slashes = (path: string) => path.split("\\").join("/");

type PlatformEntry = { dependency?: { idf?: string }[]; error?: string; build?: Record<string, string> };
interface Manifest {
  include: string[];
  build: Record<string, string>;
  creation: { static: number; stack: number; main: string };
  defines: { ble: { server: boolean; max_connections: number } };
  config: Record<string, unknown>;
  modules: Record<string, string | string[]>;
  preload: string[];
  platforms: Record<string, PlatformEntry>;
}
const manifest = JSON.parse(read("manifest.json")) as Manifest;

// ---------------------------------------------------------------------------------------------
// Module map: manifest specifier -> source file, following mcconfig's ModulesRule (docs/xs-engine.md
// §Manifests; tools/mcmanifest.js): a source path without extension brings every .js/.ts/.c/.h file of that
// base name; a target "prefix/*" names each .js/.ts file prefix + its base name ("*" alone: the base
// name); a target without "*" names every .js/.ts file it brings exactly `target`, so one name holds a
// native module's .ts binding and its .c companions. .c/.h files are compiled whatever the target;
// .d.ts files are declarations, not modules.

const SOURCE_EXTENSIONS = [".ts", ".js", ".c", ".h"];
const JS_EXTENSIONS = [".ts", ".js"];

function baseName(file: string): string {
  const name = file.slice(file.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}
const extension = (file: string) => file.slice(file.lastIndexOf("."));
const isDeclaration = (file: string) => file.endsWith(".d.ts");

interface ModuleMap {
  /** module specifier -> repo-relative .ts/.js file */
  js: Map<string, string>;
  /** repo-relative .c/.h files the build compiles or includes */
  native: string[];
  /** manifest source paths that match no file */
  missing: string[];
  /** one line per module name two files claim (mcconfig would silently keep the first) */
  collisions: string[];
}

function moduleMap(modules: Manifest["modules"] = manifest.modules): ModuleMap {
  const js = new Map<string, string>();
  const native: string[] = [];
  const missing: string[] = [];
  const collisions: string[] = [];
  for (const [target, entry] of Object.entries(modules)) {
    if (target === "~") continue;
    const targetStar = target.lastIndexOf("*");
    for (const source of typeof entry === "string" ? [entry] : entry) {
      if (source.startsWith("$(")) continue; // inside the Moddable SDK
      const dir = join(ROOT, dirname(source));
      const pattern = source.slice(source.lastIndexOf("/") + 1);
      const sourceStar = pattern.indexOf("*");
      const filePrefix = sourceStar >= 0 ? pattern.slice(0, sourceStar) : pattern;
      const files = existsSync(dir)
        ? readdirSync(dir).filter((f) => !f.startsWith(".") && SOURCE_EXTENSIONS.includes(extension(f)) && statSync(join(dir, f)).isFile())
        : [];
      const matched = files.filter((f) => (sourceStar >= 0 ? baseName(f).startsWith(filePrefix) : baseName(f) === pattern));
      if (matched.length === 0) missing.push(source);
      for (const file of matched) {
        if (isDeclaration(file)) continue;
        const path = slashes(relative(ROOT, join(dir, file)));
        if (!JS_EXTENSIONS.includes(extension(file))) {
          native.push(path);
          continue;
        }
        const name = sourceStar >= 0 ? baseName(file).slice(filePrefix.length) : baseName(file);
        const specifier = targetStar >= 0 ? target.slice(0, targetStar) + name : target;
        const earlier = js.get(specifier);
        if (earlier !== undefined && earlier !== path) collisions.push(`module "${specifier}": both ${earlier} and ${path}`);
        else js.set(specifier, path);
      }
    }
  }
  return { js, native, missing, collisions };
}

/**
 * The module name a device import of `file` resolves to. XS strips ".js" from specifiers and resolves
 * "./" and "../" against the importing module's manifest name (docs/xs-engine.md §Manifests, fxFindModule), so
 * the firmware's relative imports only work when every name is the repo path without extension;
 * packages are imported bare, so node_modules files are named by their package subpath.
 */
function deviceName(file: string): string {
  const path = file.startsWith("node_modules/") ? file.slice("node_modules/".length) : file;
  return path.replace(/\.[cm]?[jt]s$/, "");
}

// ---------------------------------------------------------------------------------------------
// Import graph, computed by esbuild the way the firmware build sees it: tsconfig.device.json's
// verbatimModuleSyntax keeps every value import and `import type` disappears. The Moddable host
// modules are external; each comes from an SDK manifest this one includes.

const HOST_MODULES: Record<string, string> = {
  flash: "$(MODULES)/files/flash/manifest.json", // docs/xs-engine.md §Flash module
  timer: "$(MODDABLE)/examples/manifest_base.json", // via the esp32 device manifest (§1)
  preference: "$(MODDABLE)/examples/manifest_base.json", // via the esp32 device manifest (§3.2)
  "embedded:storage/key-value": "$(MODDABLE)/modules/io/storage/manifest.json", // §3.3
  "mc/config": "", // generated by mcconfig from `config` (§1)
};

interface ImportGraph {
  /** repo-relative files (node_modules files included), sorted */
  files: string[];
  /** the host module specifiers it imports, sorted */
  hosts: string[];
}

const graphs = new Map<string, Promise<ImportGraph>>();
/** The import graph of a repo file; rejects with esbuild's errors when an import does not resolve. */
function importGraph(entry: string): Promise<ImportGraph> {
  let graph = graphs.get(entry);
  if (!graph) {
    graph = build({
      entryPoints: [join(ROOT, entry)],
      absWorkingDir: ROOT,
      bundle: true,
      write: false,
      metafile: true,
      format: "esm",
      platform: "neutral",
      tsconfig: join(ROOT, "tsconfig.device.json"),
      external: Object.keys(HOST_MODULES),
      logLevel: "silent",
    }).then(({ metafile }) => {
      const hosts = new Set<string>();
      for (const input of Object.values(metafile.inputs)) for (const i of input.imports) if (i.external) hosts.add(i.path);
      return { files: Object.keys(metafile.inputs).map(slashes).sort(), hosts: [...hosts].sort() };
    });
    graphs.set(entry, graph);
  }
  return graph;
}

/**
 * Differences between an import graph and the manifest's JS modules, one line each: a file the device
 * imports under a name the manifest does not define (or defines for another file), and a module
 * nothing imports.
 */
function graphProblems(graph: readonly string[], js: ReadonlyMap<string, string>, entry = "main.ts"): string[] {
  const problems: string[] = [];
  const needed = new Set<string>();
  for (const file of graph) {
    const name = deviceName(file);
    needed.add(name);
    const mapped = js.get(name);
    if (mapped === undefined) problems.push(`${file}: in the import graph of ${entry}, but no manifest module is named "${name}"`);
    else if (mapped !== file) problems.push(`${file}: imported as "${name}", but the manifest maps that name to ${mapped}`);
  }
  for (const [name, file] of js) {
    if (!needed.has(name)) problems.push(`module "${name}" (${file}): not in the import graph of ${entry}; remove it from the manifest`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Partition table (ESP-IDF CSV: name, type, subtype, offset, size, flags).

interface Partition { name: string; type: string; subtype: string; offset: number; size: number; flags: string[] }
const KB = 1024;
const MB = 1024 * KB;

function parseNumber(text: string): number {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t, 16);
  const m = /^(\d+)([KM]?)$/i.exec(t);
  if (!m) throw new Error(`partition number "${text}": expected hex, decimal, or K/M suffix`);
  return Number(m[1]) * (m[2].toUpperCase() === "K" ? KB : m[2].toUpperCase() === "M" ? MB : 1);
}

function parsePartitions(csv: string, tableOffset: number): Partition[] {
  const rows: Partition[] = [];
  let next = tableOffset + 0x1000; // the table occupies one sector
  for (const raw of csv.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const cells = line.split(",").map((c) => c.trim());
    if (cells.length < 5) throw new Error(`partition line "${line}": needs name, type, subtype, offset, size`);
    const [name, type, subtype, offsetText, sizeText, flagsText = ""] = cells;
    const align = type === "app" ? 0x10000 : 0x1000;
    const offset = offsetText ? parseNumber(offsetText) : Math.ceil(next / align) * align;
    const size = parseNumber(sizeText);
    rows.push({ name, type, subtype, offset, size, flags: flagsText.split(":").map((f) => f.trim()).filter(Boolean) });
    next = offset + size;
  }
  return rows;
}

/** Layout problems, one line each (empty when the table is valid). */
function partitionProblems(rows: Partition[], flashSize: number, tableOffset: number): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const p of rows) {
    const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;
    if (seen.has(p.name)) problems.push(`partition "${p.name}": duplicate name`);
    seen.add(p.name);
    if (p.name.length > 16) problems.push(`partition "${p.name}": name longer than 16 characters`);
    const align = p.type === "app" ? 0x10000 : 0x1000;
    if (p.offset % align) problems.push(`partition "${p.name}" offset ${hex(p.offset)}: must be aligned to ${hex(align)}`);
    if (p.size % 0x1000) problems.push(`partition "${p.name}" size ${hex(p.size)}: must be a multiple of 0x1000`);
    if (p.offset < tableOffset + 0x1000) problems.push(`partition "${p.name}" offset ${hex(p.offset)}: overlaps the bootloader or partition table (ends at ${hex(tableOffset + 0x1000)})`);
    if (p.offset + p.size > flashSize) problems.push(`partition "${p.name}" ends at ${hex(p.offset + p.size)}: beyond the ${flashSize / MB} MB flash`);
  }
  const sorted = [...rows].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    if (a.offset + a.size > b.offset) problems.push(`partition "${b.name}": overlaps "${a.name}"`);
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// sdkconfig.defaults as mcconfig merges it: NAME=value lines, split at the first "=" only.

function parseSdkconfig(text: string): { options: Map<string, string>; problems: string[] } {
  const options = new Map<string, string>();
  const problems: string[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const m = /^(CONFIG_[A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) return problems.push(`sdkconfig.defaults line ${i + 1}: "${line}" is not CONFIG_NAME=value`);
    if (m[2].includes("=")) problems.push(`sdkconfig.defaults line ${i + 1}: value of ${m[1]} contains "=" (mcconfig keeps only the text before it)`);
    if (options.has(m[1])) problems.push(`sdkconfig.defaults line ${i + 1}: ${m[1]} set twice`);
    options.set(m[1], m[2]);
  });
  return { options, problems };
}

const sdkconfig = parseSdkconfig(read("sdkconfig.defaults"));
const tableOffset = parseNumber(sdkconfig.options.get("CONFIG_PARTITION_TABLE_OFFSET") ?? "");
const flashSize = parseNumber((sdkconfig.options.get("CONFIG_ESPTOOLPY_FLASHSIZE") ?? "").replace(/"/g, "").replace("MB", "M"));
const partitions = parsePartitions(read("partitions.csv"), tableOffset);
const partition = (name: string) => partitions.find((p) => p.name === name);

// =============================================================================================

describe("manifest.json", () => {
  it("includes Moddable's base, flash and key-value storage manifests", () => {
    expect(manifest.include).toEqual(expect.arrayContaining([
      "$(MODDABLE)/examples/manifest_base.json",
      "$(MODULES)/files/flash/manifest.json",
      "$(MODDABLE)/modules/io/storage/manifest.json",
    ]));
  });

  // mcconfig merges only the most specific platform entry that matches -p (docs/xs-engine.md §Manifests):
  // exact name, then "name/*" prefixes, dropping one path part at a time, then "...".
  function matchPlatform(platform: string): PlatformEntry | undefined {
    const parts = platform.split("/");
    while (parts.length) {
      const partial = parts.join("/");
      for (const key of Object.keys(manifest.platforms)) {
        if (key.endsWith("/*") ? partial.startsWith(key.slice(0, -1)) : partial === key) return manifest.platforms[key];
      }
      parts.pop();
    }
    return manifest.platforms["..."];
  }

  it("-p esp32/esp32c3 selects the esp32 entry with the IDF components the native code includes", () => {
    const entry = matchPlatform("esp32/esp32c3");
    expect(entry).toBe(manifest.platforms.esp32);
    expect(entry?.error).toBeUndefined();
    const components = (entry?.dependency ?? []).map((d) => d.idf);
    expect(components).toEqual(expect.arrayContaining(["nvs_flash", "esp_partition", "bt", "mbedtls"]));
    expect(matchPlatform("esp32/esp32c3_cdc")).toBe(manifest.platforms.esp32); // other C3 boards too
  });

  it("other platforms stop the build with a message naming the supported one", () => {
    expect(matchPlatform("mac")?.error).toMatch(/esp32\/esp32c3/);
    expect(matchPlatform("nrf52/moddable_four")?.error).toMatch(/esp32\/esp32c3/);
  });

  it("every local module path exists (as .ts/.js/.c/.h) and no two files claim one module name", () => {
    const { missing, collisions } = moduleMap();
    expect(missing, "manifest paths that match no file").toEqual([]);
    expect(collisions).toEqual([]);
    expect(manifest.modules["*"]).toEqual(["./main"]);
    expect(manifest.creation.main).toBe("main");
    expect(moduleMap().js.get("main")).toBe("main.ts");
    // The map can fail: a misspelt path, and a second .ts under a native module's single name.
    const bad = moduleMap({ "native/ble_adv": ["./native/ble_adv", "./native/no_such_file"], "x": ["./native/ble_adv", "./native/factory_nvs"] });
    expect(bad.missing).toEqual(["./native/no_such_file"]);
    expect(bad.collisions).toEqual(['module "x": both native/ble_adv.ts and native/factory_nvs.ts']);
  });

  it("every module name is its repo path without extension (node_modules files: the package subpath)", () => {
    const { js } = moduleMap();
    expect(js.size).toBeGreaterThan(10);
    for (const [name, file] of js) {
      expect(name, file).toBe(deviceName(file));
      expect(file, name).not.toMatch(/\.(test|vectors)\.ts$/); // vitest imports cannot compile for the device
      expect(file, name).not.toMatch(/^(test|host-tools|scripts)\//);
    }
    expect(js.get("modules/bytes/hex")).toBe("modules/bytes/hex.ts");
    expect(js.get("device/providers/result")).toBe("device/providers/result.ts");
    expect(js.get("@noble/hashes/sha2")).toBe("node_modules/@noble/hashes/sha2.js");
  });

  it("the native bindings are modules native/factory_nvs and native/ble_adv, and every native/*.c/.h is in the build", () => {
    const { js, native } = moduleMap();
    const cFiles = readdirSync(join(ROOT, "native")).filter((f) => /\.[ch]$/.test(f)).map((f) => `native/${f}`);
    expect([...native].sort()).toEqual(cFiles.sort());
    expect(js.get("native/factory_nvs")).toBe("native/factory_nvs.ts");
    expect(js.get("native/ble_adv")).toBe("native/ble_adv.ts");
    expect(native).toEqual(expect.arrayContaining(["native/factory_nvs.c", "native/ble_adv.c", "native/ble_addr.c", "native/ble_ad.c"]));
  });

  // The check that matters for a device build: every import of the firmware resolves on the device to
  // a module of this manifest, and the manifest carries nothing the firmware does not import (the .c/.h
  // companions of the native modules are not JS modules, so they are outside this comparison).
  it("main.ts's import graph is exactly the manifest's JS modules, each under its repo-path name", async () => {
    const graph = await importGraph("main.ts");
    expect(graph.files[0]).toBeDefined();
    expect(graphProblems(graph.files, moduleMap().js)).toEqual([]);
    // The graph reaches what the firmware needs: both native bindings, the shared modules, noble.
    expect(graph.files).toEqual(expect.arrayContaining([
      "main.ts",
      "native/factory_nvs.ts",
      "native/ble_adv.ts",
      "modules/nvs/reader.ts",
      "modules/crypto/rotating-id.ts",
      "node_modules/@noble/hashes/sha2.js",
    ]));
    for (const file of graph.files.filter((f) => f.startsWith("node_modules/"))) {
      expect(file, "the manifest maps only @noble/hashes and @noble/ciphers from node_modules").toMatch(/^node_modules\/@noble\/(hashes|ciphers)\//);
    }
    // SPAKE2+ (and with it @noble/curves) is host-only.
    expect(graph.files.filter((f) => /spake2p|@noble\/curves/.test(f))).toEqual([]);
  });

  it("the graph check reports a missing module, a misnamed one and an unneeded one", () => {
    const js = new Map([
      ["main", "main.ts"],
      ["shared/bytes/hex", "modules/bytes/hex.ts"],
      ["modules/qrcode/svg", "modules/qrcode/svg.ts"],
    ]);
    expect(graphProblems(["main.ts", "modules/bytes/hex.ts", "node_modules/@noble/hashes/sha2.js"], js)).toEqual([
      'modules/bytes/hex.ts: in the import graph of main.ts, but no manifest module is named "modules/bytes/hex"',
      'node_modules/@noble/hashes/sha2.js: in the import graph of main.ts, but no manifest module is named "@noble/hashes/sha2"',
      'module "shared/bytes/hex" (modules/bytes/hex.ts): not in the import graph of main.ts; remove it from the manifest',
      'module "modules/qrcode/svg" (modules/qrcode/svg.ts): not in the import graph of main.ts; remove it from the manifest',
    ]);
    expect(graphProblems(["main.ts"], new Map([["main", "device/main.ts"]]))).toEqual([
      'main.ts: imported as "main", but the manifest maps that name to device/main.ts',
    ]);
  });

  it("every host module the firmware imports comes from an SDK manifest this one includes", async () => {
    const { hosts } = await importGraph("main.ts");
    expect(hosts).toEqual(expect.arrayContaining(["flash", "timer", "embedded:storage/key-value", "mc/config"]));
    for (const host of hosts) {
      const include = HOST_MODULES[host];
      expect(include, `host module "${host}"`).toBeDefined();
      if (include) expect(manifest.include, `host module "${host}" needs ${include}`).toContain(include);
    }
  });

  it("every preload name is a module of this manifest", () => {
    const { js } = moduleMap();
    expect(manifest.preload.length).toBeGreaterThanOrEqual(2);
    expect(new Set(manifest.preload).size).toBe(manifest.preload.length);
    for (const name of manifest.preload) {
      expect(name.includes("*"), `preload "${name}": wildcards only match .js modules in mcconfig, name TS modules one by one`).toBe(false);
      expect(js.has(name), `preload "${name}": no such module`).toBe(true);
    }
    expect(manifest.preload).toEqual(expect.arrayContaining(["native/factory_nvs", "native/ble_adv"]));
  });

  // Preloaded TypedArrays are immutable at run time (Moddable "XS linker warnings": integer-indexed
  // assignment throws). @noble/hashes keeps module-level scratch arrays (SHA256_W, HKDF counter) that
  // it writes on every call, and @noble/ciphers likewise, so nothing that imports them may be preloaded.
  it("no preloaded module reaches @noble/* or a file outside the build", async () => {
    const { js } = moduleMap();
    const mapped = new Set(js.values());
    for (const name of manifest.preload) {
      const { files } = await importGraph(js.get(name)!);
      for (const file of files) {
        expect(file, `preload "${name}" imports ${file}`).not.toMatch(/node_modules\/@noble\//);
        expect(mapped.has(file), `preload "${name}" imports ${file}, which is not in the manifest`).toBe(true);
      }
    }
    // The check can fail: the firmware as a whole, and rotating-id in particular, import noble.
    const rdi = await importGraph("modules/crypto/rotating-id.ts");
    expect(rdi.files.some((f) => /node_modules\/@noble\//.test(f))).toBe(true);
  });

  it("defines BLE server with one connection, matching sdkconfig.defaults", () => {
    expect(manifest.defines.ble).toEqual({ server: true, max_connections: 1 });
    expect(sdkconfig.options.get("CONFIG_BT_NIMBLE_MAX_CONNECTIONS")).toBe(String(manifest.defines.ble.max_connections));
  });

  it("build paths: PARTITIONS_FILE is a file and SDKCONFIGPATH a directory holding sdkconfig.defaults", () => {
    // mcconfig resolves build values starting with "./" against the manifest's directory; "./" itself
    // becomes that directory.
    const resolve = (value: string) => (value === "./" ? ROOT : join(ROOT, value));
    expect(manifest.build.PARTITIONS_FILE).toBe("./partitions.csv");
    expect(statSync(resolve(manifest.build.PARTITIONS_FILE)).isFile()).toBe(true);
    const sdkconfigPath = resolve(manifest.build.SDKCONFIGPATH);
    expect(statSync(sdkconfigPath).isDirectory()).toBe(true);
    expect(existsSync(join(sdkconfigPath, "sdkconfig.defaults"))).toBe(true);
  });

  it("creation sizes fit the ESP32-C3 targets", () => {
    expect(manifest.creation.static).toBeGreaterThan(64 * KB);
    expect(manifest.creation.static).toBeLessThanOrEqual(94208); // the C3 targets' own value
    expect(manifest.creation.stack).toBeGreaterThanOrEqual(256);
  });

  it("config keys are the ones device/config.ts reads (the SDK types mc/config as a plain record)", () => {
    expect(Object.keys(manifest.config).sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
  });

  it("config passes the firmware's own boot check unchanged", () => {
    expect(deviceConfig(manifest.config)).toEqual(manifest.config);
    // The check can fail: device/config.ts rejects a value out of its range.
    expect(() => deviceConfig({ ...manifest.config, factoryBackend: "spi" })).toThrow(/factoryBackend/);
  });

  it("config: partitions, announcement and advertising intervals within Matter's limits", () => {
    const c = manifest.config as Record<string, number> & { factoryPartition: string; keysPartition: string };
    const fctry = partition(c.factoryPartition);
    expect(fctry?.type).toBe("data");
    expect(fctry?.subtype).toBe("nvs");
    const keys = partition(c.keysPartition);
    expect(keys?.type).toBe("data");
    expect(keys?.subtype).toBe("nvs_keys");
    expect(c.announcementMinutes).toBeGreaterThanOrEqual(3); // Core §5.4.2.3: 3..15 minutes
    expect(c.announcementMinutes).toBeLessThanOrEqual(15);
    expect(c.fastAdvertisingSeconds).toBe(30); // Core §5.4.2.5.3: fast for the first 30 s
    const ms = (units: number) => units * 0.625;
    expect(ms(c.fastIntervalMin)).toBeGreaterThanOrEqual(20); // 20..60 ms
    expect(ms(c.fastIntervalMax)).toBeLessThanOrEqual(60);
    expect(ms(c.slowIntervalMin)).toBeGreaterThanOrEqual(150); // 150..1200 ms
    expect(ms(c.slowIntervalMax)).toBeLessThanOrEqual(1200);
    expect(c.fastIntervalMin).toBeLessThanOrEqual(c.fastIntervalMax);
    expect(c.slowIntervalMin).toBeLessThanOrEqual(c.slowIntervalMax);
  });
});

describe("sdkconfig.defaults", () => {
  it("is in the form mcconfig merges (CONFIG_NAME=value, no '=' in values, no repeats)", () => {
    expect(sdkconfig.problems).toEqual([]);
    expect(parseSdkconfig('CONFIG_A="x=y"\nCONFIG_A=1\nfoo\n').problems).toHaveLength(3);
  });

  it("sdkconfig.defaults.release (merged by mcconfig for builds without -d) is in the same form", () => {
    const release = parseSdkconfig(read("sdkconfig.defaults.release"));
    expect(release.problems).toEqual([]);
    expect(release.options.get("CONFIG_NVS_ENCRYPTION")).toBe("y");
    expect(release.options.get("CONFIG_NVS_SEC_KEY_PROTECT_USING_FLASH_ENC")).toBe("y");
  });

  it("selects the custom partition table, 4 MB flash and NimBLE as a peripheral", () => {
    const o = sdkconfig.options;
    expect(o.get("CONFIG_PARTITION_TABLE_CUSTOM")).toBe("y");
    expect(o.get("CONFIG_PARTITION_TABLE_CUSTOM_FILENAME")).toBe('"partitions.csv"');
    expect(o.get("CONFIG_ESPTOOLPY_FLASHSIZE_4MB")).toBe("y");
    expect(flashSize).toBe(4 * MB);
    expect(tableOffset).toBe(0xc000); // esp-matter's layout: esp_secure_cert follows at 0xD000 (test/partition-table.test.ts)
    expect(o.get("CONFIG_BT_ENABLED")).toBe("y");
    expect(o.get("CONFIG_BT_NIMBLE_ENABLED")).toBe("y");
    expect(o.get("CONFIG_BT_BLUEDROID_ENABLED")).toBe("n");
    expect(o.get("CONFIG_BT_NIMBLE_ROLE_PERIPHERAL")).toBe("y");
    expect(o.get("CONFIG_BT_NIMBLE_EXT_ADV")).toBe("n"); // ble_adv.c uses the legacy ble_gap_adv_* calls
    expect(o.get("CONFIG_ESP_ERR_TO_NAME_LOOKUP")).toBe("y"); // error names in native messages
  });
});

describe("partitions.csv", () => {
  it("parses and has the partitions the firmware and the factory flow use", () => {
    const expected: [string, string, string][] = [
      ["esp_secure_cert", "0x3F", ""],
      ["nvs", "data", "nvs"],
      ["nvs_keys", "data", "nvs_keys"],
      ["fctry", "data", "nvs"],
      ["otadata", "data", "ota"],
      ["phy_init", "data", "phy"],
      ["ota_0", "app", "ota_0"],
      ["ota_1", "app", "ota_1"],
    ];
    for (const [name, type, subtype] of expected) {
      expect(partition(name), name).toMatchObject({ type, subtype });
    }
    expect(partitions).toHaveLength(expected.length);
  });

  it("has no overlaps, is aligned and fits the 4 MB flash after the table", () => {
    expect(partitionProblems(partitions, flashSize, tableOffset)).toEqual([]);
  });

  it("the layout checker reports overlaps, misalignment, overflow and collisions with the table", () => {
    const base = (over: Partial<Partition>): Partition => ({ name: "x", type: "data", subtype: "nvs", offset: 0x9000, size: 0x6000, flags: [], ...over });
    expect(partitionProblems([base({}), base({ name: "y", offset: 0xc000 })], 4 * MB, 0x8000)).toEqual(['partition "y": overlaps "x"']);
    expect(partitionProblems([base({ type: "app", offset: 0x11000, size: 0x10000 })], 4 * MB, 0x8000)[0]).toMatch(/must be aligned to 0x10000/);
    expect(partitionProblems([base({ offset: 0x3fe000, size: 0x6000 })], 4 * MB, 0x8000)[0]).toMatch(/beyond the 4 MB flash/);
    expect(partitionProblems([base({ offset: 0x8000 })], 4 * MB, 0x8000)[0]).toMatch(/overlaps the bootloader or partition table/);
    expect(partitionProblems([base({ size: 0x6800 })], 4 * MB, 0x8000)[0]).toMatch(/multiple of 0x1000/);
  });

  it("follows the NVS and OTA size rules", () => {
    expect(partition("fctry")?.size).toBe(0x6000); // mfg_tool's default image size (docs/factory-data.md §Partition labels)
    expect(partition("nvs_keys")?.size).toBe(0x1000); // one sector of XTS keys
    expect(partition("nvs_keys")?.flags).toContain("encrypted");
    expect(partition("otadata")?.size).toBe(0x2000);
    for (const name of ["nvs", "fctry"]) expect(partition(name)!.size).toBeGreaterThanOrEqual(0x3000); // NVS needs 3+ pages
    expect(partition("ota_0")?.size).toBe(partition("ota_1")?.size);
    expect(partition("ota_0")!.size).toBeGreaterThanOrEqual(1.5 * MB);
  });

  it("docs/device.md flashes the factory image at the fctry offset", () => {
    const offset = `0x${partition("fctry")!.offset.toString(16)}`;
    const docs = read("docs/device.md");
    expect(docs.toLowerCase()).toContain(`write_flash ${offset}`.toLowerCase());
    expect(docs).toContain("mcconfig -d -m -p esp32/esp32c3");
  });
});
