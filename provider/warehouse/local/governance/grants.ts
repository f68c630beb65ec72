/**
 * GRANT / REVOKE / SHOW GRANTS on Unity Catalog securables (reference §4.1-4.2), including
 * `GRANT SELECT ON SHARE s TO RECIPIENT r` and `SHOW GRANTS TO RECIPIENT r` (Delta Sharing).
 */
import type { Row } from "../row";
import type { EngineContext, StatementHandler } from "../engineContext";
import type { Token } from "../frontEnd/lexer";
import type { Grant, MetastoreDocument } from "../metastore/model";
import { StatementCursor, startsWithWords } from "../frontEnd/statementCursor";
import { ancestorsOf, readSecurableType, resolveSecurable, touch, type ResolvedSecurable, type SecurableType } from "./securables";
import { invalidParameter, objectNotFound } from "../errors/governanceErrors";

/** Privileges each securable type accepts (SQL spelling, spaces). `ALL PRIVILEGES` is always accepted. */
const APPLICABLE: Record<SecurableType, ReadonlySet<string>> = {
  METASTORE: new Set([
    "CREATE CATALOG", "CREATE SHARE", "CREATE RECIPIENT", "CREATE PROVIDER", "USE PROVIDER", "USE SHARE", "USE RECIPIENT",
    "SET SHARE PERMISSION", "CREATE EXTERNAL LOCATION", "CREATE STORAGE CREDENTIAL", "CREATE CONNECTION", "MANAGE ALLOWLIST",
    "USE MARKETPLACE ASSETS", "CREATE CLEAN ROOM",
  ]),
  CATALOG: new Set([
    "USE CATALOG", "USE SCHEMA", "CREATE SCHEMA", "CREATE TABLE", "CREATE FUNCTION", "CREATE VOLUME", "CREATE MATERIALIZED VIEW",
    "CREATE MODEL", "SELECT", "MODIFY", "READ VOLUME", "WRITE VOLUME", "EXECUTE", "APPLY TAG", "BROWSE", "MANAGE", "REFRESH",
    "CREATE FOREIGN CATALOG", "EXTERNAL USE SCHEMA",
  ]),
  SCHEMA: new Set([
    "USE SCHEMA", "CREATE TABLE", "CREATE FUNCTION", "CREATE VOLUME", "CREATE MATERIALIZED VIEW", "CREATE MODEL", "SELECT",
    "MODIFY", "READ VOLUME", "WRITE VOLUME", "EXECUTE", "APPLY TAG", "MANAGE", "REFRESH", "EXTERNAL USE SCHEMA",
  ]),
  TABLE: new Set(["SELECT", "MODIFY", "APPLY TAG", "MANAGE", "REFRESH"]),
  FUNCTION: new Set(["EXECUTE", "APPLY TAG", "MANAGE"]),
  VOLUME: new Set(["READ VOLUME", "WRITE VOLUME", "APPLY TAG", "MANAGE"]),
  SHARE: new Set(["SELECT", "MANAGE", "SET SHARE PERMISSION"]),
  RECIPIENT: new Set(["MANAGE", "USE RECIPIENT"]),
};

/**
 * Normalises a privilege as written (`use_catalog`, `Use Catalog`, `ALL`) to the SQL spelling
 * SHOW GRANTS prints (`USE CATALOG`, `ALL PRIVILEGES`). GUESS: SQL output uses spaces (reference §3.5).
 */
export function normalizePrivilege(raw: string): string {
  const p = raw.replace(/_/g, " ").replace(/\s+/g, " ").trim().toUpperCase();
  if (p === "ALL") return "ALL PRIVILEGES";
  if (p === "USAGE") return "USE SCHEMA"; // legacy Hive spelling, accepted by Databricks on schemas
  return p;
}

/** Reads `priv [, priv]*` up to ON; each privilege is one or more words. */
function readPrivileges(cur: StatementCursor): string[] {
  const out: string[] = [];
  for (;;) {
    const words: string[] = [];
    while (!cur.atEnd() && !cur.isWords("ON") && !cur.isPunct(",")) {
      const t = cur.peek()!;
      if (t.kind !== "word") throw cur.fail("a privilege");
      words.push(t.value);
      cur.acceptWords(t.value);
    }
    if (words.length === 0) throw cur.fail("a privilege");
    out.push(normalizePrivilege(words.join(" ")));
    if (!cur.acceptPunct(",")) break;
  }
  return out;
}

function checkApplicable(privs: string[], target: ResolvedSecurable | { type: "METASTORE"; key: string }): void {
  for (const p of privs) {
    if (p === "ALL PRIVILEGES") continue;
    const ok = APPLICABLE[target.type].has(p) && !(target.type === "TABLE" && "isView" in target && target.isView && p === "MODIFY");
    if (!ok) {
      throw invalidParameter(
        `Privilege ${p} is not applicable to this entity [${target.type} ${target.key}]. Use one of: ALL PRIVILEGES, ${[...APPLICABLE[target.type]].join(", ")}.`,
      );
    }
  }
}

interface GrantTarget {
  type: SecurableType;
  parts: string[];
}

function readTarget(cur: StatementCursor): GrantTarget {
  cur.expectWords("ON");
  const type = readSecurableType(cur);
  return { type, parts: type === "METASTORE" ? [] : cur.nameParts() };
}

/** The grant list of a target inside `doc` (metastore grants live at the document root). */
function grantListOf(ctx: EngineContext, doc: MetastoreDocument, target: GrantTarget): { list: Grant[]; resolved: ResolvedSecurable | null; key: string } {
  if (target.type === "METASTORE") return { list: doc.metastoreGrants, resolved: null, key: doc.metastoreId };
  const resolved = resolveSecurable(ctx, doc, target.type, target.parts);
  return { list: resolved.entry.grants, resolved, key: resolved.key };
}

async function grantOrRevoke(ctx: EngineContext, tokens: readonly Token[], sql: string, revoke: boolean): Promise<Row[]> {
  const cur = new StatementCursor(tokens, sql);
  cur.expectWords(revoke ? "REVOKE" : "GRANT");
  const privileges = readPrivileges(cur);
  const target = readTarget(cur);
  cur.expectWords(revoke ? "FROM" : "TO");
  const toRecipient = cur.acceptWords("RECIPIENT");
  const principal = cur.principal();
  cur.expectEnd();

  await ctx.mutateMeta((doc) => {
    if (toRecipient) {
      // Delta Sharing: the only share privilege for a recipient is SELECT.
      if (target.type !== "SHARE") throw invalidParameter("Recipients can only be granted privileges on a SHARE.");
      if (privileges.some((p) => p !== "SELECT" && p !== "ALL PRIVILEGES")) throw invalidParameter("Only SELECT can be granted on a share to a recipient.");
      const share = resolveSecurable(ctx, doc, "SHARE", target.parts);
      const recipient = principal.toLowerCase();
      if (!doc.recipients[recipient]) throw objectNotFound("RECIPIENT", recipient);
      const has = doc.shareGrants.some((g) => g.share === share.key && g.recipient === recipient);
      if (revoke) doc.shareGrants = doc.shareGrants.filter((g) => !(g.share === share.key && g.recipient === recipient));
      else if (!has) doc.shareGrants.push({ share: share.key, recipient });
      touch(share.entry, ctx);
      touch(doc.recipients[recipient], ctx);
      return;
    }
    const { list, resolved, key } = grantListOf(ctx, doc, target);
    checkApplicable(privileges, resolved ?? { type: "METASTORE", key });
    if (revoke) {
      // REVOKE of a privilege not held succeeds silently; REVOKE ALL PRIVILEGES removes every privilege of the principal.
      // GUESS: Databricks' REVOKE ALL also drops individually granted privileges.
      const all = privileges.includes("ALL PRIVILEGES");
      const kept = list.filter((g) => g.principal !== principal || (!all && !privileges.includes(g.privilege)));
      list.splice(0, list.length, ...kept);
    } else {
      for (const p of privileges) {
        if (!list.some((g) => g.principal === principal && g.privilege === p)) list.push({ principal, privilege: p });
      }
    }
    if (resolved) touch(resolved.entry, ctx);
  });
  return [];
}

/** `GRANT privs ON securable TO principal` / `GRANT SELECT ON SHARE s TO RECIPIENT r`. */
export const grantStatement: StatementHandler = {
  name: "GRANT",
  matches: (t) => startsWithWords(t, "GRANT"),
  run: (ctx, tokens, sql) => grantOrRevoke(ctx, tokens, sql, false),
};

/** `REVOKE privs ON securable FROM principal` / `REVOKE SELECT ON SHARE s FROM RECIPIENT r`. */
export const revokeStatement: StatementHandler = {
  name: "REVOKE",
  matches: (t) => startsWithWords(t, "REVOKE"),
  run: (ctx, tokens, sql) => grantOrRevoke(ctx, tokens, sql, true),
};

const sortGrants = (a: Grant, b: Grant) => a.principal.localeCompare(b.principal) || a.privilege.localeCompare(b.privilege);

/**
 * SHOW GRANTS rows for a securable: its own grants, then those inherited from its schema and catalog
 * (reference §4.1: inherited grants appear with the ancestor's ObjectType/ObjectKey).
 * Columns: Principal, ActionType, ObjectType, ObjectKey.
 */
export function showGrantRows(doc: MetastoreDocument, s: ResolvedSecurable, principal?: string): Row[] {
  const rows: Row[] = [];
  for (const level of [s, ...ancestorsOf(doc, s)]) {
    for (const g of [...level.entry.grants].sort(sortGrants)) {
      if (principal !== undefined && g.principal !== principal) continue;
      rows.push({ Principal: g.principal, ActionType: g.privilege, ObjectType: level.type, ObjectKey: level.key });
    }
  }
  return rows;
}

/**
 * `SHOW GRANTS [principal] ON securable` (Principal, ActionType, ObjectType, ObjectKey),
 * `SHOW GRANTS ON SHARE s` (recipient, actionType, objectType, objectKey) and
 * `SHOW GRANTS TO RECIPIENT r` (share, privilege). `GRANT` is accepted for `GRANTS`.
 */
export const showGrantsStatement: StatementHandler = {
  name: "SHOW GRANTS",
  matches: (t) => startsWithWords(t, "SHOW", "GRANTS") || startsWithWords(t, "SHOW", "GRANT"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("SHOW");
    cur.acceptOneOf("GRANTS", "GRANT");
    const doc = ctx.readMeta();
    if (cur.acceptWords("TO", "RECIPIENT")) {
      const recipient = cur.identifier().toLowerCase();
      cur.expectEnd();
      if (!doc.recipients[recipient]) throw objectNotFound("RECIPIENT", recipient);
      return doc.shareGrants
        .filter((g) => g.recipient === recipient)
        .map((g) => g.share)
        .sort()
        .map((share) => ({ share, privilege: "SELECT" }));
    }
    const principal = cur.isWords("ON") ? undefined : cur.principal();
    const target = readTarget(cur);
    cur.expectEnd();
    if (target.type === "METASTORE") {
      return [...doc.metastoreGrants]
        .sort(sortGrants)
        .filter((g) => principal === undefined || g.principal === principal)
        .map((g) => ({ Principal: g.principal, ActionType: g.privilege, ObjectType: "METASTORE", ObjectKey: doc.metastoreId }));
    }
    const resolved = resolveSecurable(ctx, doc, target.type, target.parts);
    if (resolved.type === "SHARE") {
      const recipientRows = doc.shareGrants
        .filter((g) => g.share === resolved.key && (principal === undefined || g.recipient === principal.toLowerCase()))
        .map((g) => g.recipient)
        .sort()
        .map((recipient) => ({ recipient, actionType: "SELECT", objectType: "SHARE", objectKey: resolved.key }));
      return recipientRows;
    }
    return showGrantRows(doc, resolved, principal);
  },
};

export const grantStatements: StatementHandler[] = [grantStatement, revokeStatement, showGrantsStatement];
