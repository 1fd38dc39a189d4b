// Registers every `vectors` export of modules/**/*.vectors.ts as vitest cases. The same files run
// under the XS engine (test/xs/), so a vector that passes here and fails there is an engine issue.
import { describe, it } from "vitest";
import type { VectorCase } from "../modules/testkit/check.js";

const files = import.meta.glob<{ vectors: VectorCase[] }>("../modules/**/*.vectors.ts", { eager: true });

for (const [path, mod] of Object.entries(files)) {
  describe(path.replace("../modules/", ""), () => {
    for (const v of mod.vectors) it(v.name, () => v.run());
  });
}
