import { create } from 'zustand';
import type { AccessReason, SearchResult } from '../../../core/lookup/schemas';
import { call, CallError } from '../../api/client';
import type { AppErrorShape } from '../../../core/errors';
import { resetOnUserSwitch } from '../../store/user-switch';

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
  /** The text `rows` answer; differs from `query` while a newer search is due or on its way. */
  answered: string;
  active: number;
  opened: Selection;
  error: AppErrorShape | null;
  /** Enter was pressed for this text before its answer came: open its first hit when it does. */
  enterPending: string | null;
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

const INITIAL = {
  query: '',
  reason: 'phone_call' as AccessReason,
  result: null,
  rows: [] as ResultRow[],
  answered: '',
  active: -1,
  opened: null as Selection,
  error: null,
  enterPending: null,
} satisfies Partial<LookupState>;

const firstSelectable = (rows: ResultRow[], from: number, step: number) => {
  for (let i = from; i >= 0 && i < rows.length; i += step) if (rows[i]!.kind !== 'header') return i;
  return -1;
};

let searchSeq = 0;
let debounce: ReturnType<typeof setTimeout> | undefined;
const DEBOUNCE_MS = 120;

/**
 * The box, its answer and what Enter opens. `answered` is the text the rows
 * are the answer to: while it differs from `query` (a scanner typed on, or
 * the answer is still on its way) nothing is selected, and Enter waits for
 * the answer to the text in the box, then opens its first hit. An answer to
 * an older text is never shown once a newer search has started, and never
 * becomes the selection (issue 11: a barcode typed at scanner speed then
 * Enter opened the previous search's customer).
 */
export const useLookup = create<LookupState>((set, get) => {
  const search = (query: string) => {
    clearTimeout(debounce);
    const seq = ++searchSeq;
    void (async () => {
      try {
        const result = await call('lookup.search', { query, reason: get().reason });
        // Only the newest search's answer is shown: a slow central reply never overwrites a newer search.
        if (seq !== searchSeq || get().query !== query) return;
        const rows = flatten(result);
        const active = firstSelectable(rows, 0, 1);
        const enter = get().enterPending === query;
        set({ result, rows, answered: query, active, error: null, enterPending: null });
        if (enter) get().openActive();
      } catch (err) {
        if (seq !== searchSeq) return;
        set({ error: err instanceof CallError ? err.error : { code: 'INTERNAL', message: 'Search failed.' }, enterPending: null });
      }
    })();
  };

  return {
    ...INITIAL,
    setQuery(query) {
      // Until the answer to this text arrives, the old rows select nothing and a pending Enter is for a text no longer in the box.
      set({ query, active: -1, enterPending: null });
      clearTimeout(debounce);
      if (!query.trim()) {
        searchSeq++;
        set({ result: null, rows: [], answered: '', error: null });
        return;
      }
      debounce = setTimeout(() => search(query), DEBOUNCE_MS);
    },
    setReason(reason) {
      set({ reason });
    },
    move(delta) {
      const { rows, active, query, answered } = get();
      if (query !== answered) return;
      const next = firstSelectable(rows, active + delta, delta > 0 ? 1 : -1);
      if (next >= 0) set({ active: next });
    },
    openActive() {
      const { rows, active, query, answered } = get();
      if (!query.trim()) return;
      if (query !== answered) {
        // Enter before the answer: search now (no debounce wait) and open what that answer finds first.
        set({ enterPending: query });
        search(query);
        return;
      }
      const row = rows[active];
      if (row && row.kind !== 'header') get().open({ kind: row.kind, id: row.item.id });
    },
    open(opened) {
      set({ opened });
    },
    clear() {
      clearTimeout(debounce);
      searchSeq++;
      set({ query: '', result: null, rows: [], answered: '', active: -1, error: null, enterPending: null });
    },
  };
});

// A user switch empties the box, the results, the opened customer and the chosen reason, and drops searches on their way.
resetOnUserSwitch(() => {
  clearTimeout(debounce);
  searchSeq++;
  useLookup.setState(INITIAL);
});
