import { create } from 'zustand';
import type { AccessReason, SearchResult } from '../../../core/lookup/schemas';
import { call, CallError } from '../../api/client';
import type { AppErrorShape } from '../../../core/errors';

export type ResultRow =
  | { kind: 'header'; group: 'customers' | 'shipments' | 'titles'; label: string }
  | { kind: 'customer'; item: SearchResult['customers'][number] }
  | { kind: 'shipment'; item: SearchResult['shipments'][number] }
  | { kind: 'title'; item: SearchResult['titles'][number] };

export type Selection = { kind: 'customer' | 'shipment' | 'title'; id: number } | null;

interface LookupState {
  query: string;
  reason: AccessReason;
  result: SearchResult | null;
  rows: ResultRow[];
  active: number;
  opened: Selection;
  error: AppErrorShape | null;
  setQuery(q: string): void;
  setReason(r: AccessReason): void;
  move(delta: number): void;
  openActive(): void;
  open(sel: Selection): void;
  clear(): void;
}

/** Group headers are rows too (virtualized together), but never selectable. */
function flatten(result: SearchResult): ResultRow[] {
  const rows: ResultRow[] = [];
  if (result.customers.length) rows.push({ kind: 'header', group: 'customers', label: `Customers (${result.customers.length})` }, ...result.customers.map((item) => ({ kind: 'customer' as const, item })));
  if (result.shipments.length) rows.push({ kind: 'header', group: 'shipments', label: `Shipments (${result.shipments.length})` }, ...result.shipments.map((item) => ({ kind: 'shipment' as const, item })));
  if (result.titles.length) rows.push({ kind: 'header', group: 'titles', label: `Titles (${result.titles.length})` }, ...result.titles.map((item) => ({ kind: 'title' as const, item })));
  return rows;
}

const firstSelectable = (rows: ResultRow[], from: number, step: number) => {
  for (let i = from; i >= 0 && i < rows.length; i += step) if (rows[i]!.kind !== 'header') return i;
  return -1;
};

let searchSeq = 0;
let debounce: ReturnType<typeof setTimeout> | undefined;

export const useLookup = create<LookupState>((set, get) => ({
  query: '',
  reason: 'phone_call',
  result: null,
  rows: [],
  active: -1,
  opened: null,
  error: null,
  setQuery(query) {
    set({ query });
    clearTimeout(debounce);
    if (!query.trim()) {
      set({ result: null, rows: [], active: -1, error: null });
      return;
    }
    debounce = setTimeout(async () => {
      // Only the newest answer is shown: a slow central reply never overwrites a newer search.
      const seq = ++searchSeq;
      try {
        const result = await call('lookup.search', { query });
        if (seq !== searchSeq) return;
        const rows = flatten(result);
        set({ result, rows, active: firstSelectable(rows, 0, 1), error: null });
      } catch (err) {
        if (seq === searchSeq) set({ error: err instanceof CallError ? err.error : { code: 'INTERNAL', message: 'Search failed.' } });
      }
    }, 120);
  },
  setReason(reason) {
    set({ reason });
  },
  move(delta) {
    const { rows, active } = get();
    const next = firstSelectable(rows, active + delta, delta > 0 ? 1 : -1);
    if (next >= 0) set({ active: next });
  },
  openActive() {
    const row = get().rows[get().active];
    if (row && row.kind !== 'header') get().open({ kind: row.kind, id: row.item.id });
  },
  open(opened) {
    set({ opened });
  },
  clear() {
    clearTimeout(debounce);
    searchSeq++;
    set({ query: '', result: null, rows: [], active: -1, error: null });
  },
}));
