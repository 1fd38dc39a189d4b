// --registry: a postgres:// URL opens the shared store; anything else (or nothing) is the embedded
// SQLite file, by default <batch>/line.sqlite.
import { join } from "node:path";
import { EMBEDDED_FILE, type Registry } from "./registry.js";
import { RegistryError } from "./registry-errors.js";

export function isPostgresUrl(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec);
}

export async function openRegistry(spec: string | undefined, batchDir: string): Promise<Registry> {
  if (spec !== undefined && isPostgresUrl(spec)) return (await import("./postgres-store.js")).openPostgresRegistry(spec);
  if (spec !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    throw new RegistryError("registry.bad-url", `--registry ${JSON.stringify(spec.replace(/\/\/[^@/]*@/, "//…@"))}: must be a postgres:// URL or a file path`);
  }
  return (await import("./sqlite-store.js")).openSqliteRegistry(spec ?? join(batchDir, EMBEDDED_FILE));
}
