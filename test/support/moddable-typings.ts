// Type-checks TypeScript against Moddable typings the way mcconfig does (manifest_base.json's
// tsconfig: xs/includes/xs.d.ts and typings/global.d.ts as ambient types, module specifiers resolved
// through the typings folder's own tsconfig paths). Library level ES2022: the same device code also
// runs under the simulator's XS 13.3.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";

export interface TypingsRoot {
  /** Ambient declaration files (XS globals). */
  ambient: string[];
  /** Module specifier patterns → absolute paths (tsconfig "paths"). */
  paths: Record<string, string[]>;
}

/** The SDK's own: $MODDABLE/typings with the paths its tsconfig.es2024.json (base of es2025) declares, as mcconfig uses them. */
export function sdkTypings(moddable: string): TypingsRoot {
  const typings = join(moddable, "typings");
  const base = JSON.parse(readFileSync(join(typings, "tsconfig.es2024.json"), "utf8")) as { compilerOptions: { paths: Record<string, string[]> } };
  const paths = Object.fromEntries(Object.entries(base.compilerOptions.paths).map(([k, v]) => [k, v.map((p) => join(typings, p))]));
  return { ambient: [join(moddable, "xs/includes/xs.d.ts"), join(typings, "global.d.ts")], paths };
}

export function typeCheck(files: string[], typings: TypingsRoot, host?: ts.CompilerHost): string[] {
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, skipLibCheck: false, types: [], lib: ["lib.es2022.d.ts"], target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, isolatedModules: true,
    verbatimModuleSyntax: true, paths: typings.paths, noImplicitOverride: true, noFallthroughCasesInSwitch: true,
  };
  const program = ts.createProgram([...files, ...typings.ambient], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}(${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1})` : "";
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

