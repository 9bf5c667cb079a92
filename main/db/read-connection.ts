/**
 * A second, read-only connection to the station cache for the lookup box.
 * WAL lets it read committed data while knex's single writer connection is
 * busy, and it skips knex's pool entirely: no acquire, no timeout timer, no
 * re-prepare, which at a tenth of a millisecond per lookup is most of the cost.
 */
import sqlite3 from 'sqlite3';
import type { SqlReader } from './prepared';

type Row = Record<string, any>;

export class ReadConnection implements SqlReader {
  private readonly statements = new Map<string, sqlite3.Statement>();

  private constructor(private readonly db: sqlite3.Database) {}

  static open(file: string): Promise<ReadConnection> {
    return new Promise((resolve, reject) => {
      const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (err) => {
        if (err) return reject(err);
        db.run('PRAGMA busy_timeout = 5000', (e) => (e ? reject(e) : resolve(new ReadConnection(db))));
      });
    });
  }

  all<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    let stmt = this.statements.get(sql);
    if (!stmt) this.statements.set(sql, (stmt = this.db.prepare(sql)));
    return new Promise((resolve, reject) => stmt!.all(params as unknown[], (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))));
  }

  async first<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  async close(): Promise<void> {
    await Promise.all([...this.statements.values()].map((s) => new Promise<void>((r) => s.finalize(() => r()))));
    this.statements.clear();
    await new Promise<void>((resolve, reject) => this.db.close((err) => (err ? reject(err) : resolve())));
  }
}
