/**
 * DESCRIBE HISTORY: a Delta log's commits as the rows and column types Databricks returns, newest
 * first.
 */
import type { Row } from "../row";
import type { TableLog } from "./deltaLog";
import type { TypedColumn } from "../duck/valuesRelation";

/** The columns of DESCRIBE HISTORY, typed for the DuckDB relation that carries its rows. */
export const HISTORY_COLUMNS: TypedColumn[] = [
  { name: "version", type: "BIGINT" },
  { name: "timestamp", type: "TIMESTAMP" },
  { name: "userId", type: "VARCHAR" },
  { name: "userName", type: "VARCHAR" },
  { name: "operation", type: "VARCHAR" },
  { name: "operationParameters", type: "MAP(VARCHAR, VARCHAR)" },
  { name: "job", type: "STRUCT(jobId VARCHAR, jobName VARCHAR, jobRunId VARCHAR, runId VARCHAR, jobOwnerId VARCHAR, triggerType VARCHAR)" },
  { name: "notebook", type: "STRUCT(notebookId VARCHAR)" },
  { name: "clusterId", type: "VARCHAR" },
  { name: "readVersion", type: "BIGINT" },
  { name: "isolationLevel", type: "VARCHAR" },
  { name: "isBlindAppend", type: "BOOLEAN" },
  { name: "operationMetrics", type: "MAP(VARCHAR, VARCHAR)" },
  { name: "userMetadata", type: "VARCHAR" },
  { name: "engineInfo", type: "VARCHAR" },
];

/** The commits of `log`, newest first, at most `limit` of them. */
export function historyRows(log: TableLog, limit?: number): Row[] {
  const commits = [...log.history()].reverse();
  const chosen = limit === undefined ? commits : commits.slice(0, limit);
  return chosen.map((c) => {
    const ci = c.commitInfo;
    return {
      version: c.version,
      timestamp: new Date(ci.timestamp),
      userId: ci.userId,
      userName: ci.userName,
      operation: ci.operation,
      operationParameters: { ...ci.operationParameters },
      job: null,
      notebook: null,
      clusterId: null,
      readVersion: ci.readVersion,
      isolationLevel: ci.isolationLevel,
      isBlindAppend: ci.isBlindAppend,
      operationMetrics: { ...ci.operationMetrics },
      userMetadata: ci.userMetadata,
      engineInfo: ci.engineInfo,
    };
  });
}
