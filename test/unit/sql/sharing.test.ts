import { mkdtemp, rm } from "fs/promises";
import { tmpdir } from "os";
import * as path from "path";
import { describe, expect, it } from "vitest";
import * as sh from "../../../provider/sql/sharing";
import { createCatalog } from "../../../provider/sql/catalog";
import { createSchema } from "../../../provider/sql/schema";
import { grantShareToRecipient } from "../../../provider/sql/grants";
import { quoteName } from "../../../provider/sql/quote";
import { openLocalDriver } from "../../../provider/warehouse/localDriver";

const t = { catalog: "c`1", schema: "s", name: "t é" };

describe("sharing builders", () => {
  it("renders shares", () => {
    expect(sh.createShare("sh`1", { comment: "it's" })).toBe("CREATE SHARE IF NOT EXISTS `sh``1` COMMENT 'it\\'s'");
    expect(sh.dropShare("sh", { ifExists: false })).toBe("DROP SHARE `sh`");
    expect(sh.shareAddTable({ share: "sh", table: t, comment: "c", sharedAs: { schema: "a", name: "b`" }, history: true })).toBe(
      "ALTER SHARE `sh` ADD TABLE `c``1`.`s`.`t é` COMMENT 'c' AS `a`.`b``` WITH HISTORY",
    );
    expect(sh.shareAddTable({ share: "sh", table: t, history: false })).toBe("ALTER SHARE `sh` ADD TABLE `c``1`.`s`.`t é` WITHOUT HISTORY");
    expect(sh.shareRemoveTable("sh", t)).toBe("ALTER SHARE `sh` REMOVE TABLE `c``1`.`s`.`t é`");
    expect(sh.shareRemoveTable("sh", { schema: "a", name: "b" })).toBe("ALTER SHARE `sh` REMOVE TABLE `a`.`b`");
    expect(sh.shareAddSchema("sh", { catalog: "c", schema: "s" })).toBe("ALTER SHARE `sh` ADD SCHEMA `c`.`s`");
    expect(sh.showAllInShare("sh")).toBe("SHOW ALL IN SHARE `sh`");
    expect(sh.describeShare("sh")).toBe("DESCRIBE SHARE `sh`");
  });

  it("renders recipients and consumer statements", () => {
    expect(sh.createRecipient({ name: "r", sharingIdentifier: "aws:us-west-2:1234-ab", comment: "x", properties: { team: "q'a" } })).toBe(
      "CREATE RECIPIENT IF NOT EXISTS `r` USING ID 'aws:us-west-2:1234-ab' COMMENT 'x' PROPERTIES ('team' = 'q\\'a')",
    );
    expect(sh.createRecipient({ name: "open", ifNotExists: false })).toBe("CREATE RECIPIENT `open`");
    expect(sh.dropRecipient("r")).toBe("DROP RECIPIENT IF EXISTS `r`");
    expect(sh.describeRecipient("r")).toBe("DESCRIBE RECIPIENT `r`");
    expect(sh.currentMetastore()).toBe("SELECT current_metastore() AS metastore_id");
    expect(sh.showSharesInProvider("p`")).toBe("SHOW SHARES IN PROVIDER `p```");
    expect(sh.showProviders()).toBe("SHOW PROVIDERS");
  });

  it("runs on the embedded engine: a share with a table granted to a D2D recipient", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "uc-sql-sharing-"));
    const w = await openLocalDriver(dir);
    try {
      await w.execute(createCatalog({ name: "src" }));
      await w.execute(createSchema({ catalog: "src", schema: "s" }));
      await w.execute(`CREATE TABLE ${quoteName("src", "s", "t")} (id INT)`);
      const [{ metastore_id }] = await w.execute(sh.currentMetastore());
      expect(typeof metastore_id).toBe("string");
      await w.execute(sh.createShare("sh 1", { comment: "x" }));
      await w.execute(sh.shareAddTable({ share: "sh 1", table: { catalog: "src", schema: "s", name: "t" }, sharedAs: { schema: "pub", name: "t" }, history: true }));
      await w.execute(sh.createRecipient({ name: "dr", sharingIdentifier: "aws:us-east-1:00000000-0000-0000-0000-000000000001" }));
      await w.execute(grantShareToRecipient("sh 1", "dr"));
      const objects = await w.execute(sh.showAllInShare("sh 1"));
      expect(objects).toHaveLength(1);
      expect(JSON.stringify(objects[0])).toContain("src.s.t");
      await w.execute(sh.shareRemoveTable("sh 1", { catalog: "src", schema: "s", name: "t" }));
      expect(await w.execute(sh.showAllInShare("sh 1"))).toEqual([]);
      await w.execute(sh.dropRecipient("dr"));
      await w.execute(sh.dropShare("sh 1"));
    } finally {
      await w.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
