/**
 * `destination.tags`: tags a CatalogClone writes on the destination catalog it creates. Unity Catalog tag
 * keys are at most 255 characters and values at most 1000 [GUESS: limits as documented for governed
 * tags; the engine accepts longer]; `catalog_clone_*` keys are this tool's ownership and expiry markers,
 * which a user tag must never overwrite.
 */
import { z } from "zod";

const KEY = /^[^.,=/:\s][^.,=/:]{0,254}$/;

export const destinationTagsSchema = z
  .record(
    z.string().regex(KEY, { error: "destination.tags keys must be 1-255 characters without . , = / : (Unity Catalog tag keys)." }),
    z.string({ error: "destination.tags values must be strings." }).max(1000, { error: "destination.tags values must be at most 1000 characters." }),
    { error: 'destination.tags must be an object of string values, e.g. { team: "data-platform" }.' },
  )
  .superRefine((tags, ctx) => {
    for (const key of Object.keys(tags)) {
      if (key.toLowerCase().startsWith("catalog_clone_")) {
        ctx.addIssue({ code: "custom", path: [key], message: `destination.tags key "${key}" is reserved: catalog_clone_* tags are this tool's ownership and expiry markers; choose another key.` });
      }
    }
  });
