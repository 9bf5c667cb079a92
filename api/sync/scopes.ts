/**
 * The SQL side of a station's scope (core/sync/scopes.ts decides which scope
 * a credential and role get). For each pulled table, the clauses that place a
 * row in the scope:
 * - `precise`: rows the station should hold now (a full sync reads only these);
 * - `broad`: rows it may hold an older copy of, so a change since its cursor
 *   must reach it, as the row if `keeps(row)`, or as a delete that evicts it
 *   (a shipment that was shipped leaves the packing station).
 */
import type { Knex } from 'knex';
import { STATION_HELD_STATUSES, isStationHeldStatus } from '../../core/sync/shipment-status';
import { CUSTOMER_TABLES, DISTRIBUTION_CENTER_TABLES, REFERENCE_TABLES, type SyncScope } from '../../core/sync/scopes';
import type { PulledTable, Row } from '../../core/sync/tables';

type Where = (qb: Knex.QueryBuilder) => void;

export interface ScopeClause {
  /** null: every row of the table. */
  precise: Where | null;
  broad: Where | null;
  keeps(row: Row): boolean;
  /**
   * Rows of other tables that are in scope only through a row this clause
   * holds: when this clause stops holding it (a shipment that was shipped),
   * they must leave the station too, even if another scope keeps the row
   * itself (a supervisor's desk keeps the shipment of a customer it opened,
   * but not its label events).
   */
  dependents?: readonly { table: PulledTable; column: string }[];
}

export interface ScopeContext {
  scope: SyncScope;
  stationId: string;
  /** Subscriptions this pull may use: those stamped at or below the window's top. */
  subscribedUpTo: number;
  subscribed: ReadonlySet<number>;
  knex: Knex;
}

const everyRow: ScopeClause = { precise: null, broad: null, keeps: () => true };

function customerClause(ctx: ScopeContext, column: string): ScopeClause {
  const where: Where = (qb) => {
    qb.whereIn(column, ctx.knex('sync_subscriptions').select('customer_id').where({ station_id: ctx.stationId }).whereNull('ended_at').andWhere('server_version', '<=', ctx.subscribedUpTo));
  };
  const field = column.includes('.') ? column.slice(column.indexOf('.') + 1) : column;
  return { precise: where, broad: where, keeps: (row) => ctx.subscribed.has(Number(row[field])) };
}

function dcClauses(ctx: ScopeContext, dc: string): Partial<Record<PulledTable, ScopeClause>> {
  const openShipmentsOfDc = () => ctx.knex('shipments').select('id').where({ dc }).whereIn('status', STATION_HELD_STATUSES as string[]);
  return {
    discs: { precise: (qb) => void qb.where({ home_dc: dc }), broad: (qb) => void qb.where({ home_dc: dc }), keeps: (row) => row.home_dc === dc },
    disc_barcodes: {
      precise: (qb) => void qb.whereIn('disc_id', ctx.knex('discs').select('id').where({ home_dc: dc })),
      broad: (qb) => void qb.whereIn('disc_id', ctx.knex('discs').select('id').where({ home_dc: dc })),
      keeps: () => true,
    },
    shipments: {
      precise: (qb) => void qb.where({ dc }).whereIn('status', STATION_HELD_STATUSES as string[]),
      broad: (qb) => void qb.where({ dc }),
      keeps: (row) => row.dc === dc && isStationHeldStatus(row.status),
      dependents: [{ table: 'label_events', column: 'shipment_id' }],
    },
    // Label events leave with their shipment (the station drops a shipment's children with it).
    label_events: {
      precise: (qb) => void qb.whereIn('shipment_id', openShipmentsOfDc()),
      broad: (qb) => void qb.whereIn('shipment_id', openShipmentsOfDc()),
      keeps: () => true,
    },
  };
}

/** Every table in the scope with the clauses that place its rows there (a table can be in two scopes: shipments). */
export function scopeClauses(ctx: ScopeContext): Map<PulledTable, ScopeClause[]> {
  const out = new Map<PulledTable, ScopeClause[]>();
  const add = (table: PulledTable, clause: ScopeClause) => out.set(table, [...(out.get(table) ?? []), clause]);
  for (const t of REFERENCE_TABLES) add(t, everyRow);
  if (ctx.scope.distributionCenter) {
    const clauses = dcClauses(ctx, ctx.scope.distributionCenter);
    for (const t of DISTRIBUTION_CENTER_TABLES) add(t, clauses[t]!);
  }
  if (ctx.scope.customers) {
    for (const t of CUSTOMER_TABLES) add(t, customerClause(ctx, t === 'customers' ? 'id' : 'customer_id'));
  }
  return out;
}

/** Applies the OR of the clauses' conditions; an unconditional clause means no condition at all. */
export function whereAny(qb: Knex.QueryBuilder, clauses: readonly ScopeClause[], which: 'precise' | 'broad'): void {
  const conditions = clauses.map((c) => c[which]);
  if (conditions.some((w) => w === null)) return;
  qb.where((outer) => {
    for (const w of conditions) outer.orWhere((inner) => w!(inner));
  });
}
