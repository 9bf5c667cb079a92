/**
 * Builds `SHARED_TABLES` through knex. A type-only import keeps core free of
 * runtime dependencies: the caller hands in its own knex instance.
 */
import type { Knex } from 'knex';
import type { ColumnSpec, TableSpec } from './tables';

function addColumn(t: Knex.CreateTableBuilder, col: ColumnSpec, foreignKeys: boolean): void {
  let b: Knex.ColumnBuilder;
  switch (col.type) {
    case 'increments':
      t.increments(col.name, { primaryKey: true });
      return;
    case 'integer':
      b = t.integer(col.name);
      break;
    case 'bigint':
      b = t.bigInteger(col.name);
      break;
    case 'text':
      b = t.text(col.name);
      break;
    case 'boolean':
      b = t.boolean(col.name);
      break;
    case 'real':
      b = t.double(col.name);
      break;
    case 'timestamp':
      // ISO-8601 text in UTC: sorts correctly and reads the same on SQLite and PostgreSQL.
      b = t.string(col.name, 32);
      break;
    case 'json':
      b = t.text(col.name);
      break;
  }
  if (col.primary) b.primary();
  if (!col.nullable && !col.primary) b.notNullable();
  if (col.nullable) b.nullable();
  if (col.unique) b.unique();
  if (col.defaultTo !== undefined) b.defaultTo(col.defaultTo);
  if (col.references && foreignKeys) b.references(col.references.column).inTable(col.references.table);
}

export interface CreateTablesOptions {
  /**
   * A station holds a scoped, partial replica (a packing station has shipments
   * but not the customers behind them), so it cannot promise referential
   * closure; the central database, which holds everything, enforces it.
   */
  foreignKeys?: boolean;
}

export async function createTables(knex: Knex | Knex.Transaction, specs: readonly TableSpec[], opts: CreateTablesOptions = {}): Promise<void> {
  const foreignKeys = opts.foreignKeys ?? true;
  for (const spec of specs) {
    await knex.schema.createTable(spec.name, (t) => {
      for (const col of spec.columns) addColumn(t, col, foreignKeys);
      if (spec.primaryKey) t.primary(spec.primaryKey);
      for (const idx of spec.indexes ?? []) t.index(idx);
    });
  }
}
