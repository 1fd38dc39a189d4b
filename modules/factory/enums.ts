// Named values of the chip-factory enum and bitmap keys, with name <-> value helpers for the CLI.
// Names are the ones esp-matter-mfg-tool accepts on its command line (docs/factory-data.md §Key table,
// MT-UTIL), so `--product-color gray` means the same thing in both tools.

import { InputError } from "../errors/input-error.js";

/** `product-finish`: Basic Information ProductFinishEnum (mfg_tool `--product-finish`). */
export const PRODUCT_FINISH: Readonly<Record<string, number>> = Object.freeze({
  other: 0,
  matte: 1,
  satin: 2,
  polished: 3,
  rugged: 4,
  fabric: 5,
});

/** `product-color`: Basic Information ColorEnum (mfg_tool `--product-color`). */
export const PRODUCT_COLOR: Readonly<Record<string, number>> = Object.freeze({
  black: 0,
  navy: 1,
  green: 2,
  teal: 3,
  maroon: 4,
  purple: 5,
  olive: 6,
  gray: 7,
  blue: 8,
  lime: 9,
  aqua: 10,
  red: 11,
  fuchsia: 12,
  yellow: 13,
  white: 14,
  nickel: 15,
  chrome: 16,
  brass: 17,
  copper: 18,
  silver: 19,
  gold: 20,
});

/** `cal-types`: bit number of each CalendarType in the bitmap (mfg_tool `--calendar-types`). */
export const CALENDAR_TYPES: Readonly<Record<string, number>> = Object.freeze({
  Buddhist: 0,
  Chinese: 1,
  Coptic: 2,
  Ethiopian: 3,
  Gregorian: 4,
  Hebrew: 5,
  Indian: 6,
  Islamic: 7,
  Japanese: 8,
  Korean: 9,
  Persian: 10,
  Taiwanese: 11,
});

/** Bits of `cal-types` that name a calendar type (0…11). */
export const CALENDAR_TYPES_MASK = 0xfff;

/** `loc-capability`: General Commissioning RegulatoryLocationTypeEnum. */
export const LOCATION_CAPABILITY: Readonly<Record<string, number>> = Object.freeze({
  Indoor: 0,
  Outdoor: 1,
  IndoorOutdoor: 2,
});

/** The name of `value` in `names`, or undefined. */
export function enumName(names: Readonly<Record<string, number>>, value: number): string | undefined {
  for (const name of Object.keys(names)) if (names[name] === value) return name;
  return undefined;
}

/** Ids of the InputErrors thrown here (modules/errors/input-error.ts). */
export type FactoryEnumErrorId =
  | "factory.enum-name"; // a name that is not one of the enum's (or bitmap's) names

/** The value of `name` (exact spelling first, then case-insensitive); throws a one-line InputError. */
export function enumValue(names: Readonly<Record<string, number>>, name: string, what: string): number {
  if (Object.prototype.hasOwnProperty.call(names, name)) return names[name];
  const lower = name.toLowerCase();
  for (const n of Object.keys(names)) if (n.toLowerCase() === lower) return names[n];
  throw new InputError("factory.enum-name" satisfies FactoryEnumErrorId, `${what} "${name}": not one of ${Object.keys(names).join(", ")}`);
}

/** Calendar type names -> `cal-types` bitmap. Unknown names throw (one line). */
export function calendarTypesToBitmap(names: readonly string[]): number {
  let bits = 0;
  for (const name of names) bits |= 1 << enumValue(CALENDAR_TYPES, name, "calendar type");
  return bits >>> 0;
}

/** `cal-types` bitmap -> names in bit order; bits without a name are returned as `bit<n>`. */
export function calendarTypesFromBitmap(bitmap: number): string[] {
  const out: string[] = [];
  for (let bit = 0; bit < 32; bit++) {
    if (((bitmap >>> bit) & 1) === 0) continue;
    out.push(enumName(CALENDAR_TYPES, bit) ?? `bit${bit}`);
  }
  return out;
}
