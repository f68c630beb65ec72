import type { HarnessStack, Summary } from "pulumi-uc-clone-stack-harness";
import { reportTables, type CloneReport, type TableReport } from "../../components";

/**
 * The stack output `report` of a run (the summary) with the per-table rows rebuilt from its state's table
 * resources (components/catalogClone/reportTables.ts). Read right after the run.
 */
export function reportWithRows<R = CloneReport & { tables: TableReport[] }>(run: Summary, stack: HarnessStack): R {
  return { ...(run.outputs.report as object), tables: reportTables(stack.resources()) } as R;
}
