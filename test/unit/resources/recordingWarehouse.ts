import type { Row, Warehouse } from "../../../provider/warehouse/warehouse";

/**
 * A warehouse that records every statement sent through it to the real engine behind it, with optional
 * hooks before and after each one (to inject a concurrent writer or a lost answer at an exact point).
 */
export class Recorder implements Warehouse {
  statements: string[] = [];
  before: ((sql: string) => Promise<void> | void)[] = [];
  after: ((sql: string) => Promise<void> | void)[] = [];
  constructor(readonly inner: Warehouse) {}
  async execute(sql: string): Promise<Row[]> {
    this.statements.push(sql);
    for (const h of this.before) await h(sql);
    const rows = await this.inner.execute(sql);
    for (const h of this.after) await h(sql);
    return rows;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
  /** The statements recorded since the last take(), and a fresh record from here. */
  take(): string[] {
    const s = this.statements;
    this.statements = [];
    return s;
  }
}
