// Rules for generate's input values that the factory-data table does not state, applied alike to an
// option and to the same key given through --mcsv: text that ends up on a device or a label is
// printable, a locale has the shape of a BCP 47 tag, a manufacturing date is a real date
// (modules/factory/mfg-date.ts), an output directory is named.

import { mfgDateProblem } from "../../modules/factory/mfg-date.js";
import { CliError, UsageError } from "../errors.js";
import type { GenerateOptions } from "./options.js";

/** The first control character of `text` (C0, DEL, C1, U+2028/U+2029), as "U+000A at character 2", or undefined. */
export function controlCharacter(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) {
      return `U+${c.toString(16).toUpperCase().padStart(4, "0")} at character ${i + 1}`;
    }
  }
  return undefined;
}

export const PRINTABLE_RULE = "control characters (newline, tab, …) are not allowed";

/**
 * RFC 5646 §2.1 language-tag shape (the Matter Localization Configuration cluster takes BCP 47 tags):
 * language 2-3 letters (or 4-8), optional script, region, variants, extensions, private use.
 */
const BCP47 =
  /^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?$/;

export function localeProblem(tag: string): string | undefined {
  return BCP47.test(tag) ? undefined : "must be a BCP 47 language tag such as en, en-US or zh-Hant-TW";
}

/** Options whose text is stored on the device or printed; each must be printable. */
const TEXT_OPTIONS: [keyof GenerateOptions, string][] = [
  ["vendorName", "vendor-name"], ["productName", "product-name"], ["hwVerStr", "hw-ver-str"], ["serialNum", "serial-num"],
  ["partNumber", "part-number"], ["productLabel", "product-label"], ["productUrl", "product-url"], ["cnPrefix", "cn-prefix"],
  ["mfgDate", "mfg-date"], ["locales", "locales"], ["fixedLabels", "fixed-labels"], ["supportedModes", "supported-modes"],
];

/** A value in a message: JSON-quoted, every control character escaped, so the message stays one line. */
export const shown = (v: string): string =>
  JSON.stringify(v.length > 64 ? `${v.slice(0, 64)}…` : v).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

/** Value rules of generate's options that need no files (exit 1), and --enable-dynamic-passcode's exclusions (exit 2). */
export function checkOptionValues(o: GenerateOptions): void {
  if (o.outdir.trim() === "") throw new CliError("option.outdir", `option --outdir ${shown(o.outdir)}: must name a directory (default out)`);
  for (const [field, name] of TEXT_OPTIONS) {
    const v = o[field];
    for (const text of Array.isArray(v) ? v : typeof v === "string" ? [v] : []) {
      const bad = controlCharacter(text);
      if (bad) throw new CliError("option.text", `option --${name} ${shown(text)}: ${bad}; ${PRINTABLE_RULE}`);
    }
  }
  if (o.mfgDate !== undefined) {
    const problem = mfgDateProblem(o.mfgDate);
    if (problem) throw new CliError("option.mfg-date", `option --mfg-date ${shown(o.mfgDate)}: ${problem}`);
  }
  for (const tag of o.locales ?? []) {
    const problem = localeProblem(tag);
    if (problem) throw new CliError("option.locale", `option --locales ${shown(tag)}: ${problem}`);
  }
  if (o.dynamicPasscode && o.passcode !== undefined) {
    throw new UsageError("usage.option-conflict", "options --enable-dynamic-passcode and --passcode exclude each other: with a dynamic passcode the firmware makes its own");
  }
}
