/** Owners of securables (CLONE makes the runner the owner; the source's owner is re-applied when asked). */
import { quoteIdent } from "./quote";
import { securableSql, type Securable } from "./securable";

/** `ALTER <securable> OWNER TO `principal``. */
export function setOwner(target: Securable, principal: string): string {
  if (target.kind === "METASTORE") throw new Error("The metastore owner cannot be changed with SQL.");
  return `ALTER ${securableSql(target)} OWNER TO ${quoteIdent(principal)}`;
}
