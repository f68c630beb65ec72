/**
 * The library's tokenizer (provider/sql/stringEscapes.ts) and the embedded engine decode string-literal
 * escapes with separately written decoders; this feeds both the same literals and asserts they agree, so
 * a wrong rule in one shows up as a failure here instead of passing every local test.
 * The engine is reached through its public surface only: the literal becomes a catalog comment, which
 * `DESCRIBE CATALOG EXTENDED` returns from the metastore as the engine decoded it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineError, LocalWarehouse } from "pulumi-uc-clone-local-warehouse";
import { SqlTextError, tokenizeSql } from "../../../provider/sql/tokenizer";

/** Literals as written in SQL text: every documented escape, the boundaries of each form, and escapes no rule names. */
const LITERALS = [
  // named escapes (Databricks: STRING type, Literals)
  "'a\\0b'", "'\\b'", "'\\n'", "'\\r'", "'\\t'", "'\\Z'",
  // LIKE escapes keep their backslash
  "'\\%'", "'\\_'", "'100\\% a\\_b'",
  // any other escaped character stands for itself
  "'O\\'Connell'", "'\\\"'", "'\\\\'", "'\\\\n'", "'\\$'", "'\\q'", "'\\a'", "'\\f'", "'\\v'", "'\\x41'", "'\\N'", "'\\B'",
  "'\\z'", "'\\ '", "'\\;'", "\"say \\\"hi\\\"\"", "\"it\\'s\"",
  // 16-bit Unicode escapes, complete and not
  "'\\u0041'", "'\\u3042'", "'\\u00e9t\\u00E9'", "'\\uD83D\\uDC4D'", "'\\uD800'", "'\\U0000DC00'", "'\\u12'", "'\\u12G4'", "'\\u'",
  // 32-bit Unicode escapes: boundaries, beyond the last code point, incomplete
  "'\\U00000041'", "'\\U0001F44D'", "'\\U0000FFFF'", "'\\U00010000'", "'\\U0010FFFF'", "'\\U00110000'", "'\\UFFFFFFFF'",
  "'\\U7fffffff'", "'\\U1234'", "'\\U0000004'", "'\\U0010FFFG'",
  // octal escapes: ASCII only (\000 to \177)
  "'\\000'", "'\\101'", "'a\\101b'", "'\\177'", "'\\200'", "'\\377'", "'\\400'", "'\\777'", "'\\0123'", "'\\08'", "'\\018'",
  "'\\19'", "'\\1'", "'\\12'", "'\\078'",
  // escapes in a row, and text around them
  "'\\\\\\n'", "'tab\\there'", "'end\\\\'",
];

type Outcome = { value: string } | { refused: true };

function libraryDecodes(literal: string): Outcome {
  try {
    const [token, ...rest] = tokenizeSql(literal);
    expect(rest, `${literal} is one token`).toEqual([]);
    expect(token.kind).toBe("string");
    return { value: token.value };
  } catch (e) {
    if (e instanceof SqlTextError) return { refused: true };
    throw e;
  }
}

let dir: string;
let warehouse: LocalWarehouse;

async function engineDecodes(literal: string): Promise<Outcome> {
  try {
    await warehouse.execute(`COMMENT ON CATALOG escapes IS ${literal}`);
  } catch (e) {
    if (e instanceof EngineError) return { refused: true };
    throw e;
  }
  const rows = await warehouse.execute("DESCRIBE CATALOG EXTENDED escapes");
  const comment = rows.find((r) => r.info_name === "Comment");
  expect(comment, "DESCRIBE CATALOG EXTENDED has a Comment row").toBeDefined();
  return { value: comment!.info_value as string };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "uc-clone-escapes-"));
  warehouse = await LocalWarehouse.open(dir, { statementLog: false });
  await warehouse.execute("CREATE CATALOG escapes");
});

afterAll(async () => {
  await warehouse?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("string-literal escapes: the library's tokenizer and the embedded engine agree", () => {
  it.each(LITERALS)("%s", async (literal) => {
    const library = libraryDecodes(literal);
    expect(await engineDecodes(literal)).toEqual(library);
  });

  it("compares decoded text, not the text as written (the channel to the engine does decode)", async () => {
    expect(await engineDecodes("'\\101\\n'")).toEqual({ value: "A\n" });
    expect(await engineDecodes("'\\U00110000'")).toEqual({ refused: true });
  });
});
