/**
 * Conformance: Spark's hash expressions (`hash`, `xxhash64`) refuse at analysis time any argument whose
 * type holds a MAP at any depth (DATATYPE_MISMATCH.HASH_MAP_TYPE, "same maps may have different
 * hashcode") or a VARIANT (DATATYPE_MISMATCH.HASH_VARIANT_TYPE), SQLSTATE 42K09, even when no row is
 * read. `to_json` of such a value is a STRING and hashes fine (what checksums must use).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempWorkspace, type TempWorkspace } from "./fixtures/workspace";

let ws: TempWorkspace;
beforeAll(async () => {
  ws = await tempWorkspace();
  await ws.sql("CREATE CATALOG prod");
  await ws.sql("CREATE SCHEMA prod.s");
  await ws.sql(
    "CREATE TABLE prod.s.t (id INT, m MAP<STRING, INT>, am ARRAY<MAP<STRING, INT>>, sm STRUCT<a: INT, b: MAP<STRING, INT>>, arr ARRAY<INT>, st STRUCT<a: INT, b: STRING>, v VARIANT)",
  );
  await ws.sql("CREATE TABLE prod.s.empty_maps (id INT, m MAP<STRING, INT>)");
  // (STRUCT values stay NULL: the engine has no named_struct; the type check does not depend on values)
  await ws.sql("INSERT INTO prod.s.t (id, m, am, arr) VALUES (1, map('k', 1), array(map('x', 2)), array(1, 2))");
});
afterAll(async () => { await ws.cleanup(); });

describe("hash()/xxhash64() reject MAP at any depth and VARIANT (Spark HashExpression type check)", () => {
  it("a MAP column, an ARRAY<MAP> and a STRUCT holding a MAP fail with DATATYPE_MISMATCH.HASH_MAP_TYPE (42K09)", async () => {
    for (const col of ["m", "am", "sm"]) {
      for (const fn of ["hash", "xxhash64"]) {
        const e = await ws.fails(`SELECT ${fn}(id, ${col}) AS h FROM prod.s.t`);
        expect(e.errorClass, `${fn}(${col})`).toBe("DATATYPE_MISMATCH.HASH_MAP_TYPE");
        expect(e.sqlState).toBe("42K09");
        expect(e.message).toContain(`Cannot resolve "${fn}(id, ${col})" due to data type mismatch: Input to the function \`${fn}\` cannot contain elements of the "MAP" type.`);
      }
    }
  });

  it("the check is at analysis time: it fails on an empty table and inside an aggregate, as a checksum query would", async () => {
    expect((await ws.fails("SELECT xxhash64(m) AS h FROM prod.s.empty_maps")).errorClass).toBe("DATATYPE_MISMATCH.HASH_MAP_TYPE");
    const checksum = "SELECT count(*) AS n, bit_xor(row_hash) AS x FROM (SELECT xxhash64(id, sm) AS row_hash FROM prod.s.t VERSION AS OF 1) AS hashed";
    expect((await ws.fails(checksum)).errorClass).toBe("DATATYPE_MISMATCH.HASH_MAP_TYPE");
  });

  it("a VARIANT column fails with DATATYPE_MISMATCH.HASH_VARIANT_TYPE", async () => {
    const e = await ws.fails("SELECT hash(v) AS h FROM prod.s.t");
    expect(e.errorClass).toBe("DATATYPE_MISMATCH.HASH_VARIANT_TYPE");
    expect(e.sqlState).toBe("42K09");
  });

  it("scalars, arrays and structs without maps hash; to_json of a MAP / ARRAY<MAP> / STRUCT<MAP> / VARIANT is a STRING that hashes", async () => {
    const [r] = await ws.sql("SELECT hash(id, arr, st) AS a, xxhash64(id, to_json(m), to_json(am), to_json(sm), to_json(v)) AS b, typeof(to_json(m)) AS t FROM prod.s.t");
    expect(typeof r.a).toBe("number");
    expect(["number", "string"]).toContain(typeof r.b);
    expect(r.t).toBe("VARCHAR");
    const [j] = await ws.sql("SELECT to_json(m) AS m, to_json(am) AS am FROM prod.s.t");
    expect(j).toEqual({ m: '{"k":1}', am: '[{"x":2}]' });
  });
});
