import { mkdtemp, rm } from "fs/promises";
import { tmpdir } from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import { maskExpression, maskingUpdate } from "../../../provider/sql/masking";
import { createCatalog } from "../../../provider/sql/catalog";
import { createSchema } from "../../../provider/sql/schema";
import { quoteName } from "../../../provider/sql/quote";
import { openLocalDriver } from "../../../provider/warehouse/localDriver";

const t = { catalog: "qa", schema: "crm", name: "cust`omers" };

describe("masking builders", () => {
  it("renders strategy expressions over quoted columns", () => {
    expect(maskExpression("e`mail", "email")).toBe("regexp_replace(CAST(`e``mail` AS STRING), '^[^@]*', '***')");
    expect(maskExpression("ssn", "hash")).toBe("sha2(CAST(`ssn` AS STRING), 256)");
    expect(maskExpression("x", "redact", "it's")).toBe("CASE WHEN `x` IS NULL THEN NULL ELSE 'it\\'s' END");
    expect(() => maskExpression("x", "scramble" as never)).toThrow(/Unknown masking strategy/);
  });

  it("builds one UPDATE and validates user expressions and filters", () => {
    expect(maskingUpdate(t, [{ column: "ssn", strategy: "null" }, { column: "name", expression: "upper(substr(name, 1, 1))" }], "country <> 'US'")).toBe(
      "UPDATE `qa`.`crm`.`cust``omers` SET `ssn` = NULL, `name` = upper(substr(name, 1, 1)) WHERE country <> 'US'",
    );
    expect(() => maskingUpdate(t, [{ column: "a", expression: "1; DROP TABLE x" }])).toThrow(/masking expression of qa\.crm\.cust`omers\.a/);
    expect(() => maskingUpdate(t, [{ column: "a", strategy: "null" }], "1=1 -- all")).toThrow(/comments are not allowed/);
    expect(() => maskingUpdate(t, [])).toThrow(/No columns to mask/);
  });

  it("masks rows on the embedded engine", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "uc-sql-masking-"));
    const w = await openLocalDriver(dir);
    try {
      await w.execute(createCatalog({ name: "qa" }));
      await w.execute(createSchema({ catalog: "qa", schema: "crm" }));
      const T = quoteName("qa", "crm", "cust`omers");
      await w.execute(`CREATE TABLE ${T} (id INT, email STRING, phone STRING, ssn STRING, note STRING, keep STRING)`);
      await w.execute(`INSERT INTO ${T} VALUES (1, 'ann@example.com', '555-123-4567', '123-45-6789', 'secret', 'k'), (2, NULL, '12', NULL, NULL, 'k')`);
      await w.execute(
        maskingUpdate(t, [
          { column: "email", strategy: "email" },
          { column: "phone", strategy: "partial" },
          { column: "ssn", strategy: "hash" },
          { column: "note", strategy: "redact" },
        ]),
      );
      const rows = await w.execute(`SELECT id, email, phone, ssn, note, keep FROM ${T} ORDER BY id`);
      expect(rows[0]).toMatchObject({ id: 1, email: "***@example.com", phone: "********4567", note: "***", keep: "k" });
      expect(rows[0].ssn).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[1]).toEqual({ id: 2, email: null, phone: "12", ssn: null, note: null, keep: "k" });
    } finally {
      await w.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
