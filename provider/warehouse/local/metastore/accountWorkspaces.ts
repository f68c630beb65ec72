/**
 * The workspaces of the local account: every directory under the account root holding a metastore
 * document. Delta Sharing reads sibling metastores through this (read-only, cached per directory).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { AccountWorkspace, EngineContext } from "../engineContext";
import { MetastoreStore } from "./metastoreStore";

const stores = new Map<string, MetastoreStore>();

function storeOf(root: string): MetastoreStore {
  let s = stores.get(root);
  if (!s) {
    s = new MetastoreStore(root);
    stores.set(root, s);
  }
  return s;
}

/** Every workspace of the account, this one included, sorted by name. */
export function accountWorkspaces(ctx: EngineContext): AccountWorkspace[] {
  let names: string[];
  try {
    names = fs.readdirSync(ctx.accountRoot);
  } catch {
    return [];
  }
  const out: AccountWorkspace[] = [];
  for (const name of names.sort()) {
    const root = path.join(ctx.accountRoot, name);
    const store = storeOf(root);
    if (!fs.existsSync(store.file)) continue;
    let metastoreId: string;
    try {
      metastoreId = store.read().metastoreId;
    } catch {
      continue; // not a workspace (or unreadable): not part of the account
    }
    out.push({ name, root, metastoreId, readMeta: () => store.read() });
  }
  return out;
}

/**
 * The metastore uuid of a sharing identifier: `<cloud>:<region>:<uuid>` or a bare uuid, lower case.
 * Recipients and `current_metastore()` are compared on it.
 */
export function metastoreUuid(sharingIdentifier: string): string {
  const parts = sharingIdentifier.trim().split(":");
  return parts[parts.length - 1].toLowerCase();
}
