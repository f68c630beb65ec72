/**
 * Users read CatalogCloneArgs in their IDE: every field, at every level, must carry JSDoc through the
 * zod-derived type. Asks the TypeScript checker what an editor would show on hover.
 */
import * as path from "path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const FILE = path.resolve(__dirname, "../../../components/catalogClone/args.ts");

/** The fields of CatalogCloneArgs (dotted paths) that the walk saw, and those without JSDoc. */
function documentation(): { seen: string[]; missing: string[] } {
  const program = ts.createProgram([FILE], { strict: true, target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, esModuleInterop: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(FILE)!;
  const sym = checker.getSymbolAtLocation(sf)!.exports!.get("CatalogCloneArgs" as ts.__String)!;
  const missing: string[] = [];
  const seen: string[] = [];
  const visit = (type: ts.Type, prefix: string, depth: number) => {
    const t = checker.getNonNullableType(type);
    const parts = t.isUnion() ? t.types : [t];
    for (const part of parts) {
      if (!(part.flags & ts.TypeFlags.Object) || checker.isArrayType(part)) continue;
      const index = part.getStringIndexType();
      if (index) visit(index, `${prefix}[key].`, depth + 1);
      for (const p of checker.getPropertiesOfType(part)) {
        const name = `${prefix}${p.name}`;
        seen.push(name);
        if (ts.displayPartsToString(p.getDocumentationComment(checker)).trim() === "") missing.push(name);
        if (depth < 3) visit(checker.getTypeOfSymbolAtLocation(p, sf), `${name}.`, depth + 1);
      }
    }
  };
  visit(checker.getDeclaredTypeOfSymbol(sym), "", 0);
  return { seen: [...new Set(seen)], missing: [...new Set(missing)] };
}

describe("CatalogCloneArgs documentation", () => {
  it("every field at every level has JSDoc", () => {
    const { seen, missing } = documentation();
    // The walk must reach nested fields, or an empty `missing` would prove nothing.
    expect(seen).toEqual(expect.arrayContaining(["source", "source.catalog", "destination.catalog"]));
    expect(missing).toEqual([]);
  }, 180_000);
});
