/**
 * Guard before adding tables to a share this stack did not create (an adopted share): whoever already
 * holds SELECT on it would read every table added. So the share's grants are read first (SHOW GRANTS ON
 * SHARE) and the add is refused when any recipient other than the intended one holds it: fail closed.
 * The intended recipient is recognised by its sharing identifier (DESCRIBE RECIPIENT's `metastore_id`,
 * GUESS as in recipient/lifecycle.ts), not its name: an existing recipient for the target metastore is
 * reused under whatever name it has. Without an intended recipient, any grant refuses.
 */
import { describeRecipient, showGrantsOnShare } from "../../sql/sharing";
import { hasErrorClass, type Warehouse } from "../../warehouse/warehouse";
import { metastoreUuidOf } from "../recipient/lifecycle";

/** Recipients holding the share other than the one for `recipientSharingIdentifier` (sorted, lower case). */
export async function foreignRecipientsOf(wh: Warehouse, share: string, recipientSharingIdentifier: string | undefined): Promise<string[]> {
  const holders = [...new Set((await wh.execute(showGrantsOnShare(share))).map((r) => String(r.recipient)))];
  const wanted = recipientSharingIdentifier === undefined ? undefined : metastoreUuidOf(recipientSharingIdentifier);
  const foreign: string[] = [];
  for (const name of holders) {
    let metastore: unknown;
    try {
      metastore = (await wh.execute(describeRecipient(name))).find((r) => r.info_name === "metastore_id")?.info_value;
    } catch (err) {
      if (hasErrorClass(err, "RECIPIENT_NOT_FOUND", "RECIPIENT_DOES_NOT_EXIST")) continue; // dropped meanwhile: its grant went with it
      throw err;
    }
    // A token (open sharing) recipient has no metastore: never the intended one.
    if (wanted === undefined || typeof metastore !== "string" || metastoreUuidOf(metastore) !== wanted) foreign.push(name);
  }
  return foreign.sort();
}

/** The refusal: raised before any table was added. */
export class ShareGrantedElsewhereError extends Error {}

/** Throws, before any table is added, when a share this stack did not create is granted to another recipient. */
export async function refuseForeignRecipients(wh: Warehouse, share: string, recipientSharingIdentifier: string | undefined, toAdd: string[]): Promise<void> {
  const foreign = await foreignRecipientsOf(wh, share, recipientSharingIdentifier);
  if (foreign.length === 0) return;
  const intended = recipientSharingIdentifier === undefined ? "no recipient was named for this share" : `the only recipient allowed is the one for ${recipientSharingIdentifier}`;
  throw new ShareGrantedElsewhereError(
    `[CATALOG_CLONE_SHARE_GRANTED_ELSEWHERE] share ${share} existed before this stack and is granted to other recipient(s): ${foreign.join(", ")} ` +
      `(${intended}); adding ${toAdd.join(", ")} would let them read those tables, so nothing was added. ` +
      `Choose another share name, or remove those grants (REVOKE SELECT ON SHARE ${share} FROM RECIPIENT <name>) if they are meant to go.`,
  );
}
