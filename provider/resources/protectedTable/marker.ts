/**
 * The TBLPROPERTIES key a protected copy carries beside the table markers (table/markers.ts): it tells
 * this stack's protected copy (created WITH its policies) from a plain clone this stack made before the
 * source gained a policy, which planning keeps unwritten and reports as unrestricted.
 */
export const POLICIES_PROPERTY = "catalog_clone.policies";
