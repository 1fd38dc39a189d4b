// Moddable adapter: the manifest's `config` object ("mc/config", frozen). device/config.ts checks it.
import config from "mc/config";

export function manifestConfig(): Readonly<Record<string, unknown>> {
  return config as unknown as Readonly<Record<string, unknown>>;
}
