#!/usr/bin/env node
/**
 * `pulumi-uc-clone-reap [--yes] [--now ISO] [--cwd DIR] [--state DIR] [--project NAME] [--pr-prefix pr_] [--local-path DIR]`
 * (`npm run reap -- ...`): lists the clones this tool owns (catalog tag `catalog_clone_owner`) whose
 * expiry (tag `catalog_clone_expires_at`, from a stack's `ttl`) has passed, and with `--yes` removes them.
 * Dry run by default: nothing is written without `--yes`. Only PR preview stacks' derived catalogs are
 * ever removed (`--pr-prefix`: the preset's destinationPrefix, default pr_); anything else carrying an
 * expiry, and any stack whose state shows protected resources, is kept and listed with the reason
 * (expiredClones.ts, reapRoute.ts).
 *
 * Each expired clone is removed through its stack when the stack's state is reachable from `--cwd` (the
 * project directory, default the current one): `pulumi destroy` with the Pulumi CLI, or the test
 * harness's destroy with `--state DIR` (reapThroughStack.ts); otherwise by its markers alone
 * (reapByMarkers.ts), which drops only what the markers prove the stack created and keeps every
 * foreign object (and the containers holding one), listing what it kept and why.
 *
 * The clock is `--now`, else CATALOG_CLONE_NOW, else the system's. The warehouse is chosen as the
 * provider chooses it, from the environment (UC_LOCAL_WAREHOUSE, or DATABRICKS_HOST + token +
 * DATABRICKS_WAREHOUSE_ID ...), or `--local-path`. Exit: 0 done (or dry run), 1 a removal failed, 2 bad usage.
 */
import * as path from "path";
import { listOwnedCatalogTags, type OwnedCatalogTagRow } from "../../provider/sql/ownedCatalogTags";
import { OWNER_TAG } from "../../provider/resources/ownership";
import { processRuntime } from "../../provider/resources/runtime";
import { currentTime, EXPIRY_TAG, parseTimestamp } from "../../provider/vocabulary/expiry";
import type { ConnectionRef } from "../../provider/resources/connectionRef";
import { expiryListing, type OwnedClone } from "./expiredClones";
import { reapByMarkers, type RemovalOutcome } from "./reapByMarkers";
import { keptByDestroy, readStackState, stackDestroyerFor, type StackLocation } from "./reapThroughStack";
import { reapRoute } from "./reapRoute";
import { DEFAULT_PR_PREFIX, prefixSchema } from "../prStackName";
import { catalogExists } from "../../provider/resources/catalog/lifecycle";

export const REAP_USAGE =
  "usage: pulumi-uc-clone-reap [--yes] [--now 2026-01-31T12:00:00Z] [--cwd PROJECT_DIR] [--state HARNESS_STATE_DIR] [--project NAME] [--pr-prefix pr_] [--local-path DIR]\n" +
  "  Lists clones this tool owns whose ttl has passed; --yes removes them (through their stack when its state is reachable, else by markers).";

interface ReapOptions {
  apply: boolean;
  now: Date;
  location: StackLocation;
  project: string | undefined;
  /** The PR preset's destinationPrefix: a PR stack's catalog is this plus the rest of its name. */
  prefix: string;
  connection: ConnectionRef | undefined;
}

/** Parses the arguments; a string is a usage error. */
function parseArgs(argv: string[], env: NodeJS.ProcessEnv): ReapOptions | string {
  let apply = false;
  let now: string | undefined;
  let cwd = process.cwd();
  let stateDir: string | undefined;
  let project: string | undefined;
  let localPath: string | undefined;
  let prefix = DEFAULT_PR_PREFIX;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = (): string => {
      const v = inline !== undefined ? inline : argv[++i];
      if (v === undefined || v === "") throw new Error(`${flag} needs a value`);
      return v;
    };
    try {
      if (flag === "--yes" || flag === "-y") apply = true;
      else if (flag === "--now") now = value();
      else if (flag === "--cwd" || flag === "-C") cwd = path.resolve(value());
      else if (flag === "--state") stateDir = path.resolve(value());
      else if (flag === "--project") project = value();
      else if (flag === "--pr-prefix") {
        const parsed = prefixSchema.safeParse(value());
        if (!parsed.success) return `--pr-prefix: ${parsed.error.issues[0].message}\n${REAP_USAGE}`;
        prefix = parsed.data;
      }
      else if (flag === "--local-path") localPath = path.resolve(value());
      else if (flag === "--help" || flag === "-h") return REAP_USAGE;
      else return `unknown argument ${argv[i]}\n${REAP_USAGE}`;
    } catch (err) {
      return `${(err as Error).message}\n${REAP_USAGE}`;
    }
  }
  let clock: Date;
  try {
    clock = now !== undefined ? parseTimestamp(now, "--now") : currentTime(env);
  } catch (err) {
    return (err as Error).message;
  }
  return {
    apply,
    now: clock,
    location: { cwd, stateDir, env },
    project,
    prefix,
    connection: localPath !== undefined ? { kind: "local", path: localPath } : undefined,
  };
}

/** Lines for one clone's outcome. */
function outcomeLines(o: RemovalOutcome, apply: boolean): string[] {
  return [
    ...o.removed.map((r) => `    ${apply ? "removed" : "would remove"}: ${r}`),
    ...o.kept.map((k) => `    ${apply ? "kept" : "would keep"}: ${k}`),
  ];
}

/** Removes (or plans the removal of) one clone; returns whether it went as it should. */
async function reapOne(clone: OwnedClone, opts: ReapOptions, out: (t: string) => void): Promise<boolean> {
  const wh = await processRuntime().warehouseFor(opts.connection);
  const destroyer = stackDestroyerFor(clone, opts.location);
  const route = reapRoute(clone.owner, destroyer !== undefined, readStackState(clone, opts.location));
  const via = route.via === "keep" ? "nothing (kept)" : destroyer ? destroyer.describe : "markers (stack state not reachable from here)";
  out(`  ${clone.catalog}  stack ${clone.owner}  expired ${clone.expiresAt}  via ${via}`);
  if (route.via === "keep") {
    out(`    ${opts.apply ? "kept" : "would keep"}: catalog ${clone.catalog} and everything in it: ${route.reason}`);
    return true;
  }
  if (route.via === "markers" || !destroyer) {
    const o = await reapByMarkers(wh, clone, opts.apply);
    for (const l of outcomeLines(o, opts.apply)) out(l);
    return true;
  }
  if (!opts.apply) return true;
  // The destroy runs in its own processes; this one must not hold the embedded warehouse meanwhile.
  await processRuntime().close();
  const r = destroyer.run();
  if (!r.ok) {
    out(`    FAILED: the destroy of ${clone.owner} failed; nothing else was tried (the stack's state still holds what is left). Its output:`);
    for (const l of r.output.trim().split("\n").slice(-20)) out(`      ${l}`);
    return false;
  }
  const kept = keptByDestroy(r.output);
  const stillThere = await catalogExists(await processRuntime().warehouseFor(opts.connection), clone.catalog);
  out(`    removed: what stack ${clone.owner} created${stillThere ? "" : ` (catalog ${clone.catalog} is gone)`}`);
  for (const k of kept) out(`    kept: ${k}`);
  if (stillThere && kept.length === 0) out(`    kept: catalog ${clone.catalog} (the destroy left it in place; see the stack's output)`);
  return true;
}

/** Runs the command; resolves with the exit code. */
export async function runReap(argv: string[], out: (t: string) => void = (t) => process.stdout.write(t + "\n"), env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const opts = parseArgs(argv, env);
  if (typeof opts === "string") {
    out(opts);
    return opts === REAP_USAGE ? 0 : 2;
  }
  try {
    const wh = await processRuntime().warehouseFor(opts.connection);
    const rows = (await wh.execute(listOwnedCatalogTags(OWNER_TAG, EXPIRY_TAG))) as unknown as OwnedCatalogTagRow[];
    const listing = expiryListing(rows, opts.now, opts.project, opts.prefix);
    const mode = opts.apply ? "removing" : "dry run, nothing is changed; --yes removes";
    out(`reap at ${opts.now.toISOString()} (${mode}): ${listing.expired.length} expired clone(s); ${listing.notExpired.length} owned clone(s) not expired.`);
    for (const k of listing.kept) out(`  kept ${k.catalog}: ${k.reason}`);
    let ok = true;
    for (const clone of listing.expired) ok = (await reapOne(clone, opts, out)) && ok;
    return ok ? 0 : 1;
  } finally {
    await processRuntime().close();
  }
}

if (require.main === module) {
  runReap(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: Error) => {
      process.stderr.write(`pulumi-uc-clone-reap: ${e.message}\n`);
      process.exit(1);
    },
  );
}
