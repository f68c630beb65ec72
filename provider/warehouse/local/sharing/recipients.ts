/**
 * Delta Sharing recipients (reference §5): `CREATE RECIPIENT [IF NOT EXISTS] r [USING ID '<cloud>:<region>:<uuid>'
 * | USING ID '<uuid>'] [COMMENT '...'] [PROPERTIES (...)]`, `DROP RECIPIENT [IF EXISTS] r`,
 * `SHOW RECIPIENTS [[LIKE] 'p']` (name, created_at, created_by, comment) and `DESCRIBE RECIPIENT r`
 * (info_name, info_value rows). With USING ID the recipient is Databricks-to-Databricks (DATABRICKS),
 * without it an open-sharing TOKEN recipient.
 */
import type { Row } from "../row";
import type { StatementHandler } from "../engineContext";
import type { RecipientEntry } from "../metastore/model";
import { StatementCursor, startsWithWords } from "../frontEnd/statementCursor";
import { resolveSecurable } from "../governance/securables";
import { invalidParameter, objectAlreadyExists, objectNotFound, ucError } from "../errors/governanceErrors";
import { showPatternMatcher } from "../statements/functions";
import { metastoreUuid } from "../metastore/accountWorkspaces";

export const createRecipientStatement: StatementHandler = {
  name: "CREATE RECIPIENT",
  matches: (t) => startsWithWords(t, "CREATE", "RECIPIENT"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("CREATE", "RECIPIENT");
    const ifNotExists = cur.acceptWords("IF", "NOT", "EXISTS");
    const name = cur.identifier().toLowerCase();
    let sharingIdentifier = "";
    let comment: string | null = null;
    let properties: Record<string, string> = {};
    for (;;) {
      if (cur.acceptWords("USING", "ID")) sharingIdentifier = cur.string().trim();
      else if (cur.acceptWords("COMMENT")) comment = cur.string();
      else if (cur.acceptWords("PROPERTIES")) properties = cur.propertyList();
      else break;
    }
    cur.expectEnd();
    if (sharingIdentifier && !/^([a-z0-9-]+:[a-z0-9-]+:)?[0-9a-f-]{8,}$/i.test(sharingIdentifier)) {
      throw invalidParameter(`'${sharingIdentifier}' is not a sharing identifier; expected <cloud>:<region>:<metastore uuid> (the recipient's current_metastore()).`);
    }
    await ctx.mutateMeta((doc) => {
      if (doc.recipients[name]) {
        if (ifNotExists) return;
        throw objectAlreadyExists("RECIPIENT", name);
      }
      if (sharingIdentifier) {
        const target = metastoreUuid(sharingIdentifier);
        // GUESS (reference §5): Databricks refuses a D2D recipient for the provider's own metastore.
        if (target === metastoreUuid(doc.metastoreId)) {
          throw invalidParameter(`Recipient ${name} targets this workspace's own metastore (${doc.metastoreId}); Delta Sharing needs a different metastore.`);
        }
        // GUESS (reference §5): one recipient per target metastore; grant more shares to the existing one.
        const dup = Object.values(doc.recipients).find((r) => r.sharingIdentifier && metastoreUuid(r.sharingIdentifier) === target);
        if (dup) {
          throw ucError(
            "RECIPIENT_ALREADY_EXISTS",
            `Recipient ${dup.name} already exists for sharing identifier '${sharingIdentifier}'. Grant shares to ${dup.name} instead of creating another recipient for the same metastore.`,
            "42710",
          );
        }
      }
      const now = Date.now();
      const entry: RecipientEntry = {
        name, sharingIdentifier, properties, owner: ctx.currentUser, comment, tags: {}, grants: [],
        createdAt: now, createdBy: ctx.currentUser, lastAltered: now, lastAlteredBy: ctx.currentUser,
      };
      doc.recipients[name] = entry;
    });
    return [];
  },
};

export const dropRecipientStatement: StatementHandler = {
  name: "DROP RECIPIENT",
  matches: (t) => startsWithWords(t, "DROP", "RECIPIENT"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("DROP", "RECIPIENT");
    const ifExists = cur.acceptWords("IF", "EXISTS");
    const name = cur.identifier().toLowerCase();
    cur.expectEnd();
    await ctx.mutateMeta((doc) => {
      if (!doc.recipients[name]) {
        if (ifExists) return;
        throw objectNotFound("RECIPIENT", name);
      }
      delete doc.recipients[name];
      doc.shareGrants = doc.shareGrants.filter((g) => g.recipient !== name);
    });
    return [];
  },
};

export const showRecipientsStatement: StatementHandler = {
  name: "SHOW RECIPIENTS",
  matches: (t) => startsWithWords(t, "SHOW", "RECIPIENTS"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.expectWords("SHOW", "RECIPIENTS");
    cur.acceptWords("LIKE");
    const match = showPatternMatcher(cur.atEnd() ? undefined : cur.string());
    cur.expectEnd();
    return Object.values(ctx.readMeta().recipients)
      .filter((r) => match(r.name))
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((r) => ({ name: r.name, created_at: new Date(r.createdAt), created_by: r.createdBy, comment: r.comment }));
  },
};

/** DESCRIBE RECIPIENT rows (info_name, info_value), as in the Databricks documentation example. */
export function describeRecipientRows(r: RecipientEntry): Row[] {
  const pairs: [string, string | null][] = [["recipient_name", r.name]];
  const d2d = r.sharingIdentifier !== "";
  if (!d2d) pairs.push(["recipient_id", r.name]);
  pairs.push(
    ["authentication_type", d2d ? "DATABRICKS" : "TOKEN"],
    ["owner", r.owner],
    ["created_by", r.createdBy],
    ["create_at", new Date(r.createdAt).toISOString()],
    ["updated_by", r.lastAlteredBy],
    ["updated_at", new Date(r.lastAltered).toISOString()],
    ["comment", r.comment],
  );
  if (d2d) {
    const parts = r.sharingIdentifier.split(":");
    pairs.push(["cloud", parts.length === 3 ? parts[0] : null], ["region", parts.length === 3 ? parts[1] : null], ["metastore_id", parts[parts.length - 1]]);
  }
  for (const [k, v] of Object.entries(r.properties)) pairs.push([`property.${k}`, v]);
  return pairs.map(([info_name, info_value]) => ({ info_name, info_value }));
}

export const describeRecipientStatement: StatementHandler = {
  name: "DESCRIBE RECIPIENT",
  matches: (t) => startsWithWords(t, "DESCRIBE", "RECIPIENT") || startsWithWords(t, "DESC", "RECIPIENT"),
  async run(ctx, tokens, sql) {
    const cur = new StatementCursor(tokens, sql);
    cur.acceptOneOf("DESCRIBE", "DESC");
    cur.expectWords("RECIPIENT");
    const name = cur.identifier().toLowerCase();
    cur.expectEnd();
    return describeRecipientRows(resolveSecurable(ctx, ctx.readMeta(), "RECIPIENT", [name]).entry as RecipientEntry);
  },
};

export const recipientStatements: StatementHandler[] = [createRecipientStatement, dropRecipientStatement, showRecipientsStatement, describeRecipientStatement];
