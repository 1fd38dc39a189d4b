// The rules an option's value meets apply to the same chip-factory key given through --mcsv: an empty
// serial-num cell is refused like `--serial-num ""`, an mfg-date cell like `--mfg-date`, text with
// control characters like the text options (input-rules.ts).

import { factoryDataFromEntries } from "../../modules/factory/from-entries.js";
import type { ExtraEntry } from "../../modules/factory/factory-data.js";
import { FACTORY_NAMESPACE, matchFactoryKey } from "../../modules/factory/schema.js";
import { validateFactoryData } from "../../modules/factory/validate.js";
import { PRINTABLE_RULE, controlCharacter, shown } from "./input-rules.js";

/** The first rule a device's chip-factory extra values break (its id, and one line naming the key), or undefined. */
export function extraValuesProblem(extra: readonly ExtraEntry[]): { id: string; message: string } | undefined {
  const factory = extra.filter((e) => e.namespace === FACTORY_NAMESPACE && matchFactoryKey(e.key));
  for (const e of factory) {
    if (typeof e.value !== "string" || matchFactoryKey(e.key)?.spec.kind !== "text") continue;
    const bad = controlCharacter(e.value);
    if (bad) return { id: "mcsv.control-character", message: `key "${e.key}" value ${shown(e.value)}: ${bad}; ${PRINTABLE_RULE}` };
  }
  // The values as the firmware would read them, checked by the key table's rules (mfg_tool profile).
  const { data } = factoryDataFromEntries(factory);
  const error = validateFactoryData(data, { profile: "mfg-tool", missingRequired: "ignore" }).find((f) => f.severity === "error");
  return error && { id: error.id, message: error.message };
}
