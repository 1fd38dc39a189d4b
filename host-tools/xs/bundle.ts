// Bundles TypeScript entry code into one classic script that XS 13.3 (npm @agoric/xsnap) can eval.
// docs/xs-engine.md §Bundling for XS (esbuild flags) and §XS 13.3 quirks item 1 (the XS 13.3 class bug: a static field that
// instantiates its own class fails, and @noble/curves does exactly that, so static fields and static
// blocks are lowered to assignments after the class).
// Used at runtime by `matter-factory simulate` (host-tools/simulate) and by the XS tests (test/xs).

import { build, type BuildFailure, type BuildOptions, type Message } from "esbuild";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { findPackageRoot } from "../package-root.js";

export const REPO_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/**
 * The device-like prelude (host-tools/xs/prelude.js): evaluate it in a fresh worker before any bundle.
 * It freezes all intrinsics and removes TextEncoder/TextDecoder/Base64 (docs/xs-engine.md §Language, §XS 13.3 quirks).
 */
export function devicePrelude(): string {
  return readFileSync(join(REPO_ROOT, "host-tools/xs/prelude.js"), "utf8");
}

/** esbuild options that make output XS 13.3 can run (module-level strictness kept via the banner). */
export const XS_ESBUILD_OPTIONS: BuildOptions = {
  bundle: true,
  format: "iife",
  target: "es2022",
  platform: "neutral",
  // Bundled ES modules are strict code; an IIFE is not unless told. Strictness matters under frozen
  // intrinsics: a sloppy-mode write to a frozen inherited property fails silently instead of throwing.
  banner: { js: '"use strict";' },
  supported: { "class-static-field": false, "class-static-blocks": false },
  // platform "neutral" sets no main fields; @noble/* resolve through package.json "exports".
  mainFields: ["module", "main"],
  write: false,
  logLevel: "silent",
  charset: "utf8",
  legalComments: "none",
};

export interface BundleInput {
  /** Path of an entry file (absolute, or relative to the repo root). */
  entry?: string;
  /** In-memory entry source (TS by default), resolved from `resolveDir` (default: repo root). */
  source?: string;
  resolveDir?: string;
  /** Name shown in messages for an in-memory entry. */
  sourcefile?: string;
  loader?: "ts" | "js";
  minify?: boolean;
  /** Extra esbuild options, merged over XS_ESBUILD_OPTIONS. */
  esbuild?: BuildOptions;
}

/** A bundling failure; `files` are the repo-relative files the errors point at. */
export class BundleError extends Error {
  override name = "BundleError";
  readonly files: string[];
  readonly messages: Message[];
  constructor(message: string, files: string[], messages: Message[]) {
    super(message);
    this.files = files;
    this.messages = messages;
  }
}

function describeMessages(messages: Message[]): { text: string; files: string[] } {
  const files = new Set<string>();
  const lines = messages.map((m) => {
    if (!m.location) return m.text;
    const file = m.location.file.startsWith("/") ? relative(REPO_ROOT, m.location.file) : m.location.file;
    files.add(file);
    return `${file}:${m.location.line}:${m.location.column}: ${m.text}`;
  });
  return { text: lines.join("\n"), files: [...files] };
}

/** Bundles an entry for XS and returns the script text. Throws BundleError naming the broken files. */
export async function bundleForXs(input: BundleInput): Promise<string> {
  const options: BuildOptions = { ...XS_ESBUILD_OPTIONS, minify: input.minify ?? false, absWorkingDir: REPO_ROOT, ...input.esbuild };
  if (input.source !== undefined) {
    options.stdin = {
      contents: input.source,
      resolveDir: input.resolveDir ?? REPO_ROOT,
      sourcefile: input.sourcefile ?? "<xs entry>",
      loader: input.loader ?? "ts",
    };
  } else if (input.entry) {
    options.entryPoints = [input.entry];
  } else {
    throw new Error("bundleForXs: give `entry` or `source`");
  }
  try {
    const result = await build(options);
    return result.outputFiles![0].text;
  } catch (e) {
    const failure = e as BuildFailure;
    if (!Array.isArray(failure.errors)) throw e;
    const { text, files } = describeMessages(failure.errors);
    throw new BundleError(`esbuild could not bundle for XS:\n${text}`, files, failure.errors);
  }
}
