import * as fs from "fs";
import * as path from "path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedTable, tempWorkspace, type TempWorkspace } from "./fixtures/workspace";
import { startWorker, waitFor, workerAvailable } from "./fixtures/childProcess";
import { LocalWarehouse } from "pulumi-uc-clone-local-warehouse";

let ws: TempWorkspace;
beforeAll(() => {
  if (!workerAvailable()) throw new Error("Build first (npx tsc -p .): the child worker runs from dist/.");
});
beforeEach(async () => { ws = await tempWorkspace(); });
afterEach(async () => { await ws.cleanup(); });

const committed = (lines: string[]) => lines.filter((l) => l.startsWith("committed")).length;

describe("durability: kill -9 at any point leaves the last committed state readable", () => {
  it("SIGKILL during an INSERT loop: the table reads at its last committed version, rows = versions", async () => {
    await ws.sql("CREATE CATALOG prod");
    await ws.sql("CREATE SCHEMA prod.s");
    await ws.sql("CREATE TABLE prod.s.t (id INT)");
    const w = startWorker([ws.dir, "insert-loop", "prod.s.t"]);
    await waitFor(w.lines, (l) => committed(l) >= 8);
    w.child.kill("SIGKILL");
    await w.done;
    const fresh = await LocalWarehouse.open(ws.dir);
    try {
      const [{ v }] = await fresh.execute("SELECT max(version) AS v FROM (DESCRIBE HISTORY prod.s.t LIMIT 1)");
      const [{ n }] = await fresh.execute("SELECT count(*) AS n FROM prod.s.t");
      expect(n).toBe(v); // v0 = CREATE, each later version added exactly one row
      expect(n as number).toBeGreaterThanOrEqual(committed(w.lines));
      await fresh.execute("INSERT INTO prod.s.t VALUES (-1)"); // still writable
    } finally {
      await fresh.close();
    }
  });

  it("SIGKILL during a CREATE TABLE loop: the metastore document parses and every listed table is readable", async () => {
    await ws.sql("CREATE CATALOG prod");
    await ws.sql("CREATE SCHEMA prod.s");
    const w = startWorker([ws.dir, "create-loop", "prod.s"]);
    await waitFor(w.lines, (l) => l.filter((x) => x.startsWith("created")).length >= 6);
    w.child.kill("SIGKILL");
    await w.done;
    const fresh = await LocalWarehouse.open(ws.dir);
    try {
      const tables = (await fresh.execute("SHOW TABLES IN prod.s")).map((r) => r.tableName as string);
      expect(tables.length).toBeGreaterThanOrEqual(6);
      for (const t of tables) expect(await fresh.execute(`SELECT count(*) AS n FROM prod.s.${t}`)).toEqual([{ n: 0 }]);
      await fresh.execute("CREATE TABLE prod.s.after_crash (id INT)"); // the lock left behind (if any) is broken
    } finally {
      await fresh.close();
    }
  });

  it("a lockfile held by a dead process is stale and is broken by the next writer", async () => {
    fs.writeFileSync(path.join(ws.dir, "metastore.lock"), "999999");
    await ws.sql("CREATE CATALOG after_stale_lock");
    expect(fs.existsSync(path.join(ws.dir, "metastore.lock"))).toBe(false);
  });

  it("temp files from interrupted writes are ignored by readers and cleaned by VACUUM", async () => {
    await seedTable(ws, "prod.s.t", 2);
    const entry = ws.wh.context.readMeta().tables["prod.s.t"];
    const dir = path.join(ws.dir, "tables", entry.id);
    fs.writeFileSync(path.join(dir, ".tmp-999999-torn.parquet"), "garbage");
    fs.writeFileSync(path.join(dir, "_delta_log", ".tmp-999999-x"), "{not json");
    expect(await ws.sql("SELECT count(*) AS n FROM prod.s.t")).toEqual([{ n: 2 }]);
    expect((await ws.sql("DESCRIBE HISTORY prod.s.t")).length).toBe(2);
    await ws.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    await ws.sql("VACUUM prod.s.t RETAIN 0 HOURS");
    expect(fs.existsSync(path.join(dir, ".tmp-999999-torn.parquet"))).toBe(false);
    expect(fs.existsSync(path.join(dir, "_delta_log", ".tmp-999999-x"))).toBe(false);
  });

  it("SIGKILL in the middle of a DEEP CLONE of a new table: no table appears, and the next open removes the copy's .tmp-* files and its unpublished folder once the writer is dead and the folder is idle", async () => {
    await seedTable(ws, "prod.s.src", 0);
    for (let i = 0; i < 6; i++) await ws.sql(`INSERT INTO prod.s.src VALUES (${i}, 'r${i}')`); // 6 data files
    await ws.sql("CREATE CATALOG qa");
    await ws.sql("CREATE SCHEMA qa.s");
    const w = startWorker([ws.dir, "sql", JSON.stringify(["CREATE TABLE qa.s.t DEEP CLONE prod.s.src"])], { UC_LOCAL_COPY_DELAY_MS: "60000" });
    const pid = w.child.pid!;
    const tablesDir = path.join(ws.dir, "tables");
    const referenced = () => new Set(Object.values(ws.wh.context.readMeta().tables).map((t) => t.id));
    const orphanWithTemps = () =>
      fs.readdirSync(tablesDir).find((id) => !referenced().has(id) && fs.readdirSync(path.join(tablesDir, id)).some((n) => n.startsWith(`.tmp-${pid}-`)));
    await waitFor(w.lines, () => orphanWithTemps() !== undefined);
    const orphan = orphanWithTemps()!;
    w.child.kill("SIGKILL");
    await w.done;
    const orphanDir = path.join(tablesDir, orphan);
    expect(fs.readdirSync(orphanDir).filter((n) => n.startsWith(".tmp-")).length).toBeGreaterThan(0); // the leftover this test is about
    expect((await ws.fails("SELECT * FROM qa.s.t")).errorClass).toBe("TABLE_OR_VIEW_NOT_FOUND");

    // dead writer, but the folder was touched moments ago: an open keeps it (a live creator publishes within moments)
    await (await LocalWarehouse.open(ws.dir)).close();
    expect(fs.existsSync(orphanDir)).toBe(true);
    // idle for longer than the grace: removed by the next open
    const old = (Date.now() - 11 * 60_000) / 1000;
    for (const n of fs.readdirSync(orphanDir)) fs.utimesSync(path.join(orphanDir, n), old, old);
    fs.utimesSync(orphanDir, old, old);
    const fresh = await LocalWarehouse.open(ws.dir);
    try {
      expect(fs.existsSync(orphanDir)).toBe(false);
      await fresh.execute("CREATE TABLE qa.s.t DEEP CLONE prod.s.src");
      expect(await fresh.execute("SELECT count(*) AS n FROM qa.s.t")).toEqual([{ n: 6 }]);
    } finally {
      await fresh.close();
    }
  });

  it("SIGKILL in the middle of a re-clone (CREATE OR REPLACE ... DEEP CLONE): the target keeps its last version; the next clone of it removes the dead writer's .tmp-* files and keeps a live writer's", async () => {
    await seedTable(ws, "prod.s.src", 2);
    await ws.sql("CREATE CATALOG qa");
    await ws.sql("CREATE SCHEMA qa.s");
    await ws.sql("CREATE TABLE qa.s.t DEEP CLONE prod.s.src");
    for (let i = 10; i < 14; i++) await ws.sql(`INSERT INTO prod.s.src VALUES (${i}, 'new')`); // files the re-clone must copy
    const dir = path.join(ws.dir, "tables", ws.wh.context.readMeta().tables["qa.s.t"].id);
    const w = startWorker([ws.dir, "sql", JSON.stringify(["CREATE OR REPLACE TABLE qa.s.t DEEP CLONE prod.s.src"])], { UC_LOCAL_COPY_DELAY_MS: "60000" });
    const pid = w.child.pid!;
    const deadTemps = () => fs.readdirSync(dir).filter((n) => n.startsWith(`.tmp-${pid}-`));
    await waitFor(w.lines, () => deadTemps().length > 0);
    w.child.kill("SIGKILL");
    await w.done;
    expect(await ws.sql("SELECT count(*) AS n FROM qa.s.t")).toEqual([{ n: 2 }]); // last committed version
    const leftovers = deadTemps();
    expect(leftovers.length).toBeGreaterThan(0);

    const minutesAgo = (m: number) => (Date.now() - m * 60_000) / 1000;
    const put = (name: string, minutes: number) => {
      fs.writeFileSync(path.join(dir, name), "x");
      fs.utimesSync(path.join(dir, name), minutesAgo(minutes), minutesAgo(minutes));
    };
    for (const n of leftovers) fs.utimesSync(path.join(dir, n), minutesAgo(2), minutesAgo(2)); // dead owner, past the 60 s grace
    put(`.tmp-${pid}-just-written`, 0); // dead owner, within the grace: kept
    put(`.tmp-${process.pid}-live-writer`, 120); // a live process (this one): kept
    put(".tmp-1-reused-pid", 25 * 60); // untouched for a day: removed whatever its pid says (pid 1 is alive)

    await ws.sql("CREATE OR REPLACE TABLE qa.s.t DEEP CLONE prod.s.src");
    expect(await ws.sql("SELECT count(*) AS n FROM qa.s.t")).toEqual([{ n: 6 }]);
    const temps = fs.readdirSync(dir).filter((n) => n.startsWith(".tmp-")).sort();
    expect(temps).toEqual([`.tmp-${pid}-just-written`, `.tmp-${process.pid}-live-writer`].sort());
  });

  it("an orphan data file (written, never committed) is invisible to reads and removed by VACUUM RETAIN 0 HOURS", async () => {
    await seedTable(ws, "prod.s.t", 2);
    const entry = ws.wh.context.readMeta().tables["prod.s.t"];
    const dir = path.join(ws.dir, "tables", entry.id);
    const [file] = fs.readdirSync(dir).filter((f) => f.endsWith(".parquet"));
    fs.copyFileSync(path.join(dir, file), path.join(dir, "part-00000-orphan.c000.snappy.parquet"));
    expect(await ws.sql("SELECT count(*) AS n FROM prod.s.t")).toEqual([{ n: 2 }]);
    await ws.sql("SET spark.databricks.delta.retentionDurationCheck.enabled = false");
    await ws.sql("VACUUM prod.s.t RETAIN 0 HOURS");
    expect(fs.existsSync(path.join(dir, "part-00000-orphan.c000.snappy.parquet"))).toBe(false);
  });

  it("a torn metastore journal tail (writer killed mid-append) is ignored by readers and repaired by the next writer", async () => {
    await ws.sql("CREATE CATALOG before_tear");
    const journal = fs.readdirSync(ws.dir).find((f) => f.endsWith(".journal"))!;
    fs.appendFileSync(path.join(ws.dir, journal), '{"rev":99,"c":[["catalogs","torn"');
    const fresh = await LocalWarehouse.open(ws.dir);
    try {
      expect((await fresh.execute("SHOW CATALOGS")).map((r) => r.catalog)).toEqual(["before_tear", "main"]);
      await fresh.execute("CREATE CATALOG after_tear");
      expect((await ws.sql("SHOW CATALOGS")).map((r) => r.catalog)).toEqual(["after_tear", "before_tear", "main"]);
    } finally {
      await fresh.close();
    }
  });

  it("the metastore journal compacts into a new base and other sessions follow (1,000+ changes)", async () => {
    const other = await LocalWarehouse.open(ws.dir);
    try {
      await ws.sql("CREATE CATALOG c");
      for (let i = 0; i < 1005; i++) await ws.wh.context.mutateMeta((doc) => { doc.catalogs.c.comment = `v${i}`; });
      expect(other.context.readMeta().catalogs.c.comment).toBe("v1004");
      expect(fs.readdirSync(ws.dir).filter((f) => f.endsWith(".journal"))).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it("mutateMeta drafts are copy-on-write: iteration, deletion and reassignment are all published", async () => {
    await ws.sql("CREATE CATALOG a");
    await ws.sql("CREATE CATALOG b");
    const before = ws.wh.context.readMeta();
    await ws.wh.context.mutateMeta((doc) => {
      for (const c of Object.values(doc.catalogs)) c.comment = "all";
      delete doc.catalogs.b;
      doc.metastoreGrants.push({ principal: "admins", privilege: "CREATE CATALOG" });
    });
    const after = ws.wh.context.readMeta();
    expect(Object.keys(after.catalogs).sort()).toEqual(["a", "main"]);
    expect(after.catalogs.a.comment).toBe("all");
    expect(after.metastoreGrants).toEqual([{ principal: "admins", privilege: "CREATE CATALOG" }]);
    expect(before.catalogs.b).toBeDefined(); // documents handed out earlier are never mutated
    await ws.wh.context.mutateMeta((doc) => { doc.schemas = {}; });
    expect(ws.wh.context.readMeta().schemas).toEqual({});
  });

  it("state survives closing and reopening the directory (durable across restarts)", async () => {
    await seedTable(ws, "prod.s.t", 3);
    await ws.wh.close();
    const again = await LocalWarehouse.open(ws.dir);
    try {
      expect(await again.execute("SELECT count(*) AS n FROM prod.s.t")).toEqual([{ n: 3 }]);
      expect((await again.execute("DESCRIBE HISTORY prod.s.t")).length).toBe(2);
    } finally {
      await again.close();
    }
    ws.wh = await LocalWarehouse.open(ws.dir);
  });
});
