/**
 * `npm run demo`: seeds a realistic `prod` catalog in the embedded local warehouse, then brings up the
 * `dev_sandbox` (SHALLOW) and `qa` (DEEP, validated) stacks of the root program, then `prod_dr` (DEEP,
 * into a second workspace of the embedded account through Delta Sharing), with the Pulumi CLI
 * when it is on PATH, else with the stack harness (which says so). Prints each plan, the deployment
 * summary, the clone report, and the destination catalogs' tables with row counts.
 * Everything lives under `.demo/` (or $DEMO_DIR), recreated on every run.
 * The embedded engine and the harness are packages of this repository's workspaces, imported by name
 * (never from test/), so the demo needs nothing a published install would lack.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { resolveCatalogCloneArgs, planClone, reportTables, type CloneReport, type CrossWorkspaceReport, type TableReport } from "../../components";
import { discoverDestination, discoverSource } from "../../components/catalogClone/discovery";
import { describePlan } from "../../components/catalogClone/report";
import { describeVolumePlan } from "../../components/catalogClone/volumeChildren";
import { cloneSettingsFromStackConfig } from "../platform/stackArgs";
import { listTables } from "../../provider/sql/discovery";
import { quoteName } from "../../provider/sql/quote";
import { rowCounts } from "../../provider/sql/validation";
import { openLocalDriver } from "../../provider/warehouse/localDriver";
import { openLocalVolumeFiles } from "../../provider/warehouse/localVolumeFiles";
import type { Warehouse } from "../../provider/warehouse/warehouse";
import { readStatementLog } from "pulumi-uc-clone-local-warehouse";
import { HarnessStack, readProjectFile, readStackConfigFile, summaryText } from "pulumi-uc-clone-stack-harness";
import { seedProd } from "./seedProd";

const ROOT = path.resolve(__dirname, "../../..");
/** Where the demo keeps its warehouse and stack state (DEMO_DIR overrides, e.g. for tests). */
const DEMO = path.resolve(process.env.DEMO_DIR ?? path.join(ROOT, ".demo"));
const WAREHOUSE = path.join(DEMO, "warehouse");
const STACKS = ["dev_sandbox", "qa"];

const say = (line = "") => process.stdout.write(line + "\n");
const heading = (text: string) => say(`\n=== ${text} ${"=".repeat(Math.max(0, 76 - text.length))}`);

function pulumiOnPath(): boolean {
  return (process.env.PATH ?? "").split(path.delimiter).some((d) => d !== "" && fs.existsSync(path.join(d, "pulumi")));
}

/** The stack's settings, parsed exactly as the root program parses them (stackArgs.ts). */
function stackSettings(stack: string) {
  const project = readProjectFile(ROOT);
  const values = readStackConfigFile(ROOT, project.name, stack).values;
  return cloneSettingsFromStackConfig({ ...project.configDefaults, ...values }, { stack });
}

async function printPlan(wh: Warehouse, stack: string): Promise<void> {
  const settings = stackSettings(stack);
  const args = resolveCatalogCloneArgs(stack, settings.args);
  const plan = planClone(args, await discoverSource(wh, args.source.catalog), await discoverDestination(wh, args.destination.catalog));
  heading(`Plan for stack ${stack}: ${args.cloneType} clone, sync ${args.sync}${settings.protect ? ", protected" : ""}`);
  say(describePlan(plan) + describeVolumePlan(plan));
}

/** The throwaway file backend of the CLI path (its stacks and state live under the demo directory). */
const BACKEND_URL = `file://${path.join(DEMO, "pulumi-state")}`;

/** Stacks this run has selected (created) with the CLI. */
const selected = new Set<string>();

/** The stack output `report` (the summary), and the per-table rows rebuilt from the state's table resources (reportTables.ts). */
interface StackReport {
  report: CloneReport | undefined;
  tables: TableReport[];
}

/**
 * `pulumi up` with the real CLI from the repository root (where Pulumi.yaml is), against the file
 * backend. What the CLI needs that a user's shell may lack: the backend, a passphrase for the stack's
 * secrets (empty unless PULUMI_CONFIG_PASSPHRASE is set; the CLI refuses to prompt with
 * --non-interactive), and the warehouse, given as an absolute path (a relative one would also do: the
 * program and the provider resolve it against the project root).
 * Each CLI call costs a process start and a state load, so the stack is selected once, and the report
 * is read from the one `stack export` (the root stack's outputs), only when the caller uses it.
 */
function upWithPulumi(stack: string, wantReport = true): StackReport {
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: BACKEND_URL,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
    UC_LOCAL_WAREHOUSE: WAREHOUSE,
  };
  fs.mkdirSync(path.join(DEMO, "pulumi-state"), { recursive: true });
  const run = (args: string[], capture = false) => {
    const r = spawnSync("pulumi", args, { cwd: ROOT, env, encoding: "utf8", stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit" });
    if (r.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${r.status})`);
    return r.stdout;
  };
  if (!selected.has(stack)) run(["stack", "select", "--create", stack, "--non-interactive"]);
  selected.add(stack);
  run(["up", "--yes", "--skip-preview", "--non-interactive", "-s", stack]);
  if (!wantReport) return { report: undefined, tables: [] };
  const state = JSON.parse(run(["stack", "export", "-s", stack], true)) as {
    deployment: { resources?: { type: string; parent?: string; outputs?: Record<string, unknown> }[] };
  };
  const resources = state.deployment.resources ?? [];
  // The stack's outputs are the root stack resource's outputs (what `pulumi stack output` prints).
  const root = resources.find((r) => r.type === "pulumi:pulumi:Stack" && !r.parent);
  return { report: root?.outputs?.report as CloneReport | undefined, tables: reportTables(resources) };
}

/** The same with the test harness (real program, real dynamic-provider plugin, JSON state). */
async function upWithHarness(stack: string): Promise<StackReport> {
  const project = readProjectFile(ROOT);
  const file = readStackConfigFile(ROOT, project.name, stack);
  const harness = new HarnessStack({
    programDir: ROOT,
    stack,
    config: { ...project.configDefaults, ...file.values },
    statePath: path.join(DEMO, "harness-state", `${stack}.json`),
    log: (l) => (l.startsWith("[harness]") ? say(l) : undefined),
  });
  const summary = await harness.up();
  const report = summary.outputs.report as CloneReport | undefined;
  // The full report is printed below in a readable form; keep the summary short.
  say(summaryText({ ...summary, outputs: { destinationCatalog: summary.outputs.destinationCatalog, report: "(see below)" } }, stack));
  if (summary.failed) throw new Error(`up of stack ${stack} failed`);
  return { report, tables: reportTables(harness.resources()) };
}

function printReport(r: CloneReport): void {
  say(`Clone report ${r.source} → ${r.destination}:`);
  say(`  destination catalog: ${r.destinationCatalog.createdByStack ? "created by this stack" : r.destinationCatalog.adopted ? "adopted (existed before; never dropped)" : "?"}`);
  const { notCloned, retained, foreign, ...actions } = r.counts;
  say(
    `  tables: ${Object.entries(actions).map(([k, v]) => `${v} ${k}`).join(", ")}; ${notCloned} not cloned, ${retained} retained` +
      (foreign ? `, ${foreign} foreign (not created by this stack, left alone)` : ""),
  );
  say(`  bytes copied: ${r.bytesCopied.toLocaleString("en-US")}`);
  if (r.validation.validatedTables > 0) {
    say(`  validation: ${r.validation.validatedTables} tables validated, ${r.validation.mismatchedTables.length} mismatched` + (r.validation.gate ? ` (gate: ${r.validation.gate.verdict})` : ""));
  }
  if (r.volumes && r.volumes.registered > 0) say(`  volumes: ${r.volumes.registered} cloned, ${r.volumes.filesCopied} file(s) copied (${r.volumes.bytesCopied} bytes) this run`);
  if (r.governance) {
    const g = r.governance;
    say(`  governance: ${g.replayed.grants} grants, ${g.replayed.owners} owners, ${g.replayed.tags} tags, ${g.replayed.comments} comments replayed on ${g.securables} securables`);
    for (const u of g.unmappedPrincipals) say(`    unmapped principal ${u.principal} (${u.fate}): ${u.uses.slice(0, 2).join("; ")}${u.uses.length > 2 ? `; +${u.uses.length - 2} more` : ""}`);
  }
  if (r.definitions) say(`  views: ${r.definitions.views} cloned, ${r.definitions.viewsNotCloned} not cloned; functions: ${r.definitions.functions} cloned, ${r.definitions.functionsNotCloned} not cloned`);
  for (const s of r.skipped) say(`  skipped ${s.name} [${s.reason}]: ${s.detail}`);
}

async function printTables(wh: Warehouse, catalog: string): Promise<void> {
  const tables = await wh.execute(listTables(catalog));
  say(`Tables and views in ${catalog} (${tables.length}):`);
  if (tables.length === 0) return;
  const names = tables.map((t) => ({ catalog, schema: String(t.table_schema), name: String(t.table_name) }));
  const counts = new Map((await wh.execute(rowCounts(names.map((table) => ({ table }))))).map((r) => [Number(r.idx), r.row_count]));
  const cells: string[] = [];
  const nameWidth = Math.max(...names.map((t) => `${t.schema}.${t.name}`.length));
  tables.forEach((t, i) => {
    const kind = t.table_type === "MANAGED" ? "" : ` ${String(t.table_type).toLowerCase().replace(/_/g, " ")}`;
    cells.push(`${`${t.table_schema}.${t.table_name}`.padEnd(nameWidth)} ${String(counts.get(i)).padStart(5)} rows${kind}`);
  });
  const width = Math.max(...cells.map((c) => c.length)) + 3;
  for (let i = 0; i < cells.length; i += 2) say("  " + cells[i].padEnd(width) + (cells[i + 1] ?? ""));
}

/** The embedded account's second workspace (the DR region): a sibling directory of the demo warehouse. */
const DR_WAREHOUSE = path.join(DEMO, "dr");
const SHARING = /^(CREATE SHARE|CREATE RECIPIENT|GRANT|ALTER SHARE|CREATE CATALOG .* USING SHARE)/i;

/**
 * `prod_dr`: prod cloned into ANOTHER workspace (its own metastore) through Delta Sharing. The platform
 * team's recipient for the DR metastore exists already, so the stack reuses it; a second up sends no
 * sharing statement and clones nothing.
 */
async function disasterRecovery(wh: Warehouse, cli: boolean): Promise<void> {
  const dr = await openLocalDriver(DR_WAREHOUSE);
  const drMetastore = String((await dr.execute("SELECT current_metastore() AS m"))[0].m);
  heading("Cross-workspace disaster recovery: `pulumi up -s prod_dr` (prod → workspace dr, Delta Sharing)");
  await wh.execute(`CREATE RECIPIENT dr_region USING ID '${drMetastore}' COMMENT 'made by the platform team'`);
  say(`  the DR workspace's metastore: ${drMetastore}; its recipient dr_region already exists in prod's workspace`);
  const up = (cli ? upWithPulumi("prod_dr") : await upWithHarness("prod_dr")).report as unknown as Record<string, CrossWorkspaceReport | undefined> | undefined;
  for (const [target, r] of Object.entries(up ?? {})) {
    if (!r) continue;
    say(`Target ${target}:`);
    say(`  share: ${r.share?.name} (${r.share?.tables} tables, ${r.share?.createdByStack ? "created by this stack" : "existing"})`);
    say(`  recipient: ${r.recipient?.name} (${r.recipient?.reused ? "reused: existed before, never dropped by this stack" : "created by this stack"})`);
    say(`  shared catalog in the DR workspace: ${r.sharedCatalog?.name} (provider ${r.sharedCatalog?.provider}, read-only)`);
    for (const n of r.notShared) say(`  not shared: ${n.name}: ${n.reason}`);
    if (r.clone) printReport(r.clone);
  }
  heading("Second `pulumi up -s prod_dr`: nothing changed, so nothing is shared, granted or cloned");
  const before = [readStatementLog(WAREHOUSE).length, readStatementLog(DR_WAREHOUSE).length];
  if (cli) upWithPulumi("prod_dr", false);
  else await upWithHarness("prod_dr");
  const sent = [...readStatementLog(WAREHOUSE).slice(before[0]), ...readStatementLog(DR_WAREHOUSE).slice(before[1])].map((e) => e.statement);
  say(`  ${sent.length} statements on both workspaces, ${sent.filter((s) => SHARING.test(s)).length} sharing, ${sent.filter((s) => /\bCLONE\b/i.test(s)).length} CLONE`);
  heading("Destination catalog prod_dr (in workspace dr)");
  await printTables(dr, "prod_dr");
  await dr.close();
}

async function main(): Promise<void> {
  const started = Date.now();
  fs.rmSync(DEMO, { recursive: true, force: true });
  fs.mkdirSync(DEMO, { recursive: true });
  // The program and the provider plugin find the demo warehouse through the environment (no stack config edits).
  process.env.UC_LOCAL_WAREHOUSE = WAREHOUSE;
  // Through the library's local driver, as the provider opens it: discovery reads the engine's errors as WarehouseErrors.
  const wh = await openLocalDriver(WAREHOUSE);

  heading("Seeding prod in the embedded local warehouse (.demo/warehouse)");
  const seeded = await seedProd(wh, say, await openLocalVolumeFiles(WAREHOUSE));
  say(`  ${seeded.tables} tables, ${seeded.statements} statements`);

  const cli = pulumiOnPath();
  say(
    cli
      ? "\nThe pulumi CLI is on PATH: stacks run with `pulumi up` (file backend in .demo/pulumi-state)."
      : "\nThe pulumi CLI is not on PATH: stacks run with the TEST HARNESS pulumi-uc-clone-stack-harness (npm run stack),\n" +
          "which runs the real program and the real dynamic-provider plugin but is not the Pulumi engine.",
  );

  for (const stack of STACKS) {
    await printPlan(wh, stack);
    heading(`pulumi up -s ${stack}`);
    const { report } = cli ? upWithPulumi(stack) : await upWithHarness(stack);
    if (report) printReport(report);
  }

  heading("Second `pulumi up -s qa`: nothing drifted, so nothing is cloned");
  const before = readStatementLog(WAREHOUSE).length;
  if (cli) upWithPulumi("qa", false);
  else await upWithHarness("qa");
  const statements = readStatementLog(WAREHOUSE).slice(before).map((e) => e.statement);
  say(`  ${statements.length} statements, ${statements.filter((s) => /\bCLONE\b/i.test(s)).length} CLONE`);

  heading("A write lands in prod.sales.orders; `pulumi up -s qa` re-clones just that table");
  await wh.execute(`INSERT INTO ${quoteName("prod", "sales", "orders")} VALUES (100000, 'late order', 42.0, 'EU')`);
  const beforeDrift = readStatementLog(WAREHOUSE).length;
  const drifted = cli ? upWithPulumi("qa") : await upWithHarness("qa");
  const clones = readStatementLog(WAREHOUSE)
    .slice(beforeDrift)
    .map((e) => e.statement)
    .filter((s) => /\bCLONE\b/i.test(s));
  say(`  CLONE statements: ${clones.length} (${clones.map((s) => /TABLE\s+(\S+)/i.exec(s)?.[1] ?? "?").join(", ")})`);
  const orders = drifted.tables.find((t) => t.name === "sales.orders");
  if (orders) say(`  sales.orders: ${orders.action} (${orders.reason})`);

  heading("Personal data: prod.hr.employee_pii as qa holds it (masked by the statement that wrote it; every version)");
  for (const r of await wh.execute(`SELECT id, email, full_name, ssn FROM ${quoteName("qa", "hr", "employee_pii")} ORDER BY id`)) {
    say(`  ${r.id}  ${r.email}  ${r.full_name}  ${r.ssn}`);
  }

  heading("Protected table: qa.hr.contacts_restricted carries prod's row filter and column mask");
  for (const r of await wh.execute(`SELECT table_name, filter_catalog, filter_schema, filter_name FROM ${quoteName("qa", "information_schema", "row_filters")} WHERE schema_name = 'hr'`)) {
    say(`  row filter on ${r.table_name}: ${r.filter_catalog}.${r.filter_schema}.${r.filter_name}`);
  }
  for (const r of await wh.execute(`SELECT table_name, column_name, mask_catalog, mask_schema, mask_name FROM ${quoteName("qa", "information_schema", "column_masks")} WHERE schema_name = 'hr'`)) {
    say(`  mask on ${r.table_name}.${r.column_name}: ${r.mask_catalog}.${r.mask_schema}.${r.mask_name}`);
  }

  for (const catalog of STACKS) {
    heading(`Destination catalog ${catalog}`);
    await printTables(wh, catalog);
  }

  await disasterRecovery(wh, cli);
  await wh.close();
  heading(`Done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  // Paths relative to the repository root (where these commands run; the warehouse path is resolved
  // against the project root by the program and the provider alike).
  const warehouse = path.relative(ROOT, WAREHOUSE);
  say(`Explore the data:   npm run sql -- --warehouse ${warehouse} "SELECT * FROM qa.sales.orders LIMIT 5"`);
  const passphrase = process.env.PULUMI_CONFIG_PASSPHRASE === undefined ? "PULUMI_CONFIG_PASSPHRASE= " : "";
  // Through npm scripts, so the project's Node 22 is first on PATH (the CLI and the harness run `node` from PATH).
  say(
    cli
      ? `Tear down:          PULUMI_BACKEND_URL=${BACKEND_URL} ${passphrase}UC_LOCAL_WAREHOUSE=${warehouse} npm run -s pulumi -- destroy -s qa --yes`
      : `Tear down:          UC_LOCAL_WAREHOUSE=${warehouse} npm run -s stack -- destroy --stack qa --state ${path.relative(ROOT, path.join(DEMO, "harness-state", "qa.json"))}`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
