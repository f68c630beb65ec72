/**
 * The tags that say which catalogs of the metastore a tool owns and when they expire, in ONE read-only
 * statement over the metastore-wide `system.information_schema.catalog_tags` (reap's listing: its cost
 * does not grow with the number of catalogs in statements, only in rows).
 */
import { quoteLiteral } from "./quote";

/** A row of listOwnedCatalogTags. */
export interface OwnedCatalogTagRow {
  catalog_name: string;
  tag_name: string;
  tag_value: string;
}

/** `SELECT catalog_name, tag_name, tag_value` of every catalog tag named `ownerTag` or `expiryTag`. */
export function listOwnedCatalogTags(ownerTag: string, expiryTag: string): string {
  return (
    "SELECT catalog_name, tag_name, tag_value FROM system.information_schema.catalog_tags " +
    `WHERE tag_name IN (${quoteLiteral(ownerTag)}, ${quoteLiteral(expiryTag)}) ORDER BY catalog_name, tag_name`
  );
}
