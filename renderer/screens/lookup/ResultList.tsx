import { useEffect, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { formatPhone } from '../../../core/contact/phone';
import { useLookup, type ResultRow } from './lookup-store';

function rowId(row: ResultRow): string {
  return row.kind === 'header' ? `lookup-group-${row.group}` : `lookup-result-${row.kind}-${row.item.id}`;
}

function RowBody({ row }: { row: ResultRow }) {
  switch (row.kind) {
    case 'header':
      return <strong>{row.label}</strong>;
    case 'customer':
      return (
        <>
          <span className="primary">
            {row.item.fullName} <span className="muted">#{row.item.id}</span>
          </span>
          <span className="muted">
            {[row.item.city, row.item.state].filter(Boolean).join(', ')}
            {row.item.email ? ` · ${row.item.email}` : ''}
            {row.item.phone ? ` · ${formatPhone(row.item.phone)}` : ''}
          </span>
        </>
      );
    case 'shipment':
      return (
        <>
          <span className="primary">
            {row.item.orderNumber} · {row.item.titleName}
          </span>
          <span className="muted">
            {row.item.status} · {row.item.shipName}, {row.item.shipCity} {row.item.shipState}
          </span>
        </>
      );
    case 'title':
      return (
        <>
          <span className="primary">
            {row.item.name} ({row.item.year})
          </span>
          <span className="muted">
            {row.item.genre} · {row.item.discsInStock} in stock
          </span>
        </>
      );
  }
}

/** Grouped results in one virtualized list: thousands of hits cost the DOM a screenful. */
export function ResultList() {
  const rows = useLookup((s) => s.rows);
  const active = useLookup((s) => s.active);
  const open = useLookup((s) => s.open);
  // Rows answering an older text stay in view while the new answer comes, dimmed and unselectable.
  const stale = useLookup((s) => s.query !== s.answered);
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => 52, overscan: 8 });

  useEffect(() => {
    if (active >= 0) virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [active, virtualizer]);

  const activeRow = rows[active];
  return (
    <div
      ref={parent}
      className={stale ? 'results stale' : 'results'}
      role="listbox"
      aria-busy={stale}
      data-state={stale ? 'stale' : 'current'}
      id="lookup-results"
      aria-label="Search results"
      data-testid="lookup-results"
      aria-activedescendant={activeRow ? rowId(activeRow) : undefined}
      tabIndex={-1}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index]!;
          const header = row.kind === 'header';
          return (
            <div
              key={v.key}
              id={rowId(row)}
              data-testid={rowId(row)}
              role={header ? 'presentation' : 'option'}
              aria-selected={header ? undefined : v.index === active}
              className={header ? 'result-header' : `result${v.index === active ? ' active' : ''}`}
              style={{ position: 'absolute', top: 0, left: 0, width: '100%', height: v.size, transform: `translateY(${v.start}px)` }}
              onClick={() => row.kind !== 'header' && open({ kind: row.kind, id: row.item.id })}
            >
              <RowBody row={row} />
            </div>
          );
        })}
      </div>
    </div>
  );
}
