/** GRANT / REVOKE / SHOW GRANTS. Principals (users, groups, service principals) are backtick-quoted identifiers. */
import { quoteIdent } from "./quote";
import { securableSql, type Securable } from "./securable";

/**
 * Normalizes a privilege to SQL spelling: upper case, `_` → space (`use_schema` → `USE SCHEMA`).
 * Throws on anything that is not words of letters, so privileges cannot carry SQL.
 */
export function normalizePrivilege(privilege: string): string {
  const p = privilege.trim().toUpperCase().replace(/[_\s]+/g, " ");
  if (!/^[A-Z]+( [A-Z]+)*$/.test(p)) throw new Error(`Invalid privilege ${JSON.stringify(privilege)}: expected words such as SELECT or USE SCHEMA.`);
  return p;
}

function privilegeList(privileges: readonly string[]): string {
  if (privileges.length === 0) throw new Error("At least one privilege is required.");
  return [...new Set(privileges.map(normalizePrivilege))].join(", ");
}

/** `GRANT p1, p2 ON <securable> TO `principal``. */
export function grant(privileges: readonly string[], on: Securable, principal: string): string {
  return `GRANT ${privilegeList(privileges)} ON ${securableSql(on)} TO ${quoteIdent(principal)}`;
}

/** `REVOKE p1, p2 ON <securable> FROM `principal`` (revoking a privilege not held succeeds). */
export function revoke(privileges: readonly string[], on: Securable, principal: string): string {
  return `REVOKE ${privilegeList(privileges)} ON ${securableSql(on)} FROM ${quoteIdent(principal)}`;
}

/**
 * `SHOW GRANTS [`principal`] ON <securable>` → rows principal, actionType, objectType, objectKey (inherited
 * grants included). GUESS: the column-name case differs between sources (docs: `principal`; the local
 * engine and legacy ACLs: `Principal`), so read the keys case-insensitively. Prefer listGrants (discovery.ts).
 */
export function showGrants(on: Securable, principal?: string): string {
  return `SHOW GRANTS ${principal === undefined ? "" : quoteIdent(principal) + " "}ON ${securableSql(on)}`;
}

/** `GRANT SELECT ON SHARE s TO RECIPIENT r`. */
export function grantShareToRecipient(share: string, recipient: string): string {
  return `GRANT SELECT ON SHARE ${quoteIdent(share)} TO RECIPIENT ${quoteIdent(recipient)}`;
}

/** `REVOKE SELECT ON SHARE s FROM RECIPIENT r`. */
export function revokeShareFromRecipient(share: string, recipient: string): string {
  return `REVOKE SELECT ON SHARE ${quoteIdent(share)} FROM RECIPIENT ${quoteIdent(recipient)}`;
}
