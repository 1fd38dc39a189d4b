// vitest globalSetup: the golden data every test reads is made here, from the pinned tools (fixtures.ts).
import { ensureFixtures } from "./build-fixtures.js";

export default async function setup(): Promise<void> {
  const what = await ensureFixtures();
  process.stderr.write(`[test setup] ${what}\n`);
}
