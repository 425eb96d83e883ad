import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import initSqlJs, { type Database } from 'sql.js';

/**
 * A tiny bank ledger stored in one SQLite file. sql.js keeps the database in memory, so every
 * write saves the whole file, as an app that persists on each change would: two processes that
 * share the file overwrite each other's work.
 */
export class Ledger {
  private constructor(
    private readonly db: Database,
    private readonly file: string,
  ) {}

  /** Opens the ledger in `file`, creating the file and its table when missing. */
  static async open(file: string): Promise<Ledger> {
    const SQL = await initSqlJs();
    const db = existsSync(file) ? new SQL.Database(readFileSync(file)) : new SQL.Database();
    db.run('CREATE TABLE IF NOT EXISTS entries (account TEXT NOT NULL, amount INTEGER NOT NULL)');
    const ledger = new Ledger(db, file);
    ledger.save();
    return ledger;
  }

  /** Removes every entry. */
  clear(): void {
    this.db.run('DELETE FROM entries');
    this.save();
  }

  deposit(account: string, amount: number): void {
    if (!Number.isInteger(amount) || amount <= 0) throw new RangeError(`invalid amount ${amount}`);
    this.db.run('INSERT INTO entries (account, amount) VALUES (?, ?)', [account, amount]);
    this.save();
  }

  withdraw(account: string, amount: number): void {
    if (amount > this.balance(account)) throw new Error(`insufficient funds in ${account}`);
    this.db.run('INSERT INTO entries (account, amount) VALUES (?, ?)', [account, -amount]);
    this.save();
  }

  transfer(from: string, to: string, amount: number): void {
    this.withdraw(from, amount);
    this.deposit(to, amount);
  }

  balance(account: string): number {
    const [row] = this.db.exec('SELECT COALESCE(SUM(amount), 0) FROM entries WHERE account = ?', [account]);
    return Number(row?.values[0]?.[0] ?? 0);
  }

  /** Number of entries of every account. */
  entryCount(): number {
    const [row] = this.db.exec('SELECT COUNT(*) FROM entries');
    return Number(row?.values[0]?.[0] ?? 0);
  }

  close(): void {
    this.db.close();
  }

  private save(): void {
    writeFileSync(this.file, this.db.export());
  }
}

/** Waits like a slow disk or network would, so files in parallel workers overlap in time. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
