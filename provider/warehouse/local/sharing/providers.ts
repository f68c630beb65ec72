/**
 * Delta Sharing, consumer side: providers. A provider is a sibling workspace of the account whose
 * metastore granted at least one share to a recipient whose sharing identifier is this workspace's
 * metastore. Provider names are deterministic: the provider workspace's directory name, lower case
 * (Databricks names auto-created D2D providers after the providing organisation).
 * `SHOW PROVIDERS [[LIKE] 'p']` (name, comment), `DESCRIBE PROVIDER p` (info_name, info_value),
 * `SHOW SHARES IN PROVIDER p [[LIKE] 'p']` (name).
 */
import type { AccountWorkspace, EngineContext, StatementHandler } from "../engineContext";
import type { RecipientEntry, ShareEntry } from "../metastore/model";
import { StatementCursor, startsWithWords } from "../frontEnd/statementCursor";
import { objectNotFound } from "../errors/governanceErrors";
import { showPatternMatcher } from "../statements/functions";
import { accountWorkspaces, metastoreUuid } from "../metastore/accountWorkspaces";

/** A provider as this workspace sees it. */
export interface SharingProvider {
  /** Provider name on this (consumer) side: the provider workspace's directory name, lower case. */
  name: string;
  workspace: AccountWorkspace;
  /** The provider's recipient object standing for this metastore. */
  recipient: RecipientEntry;
  /** Shares the provider granted to that recipient, by name. */
  shares: ShareEntry[];
}

/** Every provider that shares something with this workspace, sorted by name. */
export function sharingProviders(ctx: EngineContext): SharingProvider[] {
  const mine = metastoreUuid(ctx.metastoreId);
  const out: SharingProvider[] = [];
  for (const ws of accountWorkspaces(ctx)) {
    if (metastoreUuid(ws.metastoreId) === mine) continue;
    const doc = ws.readMeta();
    for (const r of Object.values(doc.recipients)) {
      if (!r.sharingIdentifier || metastoreUuid(r.sharingIdentifier) !== mine) continue;
      const shares = doc.shareGrants
        .filter((g) => g.recipient === r.name && doc.shares[g.share])
        .map((g) => doc.shares[g.share])
        .sort((a, b) => a.name.localeCompare(b.name));
      if (shares.length > 0) out.push({ name: ws.name.toLowerCase(), workspace: ws, recipient: r, shares });
      break; // one recipient per target metastore
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The provider named `name`; PROVIDER_NOT_FOUND when no sibling workspace shares with this one under that name. */
export function requireProvider(ctx: EngineContext, name: string): SharingProvider {
  const p = sharingProviders(ctx).find((x) => x.name === name.toLowerCase());
  if (!p) throw objectNotFound("PROVIDER", name.toLowerCase());
  return p;
}

export const showProvidersStatement: StatementHandler = {
  name: "SHOW PROVIDERS",
  matches: (t) => startsWithWords(t, "SHOW", "PROVIDERS"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("SHOW", "PROVIDERS");
    cur.acceptWords("LIKE");
    const match = showPatternMatcher(cur.atEnd() ? undefined : cur.string());
    cur.expectEnd();
    return sharingProviders(ctx)
      .filter((p) => match(p.name))
      .map((p) => ({ name: p.name, comment: null }));
  },
};

export const describeProviderStatement: StatementHandler = {
  name: "DESCRIBE PROVIDER",
  matches: (t) => startsWithWords(t, "DESCRIBE", "PROVIDER") || startsWithWords(t, "DESC", "PROVIDER"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.acceptOneOf("DESCRIBE", "DESC");
    cur.expectWords("PROVIDER");
    const p = requireProvider(ctx, cur.identifier());
    cur.expectEnd();
    // GUESS: field names modelled on DESCRIBE RECIPIENT.
    const pairs: [string, string | null][] = [
      ["provider_name", p.name],
      ["authentication_type", "DATABRICKS"],
      ["data_provider_global_metastore_id", p.workspace.metastoreId],
      ["comment", null],
    ];
    return pairs.map(([info_name, info_value]) => ({ info_name, info_value }));
  },
};

export const showSharesInProviderStatement: StatementHandler = {
  name: "SHOW SHARES IN PROVIDER",
  matches: (t) => startsWithWords(t, "SHOW", "SHARES", "IN", "PROVIDER"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("SHOW", "SHARES", "IN", "PROVIDER");
    const p = requireProvider(ctx, cur.identifier());
    cur.acceptWords("LIKE");
    const match = showPatternMatcher(cur.atEnd() ? undefined : cur.string());
    cur.expectEnd();
    return p.shares.filter((s) => match(s.name)).map((s) => ({ name: s.name }));
  },
};

export const providerStatements: StatementHandler[] = [showProvidersStatement, describeProviderStatement, showSharesInProviderStatement];
