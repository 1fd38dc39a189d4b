// sdkconfig.h from an sdkconfig defaults file, generated the way ESP-IDF's build does it
// (tools/cmake/kconfig.cmake): every component's Kconfig / Kconfig.projbuild / sdkconfig.rename, the
// config.env that build writes, tools/kconfig_new/prepare_kconfig_files.py, then `python -m kconfgen`
// from PyPI esp-idf-kconfig. Moddable's makefile runs `idf.py reconfigure -D SDKCONFIG_DEFAULTS=
// <sdkconfig.mc>`, so sdkconfig.mc is the only defaults file.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

function idfVersion(idf: string): string {
  const cmake = readFileSync(join(idf, "tools/cmake/version.cmake"), "utf8");
  const part = (name: string) => new RegExp(`set\\(IDF_VERSION_${name} (\\d+)\\)`).exec(cmake)?.[1];
  return ["MAJOR", "MINOR", "PATCH"].map((p) => part(p) ?? "0").join(".");
}

function componentFiles(idf: string, name: string, extra: readonly string[]): string[] {
  const components = join(idf, "components");
  const dirs = [...readdirSync(components).sort().map((c) => join(components, c)), ...extra];
  return dirs.map((c) => join(c, name)).filter((f) => existsSync(f));
}

export interface KconfigResult {
  status: number;
  log: string;
  header: string;
}

/** `components`: further component folders (managed components) whose Kconfig files take part, as in idf.py. */
export function generateSdkconfigHeader(python: string, idf: string, defaults: string, work: string, target: string, components: readonly string[] = []): KconfigResult {
  mkdirSync(work, { recursive: true });
  const version = idfVersion(idf);
  const env = {
    COMPONENT_KCONFIGS: componentFiles(idf, "Kconfig", components).join(";"),
    COMPONENT_KCONFIGS_PROJBUILD: componentFiles(idf, "Kconfig.projbuild", components).join(";"),
    COMPONENT_SDKCONFIG_RENAMES: componentFiles(idf, "sdkconfig.rename", components).join(";"),
    IDF_TARGET: target,
    IDF_TOOLCHAIN: "gcc",
    IDF_VERSION: version,
    IDF_ENV_FPGA: "",
    IDF_PATH: idf,
    COMPONENT_KCONFIGS_SOURCE_FILE: join(work, "kconfigs.in"),
    COMPONENT_KCONFIGS_PROJBUILD_SOURCE_FILE: join(work, "kconfigs_projbuild.in"),
    KCONFIG_PROMPTLESS_NO_WARN: "IDF_TARGET",
  };
  const envFile = join(work, "config.env");
  writeFileSync(envFile, JSON.stringify(env, null, 2));
  // Default verbosity: kconfgen reports unknown symbols and overridden values only as NOTE lines.
  const run = (args: string[]) => spawnSync(python, args, { cwd: work, encoding: "utf8", env: { ...process.env, KCONFIG_REPORT_VERBOSITY: "default" } });
  const prepare = run([join(idf, "tools/kconfig_new/prepare_kconfig_files.py"), "--list-separator=semicolon", "--env-file", envFile]);
  if (prepare.status !== 0) return { status: prepare.status ?? -1, log: `${prepare.stdout}${prepare.stderr}`, header: "" };
  const header = join(work, "sdkconfig.h");
  const r = run([
    "-m", "kconfgen", "--list-separator=semicolon", "--kconfig", join(idf, "Kconfig"), "--sdkconfig-rename", join(idf, "sdkconfig.rename"),
    "--config", join(work, "sdkconfig"), "--defaults", defaults, "--env", "IDF_MINIMAL_BUILD=n", "--env", `IDF_INIT_VERSION=${version}`,
    "--env-file", envFile, "--output", "header", header, "--output", "config", join(work, "sdkconfig"),
  ]);
  return { status: r.status ?? -1, log: `${r.stdout}${r.stderr}`, header: existsSync(header) ? readFileSync(header, "utf8") : "" };
}

/** `#define CONFIG_X value` lines of a generated sdkconfig.h. */
export function parseSdkconfigHeader(header: string): Map<string, string> {
  return new Map([...header.matchAll(/^#define (CONFIG_\w+) (.*)$/gm)].map((m) => [m[1], m[2].trim()]));
}
