/**
 * Properties of the drift decision of a cloned table (provider/resources/table: drift.ts screenDrift and
 * the verdicts, syncMode.ts resolveDrift / planAction, lifecycle.ts diffTable), over arbitrary histories
 * of the source and the destination after the recorded clone: data writes, maintenance (OPTIMIZE, VACUUM,
 * ANALYZE, comments, TBLPROPERTIES, column comments), edits of this stack's markers, restores to before,
 * at or after the clone, unknown operations, grants/tags that move last_altered without a commit, bursts
 * of commits beyond one history read, truncated history, drops and re-creations, a warehouse that does
 * not report last_altered or refuses DESCRIBE HISTORY as a subquery, settings changes and retries, in
 * every sync mode and clone type.
 *
 * The handler decides lazily: a side is read (one DESCRIBE HISTORY) only when its last_altered moved and
 * the answer can change the decision. Full knowledge reads both sides' history every time. The property:
 * both give the same decision (what is written, at which source version, labelled how).
 *
 * The seam: diffTable is the handler's decision, and its only I/O is the history read, so it runs on a
 * warehouse that answers DESCRIBE HISTORY from the generated history (any other statement fails the
 * test: diff is read-only). Full knowledge is built from the same exported pieces (historySince, the
 * verdicts, planAction) with every side that has history confirmed.
 *
 * What lazy confirmation rests on, and the generator keeps: a commit always moves last_altered, and the
 * recorded last_altered is no later than the recorded version (read before it, or with nothing committed
 * in between); Delta history always keeps the newest version. The table lifecycle keeps the second
 * (lifecycle.ts cloneBaseline, discoveredLastAltered): it reads last_altered before the history read that
 * finds its clone newest, and records none (`recorded: "none"` here) when a write is already on top of
 * it; test/unit/resources/tableLifecycle.test.ts interleaves an outside write at every statement of a clone.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { destinationVerdict, lastAlteredMoved, screenDrift, sourceVerdict, type HistoryTop } from "../../provider/resources/table/drift";
import type { TableInputs, TableOutputs } from "../../provider/resources/table/inputs";
import { diffTable } from "../../provider/resources/table/lifecycle";
import { historySince, HISTORY_SINCE_LIMIT, objectName } from "../../provider/resources/table/lookup";
import { planAction, type PlannedAction } from "../../provider/resources/table/syncMode";
import { objectSql } from "../../provider/sql/objectName";
import type { SyncMode } from "../../provider/vocabulary/syncMode";
import { WarehouseError, type Row, type Warehouse } from "../../provider/warehouse/warehouse";
import { propertyRuns } from "./propertyRuns";

const SOURCE = { catalog: "prod", schema: "s", table: "t" };
const DESTINATION = { catalog: "qa", schema: "s", table: "t" };
const OWNER = "proj/qa";
const MODES: SyncMode[] = ["snapshot", "selective", "mirror", "full"];

type Params = Record<string, string>;
const op = (operation: string, operationParameters: Params = {}) => ({ operation, operationParameters });
/** Operations that keep the rows and the schema (drift.ts classifyOperation says maintenance). */
const MAINTENANCE = [
  op("OPTIMIZE", { auto: "true" }),
  op("OPTIMIZE", { dataChange: "false", zOrderBy: "[]" }),
  op("optimize"),
  op("VACUUM START", { retentionCheckEnabled: "true" }),
  op("VACUUM END", { status: "COMPLETED" }),
  op("COMPUTE STATS"),
  op("SET TBLPROPERTIES", { properties: '{"comment":"orders"}' }),
  op("UNSET TBLPROPERTIES", { properties: '["delta.appendOnly"]' }),
  op("CHANGE COLUMN", { column: '{"name":"a","type":"integer","nullable":true,"metadata":{"comment":"id"}}' }),
  op("SET TAGS"),
  op("EMPTY COMMIT"),
];
/** Operations that change rows or schema, or cannot be proved not to (unknown names, unreadable parameters). */
const DATA = [
  op("WRITE", { mode: "Append" }),
  op("MERGE"),
  op("DELETE"),
  op("UPDATE"),
  op("TRUNCATE"),
  op("CREATE OR REPLACE TABLE AS SELECT"),
  op("ADD COLUMNS"),
  op("ADD CONSTRAINT"), // CHECK constraints travel with CLONE: a new one is re-cloned
  op("CLONE", { sourceVersion: "7" }),
  op(" write "),
  op("OPTIMIZE", { dataChange: "true" }),
  op("CHANGE COLUMN", { column: '{"name":"a","type":"integer","metadata":{"delta.typeChanges":"[]"}}' }),
  op("CHANGE COLUMN", { column: '{"name":"a","type":"integer","metadata":{}}', position: "FIRST" }),
  op("SET TBLPROPERTIES", { properties: '{"catalog_clone.owner":"proj/dev"}' }), // this stack's marker edited
  op("SET TBLPROPERTIES", { properties: "not json" }),
  op("FROBNICATE"), // unknown
  op(""),
];

/** What happens to one side after the recorded clone, oldest first. */
type Event =
  | { kind: "commit"; operation: string; operationParameters: Params }
  /** Grants, tags, ownership: last_altered moves, no Delta version. */
  | { kind: "metadata" }
  /** RESTORE to a version relative to the recorded one. */
  | { kind: "restore"; to: "before" | "at" | "after" | "unreadable" }
  /** More maintenance commits than one history read returns. */
  | { kind: "burst"; count: number }
  | { kind: "drop" }
  /** Dropped and created again under the same name: its history starts again at version 0. */
  | { kind: "recreate"; commits: number };

const commit = (pool: ReturnType<typeof op>[]) => fc.constantFrom(...pool).map((o): Event => ({ kind: "commit", ...o }));
const anyEvent: fc.Arbitrary<Event> = fc.oneof(
  { arbitrary: commit(MAINTENANCE), weight: 5 },
  { arbitrary: commit(DATA), weight: 4 },
  { arbitrary: fc.constant<Event>({ kind: "metadata" }), weight: 3 },
  { arbitrary: fc.constantFrom("before", "at", "after", "unreadable").map((to): Event => ({ kind: "restore", to: to as "before" })), weight: 2 },
  { arbitrary: fc.constantFrom(3, HISTORY_SINCE_LIMIT + 5).map((count): Event => ({ kind: "burst", count })), weight: 1 },
  { arbitrary: fc.constant<Event>({ kind: "drop" }), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 6 }).map((commits): Event => ({ kind: "recreate", commits })), weight: 1 },
);
/** Events that change nothing a clone copies. */
const maintenanceEvent: fc.Arbitrary<Event> = fc.oneof(commit(MAINTENANCE), fc.constant<Event>({ kind: "metadata" }));

/** One side's history up to the recorded version, and what happened after. */
interface SideStory {
  /** The recorded version (null: none recorded). */
  baseline: number | null;
  /** Operations of the versions before the recorded one, oldest first. */
  before: ReturnType<typeof op>[];
  /** The operation of the recorded version itself. */
  at: ReturnType<typeof op>;
  /** The recorded last_altered: at the recording, earlier (read before the version), or not recorded. */
  recorded: "exact" | "earlier" | "none";
  events: Event[];
  /** Versions below this share of the newest are gone from the history (log retention); 0: none gone. */
  truncate: number;
  /** The warehouse reports last_altered (information_schema) or not. */
  reported: boolean;
  /** How the reported timestamp is spelled (the same instant can be written several ways). */
  spelling: 0 | 1 | 2;
}

const sideStory = (
  at: fc.Arbitrary<ReturnType<typeof op>>,
  events: fc.Arbitrary<Event>,
  baselineKnown: fc.Arbitrary<boolean>,
  truncated: boolean,
): fc.Arbitrary<SideStory> =>
  fc
    .record({
      known: baselineKnown,
      versions: fc.integer({ min: 0, max: 4 }),
      before: fc.array(fc.constantFrom(...MAINTENANCE, ...DATA), { minLength: 4, maxLength: 4 }),
      at,
      recorded: fc.constantFrom("exact", "exact", "exact", "earlier", "none") as fc.Arbitrary<SideStory["recorded"]>,
      events: fc.oneof(fc.constant<Event[]>([]), fc.array(events, { minLength: 1, maxLength: 5 })),
      truncate: truncated ? fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, fc.double({ min: 0, max: 1, noNaN: true })) : fc.constant(0),
      reported: fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, fc.constant(false)),
      spelling: fc.constantFrom(0, 1, 2) as fc.Arbitrary<0 | 1 | 2>,
    })
    .map((r) => ({ ...r, baseline: r.known ? r.versions : null, before: r.before.slice(0, r.versions) }));

const EPOCH = Date.parse("2026-03-01T00:00:00.000Z");
function instant(clock: number, spelling: 0 | 1 | 2): string {
  const iso = new Date(EPOCH + clock * 1000).toISOString();
  return spelling === 0 ? iso : spelling === 1 ? iso.replace(".000Z", "Z") : iso.replace(".000Z", "+00:00");
}

/** A side as the warehouse shows it now. */
interface SideNow {
  /** The history DESCRIBE HISTORY returns (null: the table does not exist). */
  history: HistoryTop[] | null;
  /** Discovery's last_altered now. */
  lastAltered: string | null;
  /** The last_altered recorded with the clone. */
  recordedLastAltered: string | null;
}

/** Plays a side's story: every commit moves the clock, and so last_altered. */
function play(story: SideStory, baselineFallback: number): SideNow {
  const b = story.baseline ?? baselineFallback;
  let rows: HistoryTop[] = [...story.before, story.at].map((o, version) => ({ version, ...o }));
  let exists = true;
  let clock = 100 + b * 10; // the recorded version's commit
  const recordingClock = clock;
  const push = (o: { operation: string; operationParameters: Params }) => {
    rows.push({ version: rows.length === 0 ? 0 : rows[rows.length - 1].version + 1, operation: o.operation, operationParameters: o.operationParameters });
    clock++;
  };
  for (const e of story.events) {
    if (e.kind === "drop") {
      exists = false;
      rows = [];
      clock++;
    } else if (e.kind === "recreate") {
      exists = true;
      rows = [];
      push(op("CREATE TABLE"));
      for (let i = 1; i < e.commits; i++) push(op("WRITE"));
    } else if (!exists) {
      continue; // nothing happens to a table that is not there
    } else if (e.kind === "commit") {
      push(e);
    } else if (e.kind === "metadata") {
      clock++;
    } else if (e.kind === "restore") {
      const to = { before: b - 1, at: b, after: b + 1, unreadable: NaN }[e.to];
      push(op("RESTORE", { version: Number.isNaN(to) ? "?" : String(Math.max(to, 0)) }));
    } else {
      for (let i = 0; i < e.count; i++) push(op("OPTIMIZE", { auto: "true" }));
    }
  }
  const newest = rows.length === 0 ? 0 : rows[rows.length - 1].version;
  const horizon = Math.floor(story.truncate * newest); // never above the newest: Delta keeps its commit
  const recordedLastAltered = story.recorded === "none" ? null : instant(story.recorded === "exact" ? recordingClock : recordingClock - 5, 0);
  return {
    history: exists ? rows.filter((r) => r.version >= horizon) : null,
    lastAltered: exists && story.reported ? instant(clock, story.spelling) : null,
    recordedLastAltered,
  };
}

/** A warehouse that only answers DESCRIBE HISTORY, from the generated histories. */
class HistoryWarehouse implements Warehouse {
  readonly statements: string[] = [];
  /** The tables read, in order. */
  readonly read: string[] = [];
  constructor(
    private readonly tables: Map<string, HistoryTop[] | null>,
    private readonly refusesSubquery: boolean,
  ) {}
  async execute(sql: string): Promise<Row[]> {
    this.statements.push(sql);
    for (const [name, history] of this.tables) {
      const since = new RegExp(`^SELECT version, operation, operationParameters FROM \\(DESCRIBE HISTORY ${escape(name)}\\) WHERE version >= (\\d+) ORDER BY version DESC LIMIT (\\d+)$`).exec(sql);
      const plain = new RegExp(`^DESCRIBE HISTORY ${escape(name)}(?: LIMIT (\\d+))?$`).exec(sql);
      if (!since && !plain) continue;
      this.read.push(name);
      if (since && this.refusesSubquery) throw new WarehouseError({ errorClass: "PARSE_SYNTAX_ERROR", message: "[PARSE_SYNTAX_ERROR] Syntax error. SQLSTATE: 42601" });
      if (history === null) throw new WarehouseError({ errorClass: "TABLE_OR_VIEW_NOT_FOUND", message: `[TABLE_OR_VIEW_NOT_FOUND] ${name} SQLSTATE: 42P01` });
      const newestFirst = [...history].sort((a, b) => b.version - a.version);
      if (since) return newestFirst.filter((r) => r.version >= Number(since[1])).slice(0, Number(since[2])) as unknown as Row[];
      return newestFirst.slice(0, plain![1] === undefined ? undefined : Number(plain![1])) as unknown as Row[];
    }
    throw new Error(`diff ran a statement other than a history read: ${sql}`);
  }
  async close(): Promise<void> {}
}
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\`]/g, "\\$&");

interface World {
  sourceEvents: Event[];
  olds: TableOutputs;
  news: TableInputs;
  source: SideNow;
  destination: SideNow;
  refusesSubquery: boolean;
}

const anySettings = fc.record({
  configChange: fc.oneof({ arbitrary: fc.constant(null), weight: 8 }, fc.constantFrom("cloneType", "asOf", "owner", "source")),
  retry: fc.oneof({ arbitrary: fc.constant(null), weight: 8 }, fc.constantFrom("never cloned", "rolled back", "unverified")),
  pinned: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, fc.constant(true)),
});

/**
 * `steady`: nothing but `events` happens (no settings change, no retry, no pin, the source version
 * recorded, the whole history readable).
 */
function worldOf(events: fc.Arbitrary<Event>, steady: boolean): fc.Arbitrary<World> {
  const settings = steady ? fc.constant({ configChange: null, retry: null, pinned: false }) : anySettings;
  const known = steady ? fc.constant(true) : fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, fc.constant(false));
  return fc
    .record({
      sync: fc.constantFrom(...MODES),
      recordedSync: fc.constantFrom(...MODES),
      cloneType: fc.constantFrom("DEEP", "SHALLOW") as fc.Arbitrary<"DEEP" | "SHALLOW">,
      settings,
      // A source version is recorded with every clone; none when the table was taken back as retained.
      source: sideStory(fc.constantFrom(...MAINTENANCE, ...DATA), events, known, !steady),
      // The recorded destination version is our CLONE, or maintenance after it (a moved baseline).
      destination: sideStory(fc.oneof({ arbitrary: fc.constant(op("CLONE", { sourceVersion: "3" })), weight: 3 }, fc.constantFrom(...MAINTENANCE)), events, fc.constant(true), !steady),
      refusesSubquery: fc.boolean(),
    })
    .map(({ sync, recordedSync, cloneType, settings, source, destination, refusesSubquery }): World => {
      // No source version recorded (a retained table taken back): no last_altered recorded with it either.
      const sourceStory: SideStory = source.baseline === null ? { ...source, recorded: "none" } : source;
      const src = play(sourceStory, 0);
      const dst = play(destination, 0);
      const asOf = settings.pinned ? { version: sourceStory.baseline ?? 0 } : undefined;
      const inputs: TableInputs = {
        owner: OWNER,
        source: SOURCE,
        destination: DESTINATION,
        cloneType,
        sync,
        asOf,
        ...(src.history === null
          ? { retainedBecause: "gone from source" }
          : { sourceFingerprint: { tableType: "MANAGED", format: "DELTA", lastAltered: src.lastAltered } }),
        destinationFingerprint: dst.history === null ? { exists: false } : { exists: true, lastAltered: dst.lastAltered, tableType: "MANAGED" },
      };
      const recordedInputs: TableInputs = {
        ...inputs,
        sync: recordedSync,
        ...(settings.configChange === "cloneType" ? { cloneType: cloneType === "DEEP" ? "SHALLOW" : "DEEP" } : {}),
        ...(settings.configChange === "asOf" ? { asOf: asOf ? undefined : { version: 1 } } : {}),
        ...(settings.configChange === "owner" ? { owner: "proj/old" } : {}),
        ...(settings.configChange === "source" ? { source: { ...SOURCE, table: "u" } } : {}),
      };
      const olds: TableOutputs = {
        ...recordedInputs,
        sourceVersion: sourceStory.baseline,
        clonedSourceLastAltered: src.recordedLastAltered,
        destinationVersion: settings.retry === "never cloned" ? null : destination.baseline,
        destinationLastAltered: settings.retry === "never cloned" ? null : dst.recordedLastAltered,
        adopted: false,
        preCloneVersion: null,
        createdByStack: true,
        previousVersion: null,
        changedInDeployment: "d1",
        rolledBack: settings.retry === "rolled back",
        ...(settings.retry === "unverified" ? { unverified: true } : {}),
        metrics: null,
        validation: null,
        lastAction: "cloned",
        lastReason: "new table",
      };
      return { sourceEvents: sourceStory.events, olds, news: inputs, source: src, destination: dst, refusesSubquery };
    });
}


function warehouseOf(w: World): HistoryWarehouse {
  return new HistoryWarehouse(
    new Map([
      [objectSql(objectName(SOURCE)), w.source.history],
      [objectSql(objectName(DESTINATION)), w.destination.history],
    ]),
    w.refusesSubquery,
  );
}

/** What must agree: the write (none, clone, recreate), at which source version, labelled how. */
const decision = (a: PlannedAction) => (a.kind === "none" ? "none" : `${a.kind} at ${a.at} (${a.label})`);

/** Full knowledge: every side that has a history is read and confirmed, whatever its last_altered says. */
async function fullKnowledge(w: World): Promise<PlannedAction> {
  const wh = warehouseOf(w);
  const s = screenDrift(w.olds, w.news);
  const source =
    s.source === "unchanged" || s.source === "candidate"
      ? sourceVerdict(await historySince(wh, w.news.source, w.olds.sourceVersion), w.olds.sourceVersion, {
          shallow: w.news.cloneType === "SHALLOW",
          lastAlteredMoved: lastAlteredMoved(w.news.sourceFingerprint?.lastAltered, w.olds.clonedSourceLastAltered),
        }).state
      : s.source;
  const destination =
    s.destination === "unchanged" || s.destination === "candidate"
      ? destinationVerdict(await historySince(wh, w.news.destination, w.olds.destinationVersion), w.olds.destinationVersion, {
          lastAlteredMoved: lastAlteredMoved(w.news.destinationFingerprint.lastAltered, w.olds.destinationLastAltered),
        }).state
      : s.destination;
  return planAction(w.news.sync, { source, destination, configChanges: s.configChanges, retry: s.retry });
}

describe("drift decision (property)", () => {
  it("lazy confirmation decides as full knowledge of both histories, reading only what moved", async () => {
    await fc.assert(
      fc.asyncProperty(worldOf(anyEvent, false), async (w) => {
        const wh = warehouseOf(w);
        const lazy = await diffTable(wh, w.olds, w.news);
        const full = await fullKnowledge(w);
        expect(decision(lazy.action), `lazy: ${lazy.action.reason}; full: ${full.reason}`).toBe(decision(full));
        expect(lazy.changes).toBe(full.kind !== "none");
        // Only a side whose last_altered moved (or is not known) is read, at most once per confirmation.
        const s = screenDrift(w.olds, w.news);
        const candidates = [
          ...(s.source === "candidate" ? [objectSql(objectName(SOURCE))] : []),
          ...(s.destination === "candidate" ? [objectSql(objectName(DESTINATION))] : []),
        ];
        for (const name of wh.read) expect(candidates).toContain(name);
        expect(new Set(wh.read).size).toBe(lazy.confirmations);
      }),
      propertyRuns(1000),
    );
  });

  it("maintenance and grants on either side never make any mode write, but re-point a SHALLOW clone after a source VACUUM", async () => {
    await fc.assert(
      fc.asyncProperty(worldOf(maintenanceEvent, true), async (w) => {
        const lazy = await diffTable(warehouseOf(w), w.olds, w.news);
        const vacuumed = w.sourceEvents.some((e) => e.kind === "commit" && e.operation.startsWith("VACUUM"));
        if (w.news.cloneType === "SHALLOW" && vacuumed && w.news.sync !== "snapshot") {
          expect(lazy.action, lazy.action.reason).toMatchObject({ kind: "clone", label: "repaired", at: "current" });
        } else {
          expect(lazy.action.kind, lazy.action.reason).toBe("none");
        }
      }),
      propertyRuns(500),
    );
  });
});
