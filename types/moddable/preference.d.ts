// "preference" (Moddable modules/files/preference), ESP32 behaviour (ref/moddable-xs.md §3.2):
// default `nvs` partition only; domain = NVS namespace, key = NVS key (both ≤ 15 characters).
declare module "preference" {
  export type PreferenceValue = boolean | number | string | ArrayBuffer;
  export default class Preference {
    /** boolean → u8, integer → i32, string → str, ArrayBuffer → blob; a fractional number throws. */
    static set(domain: string, key: string, value: PreferenceValue): void;
    /** Tries u8 (as boolean), i32, str, blob; other NVS types read as undefined. */
    static get(domain: string, key: string): PreferenceValue | undefined;
    static delete(domain: string, key: string): void;
    static keys(domain: string): string[];
  }
}
