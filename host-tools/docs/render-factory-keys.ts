// Renders docs/factory-keys.md from the key table (modules/factory/schema.ts), so the docs cannot
// drift from the code: test/factory-schema.test.ts compares the file with this output.
// Regenerate with: MF_UPDATE_DOCS=1 npx vitest run test/factory-schema.test.ts
import {
  CALENDAR_TYPES,
  FACTORY_KEYS,
  FACTORY_NAMESPACE,
  type FactoryKeySpec,
  type FactoryRule,
  LOCATION_CAPABILITY,
  MAX_ENDPOINT,
  PRODUCT_COLOR,
  PRODUCT_FINISH,
  RUNTIME_KEY_MAX_LENGTH,
} from "../../modules/factory/index.js";

// Table cell: pipes escaped; `<…>` outside code spans escaped so renderers don't take it for HTML.
const cell = (text: string) =>
  text
    .split("`")
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, "&lt;").replace(/>/g, "&gt;")))
    .join("`")
    .replace(/\|/g, "\\|")
    .replace(/\n/g, " ");
const code = (text: string) => "`" + text + "`";
const row = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
const table = (head: string[], rows: string[][]) =>
  [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");

const SOURCE_NAME: Record<FactoryRule["source"], string> = {
  reader: "ESP32 reader",
  matter: "Matter",
  "mfg-tool": "mfg_tool",
};

function ruleText(r: FactoryRule): string {
  return `${r.severity === "warning" ? "warning: " : ""}${r.phrase} [${SOURCE_NAME[r.source]}]`;
}

function flags(s: FactoryKeySpec): string {
  const out: string[] = [];
  if (s.required) out.push("required");
  if (s.perDevice) out.push("per device");
  if (s.secret) out.push("secret (redacted)");
  if (s.privacy) out.push(`sensitive: ${s.privacy}`);
  return out.join("; ");
}

function enumTable(title: string, names: Readonly<Record<string, number>>, valueHead = "Value"): string {
  return `### ${title}\n\n` + table(["Name", valueHead], Object.keys(names).map((n) => [n, String(names[n])]));
}

/** The whole of docs/factory-keys.md. */
export function renderFactoryKeysMarkdown(): string {
  const keyRows = FACTORY_KEYS.map((s, i) => [
    String(i + 1),
    code(s.key),
    code(s.field),
    s.nvsType,
    `${s.csv.type},${s.csv.encoding}`,
    s.content,
    s.provider,
    `${s.missing.outcome}: ${s.missing.detail}`,
    s.writtenBy.mfgTool === false ? "no" : s.writtenBy.mfgTool,
    s.writtenBy.chipScript === false ? "no" : s.writtenBy.chipScript,
  ]);
  const ruleRows = FACTORY_KEYS.map((s) => [
    code(s.key),
    s.rules.length ? s.rules.map(ruleText).join("; ") : "—",
    flags(s) || "—",
  ]);
  const parts = [
    "# The `chip-factory` keys",
    "",
    "<!-- Generated from modules/factory/schema.ts by host-tools/docs/render-factory-keys.ts. Do not edit:",
    "     MF_UPDATE_DOCS=1 npx vitest run test/factory-schema.test.ts -->",
    "",
    `The ESP32 Matter factory data lives in the NVS namespace ${code(FACTORY_NAMESPACE)}. This table is`,
    "the single description of its keys in matter-factory: the NVS row writer, the reader, validation,",
    "`inspect` and this page are all generated from it. Facts and sources: `docs/factory-data.md`.",
    "",
    "## Reading the table",
    "",
    "* **Order** is the order esp-matter-mfg-tool writes the keys into its per-device CSV, which the NVS",
    "  generator turns into entries in the same order; keeping it is what makes images byte-identical.",
    "  mfg_tool's `--csv` keys for `chip-factory` go right after `cert-dclrn`; other namespaces follow",
    "  `chip-factory`. Keys mfg_tool never writes come last.",
    "* **Per-index keys** (`<ep>` endpoint, `<i>`, `<j>` indices) are formatted like the firmware's `%x`:",
    "  lower-case hex without padding (`locale/a`, `fl-k/1f/0`). A padded or upper-case key is never looked up.",
    "  A group's keys are written together, interleaved per index (`fl-sz/0`, `fl-k/0/0`, `fl-v/0/0`,",
    "  `fl-k/0/1`, …); endpoints in the order they first appear.",
    `* The firmware builds per-index keys in a 15-byte buffer, so they must be at most ${RUNTIME_KEY_MAX_LENGTH}`,
    `  characters although NVS allows 15. Endpoints must be 0…0x${MAX_ENDPOINT.toString(16).toUpperCase()}.`,
    "* **NVS type** is the entry type connectedhomeip's ESP32 reader looks up. Integers are read as u32:",
    "  a u8/u16/i32 entry with the same key is *not found*. Strings must carry their NUL terminator.",
    "* **CSV** is the `type,encoding` pair mfg_tool / `generate_esp32_chip_factory_bin.py` put in the",
    "  mfg_gen CSV (`file,binary` rows hold a path to the bytes).",
    "* **Missing** is what the ESP32 provider does when the key is absent.",
    "",
    "## Keys",
    "",
    table(["#", "Key", "FactoryData field", "NVS type", "CSV", "Content", "Provider", "Missing", "Written by mfg_tool", "Written by chip script"], keyRows),
    "",
    "## Rules",
    "",
    "Sources: *ESP32 reader* = enforced when the key is read: the firmware's providers",
    "(`device/providers/read-key.ts`) reject a value that breaks one, and so does validation profile",
    "`reader` (what `verify` and `inspect` use), from the same rows and the same check code; *Matter* =",
    "Matter advice the reader does not enforce (warnings); *mfg_tool* = esp-matter-mfg-tool's own input",
    "checks. Profile `mfg-tool` applies all three (for drop-in compatibility). Rules are errors unless",
    "marked as warnings. Lengths in bytes are UTF-8 bytes; characters are code points. *per device*:",
    "`generate` makes a different value for every device.",
    "",
    table(["Key", "Rules", "Flags"], ruleRows),
    "",
    "## Decisions where sources disagree",
    "",
    "* **`mfg-date`** (docs/factory-data.md §mfg-date): we accept what the newest ESP32 provider accepts — at most 16",
    "  characters, dashes ignored, then 8…16 characters starting with `YYYYMMDD` (year 1000…9999,",
    "  month 1…12, day 1…31) and an optional vendor suffix. A value that is not exactly `YYYY-MM-DD`",
    "  gets a warning, because firmware with the generic provider (older connectedhomeip) accepts only",
    "  that form. Profile `mfg-tool` also applies mfg_tool's check (8…16 characters, the first 8 digits),",
    "  which rejects `YYYY-MM-DD` although its own help text suggests it.",
    "* **`serial-num`** (docs/factory-data.md §Key table): the Matter limit is 32 bytes; mfg_tool caps a user-given serial at",
    "  16 characters but writes 32 hex characters when it makes one up, so profile `mfg-tool` accepts",
    "  1…16 characters or exactly 32 lower-case hex digits.",
    "* **Secrets**: only `dac-key`, `pin-code` and the legacy `device-key` are redacted. `salt` is sent in",
    "  the clear during PASE; `verifier` and `rd-id-uid` are marked sensitive but shown.",
    "* **`pin-code`** is read only by the test-mode provider (firmware built without the ESP32 factory",
    "  provider); neither generator writes it. Set it only for development images.",
    "* **Supported modes**: connectedhomeip's ESP32 example manager reads the mode number from the label",
    "  key (docs/factory-data.md §Supported modes), so stored modes are reported with a warning.",
    "",
    "## Named values",
    "",
    enumTable("`product-finish` (ProductFinishEnum)", PRODUCT_FINISH),
    "",
    enumTable("`product-color` (ColorEnum)", PRODUCT_COLOR),
    "",
    enumTable("`cal-types` (CalendarType bit numbers)", CALENDAR_TYPES, "Bit"),
    "",
    enumTable("`loc-capability` (RegulatoryLocationTypeEnum)", LOCATION_CAPABILITY),
    "",
  ];
  return parts.join("\n");
}
