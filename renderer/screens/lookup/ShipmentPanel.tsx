import { useEffect, useState } from 'react';
import type { ShipmentDetail } from '../../../core/lookup/schemas';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/use-call';

export function ShipmentPanel({ shipmentId }: { shipmentId: number }) {
  const [detail, setDetail] = useState<ShipmentDetail | null>(null);
  const load = useAction(async () => setDetail(await call('lookup.shipment', { shipmentId })));
  useEffect(() => {
    setDetail(null);
    void load.run();
  }, [shipmentId]);
  if (!detail) return <ErrorMessage error={load.error} testId="shipment-error" />;
  return (
    <article className="detail" data-testid="shipment-detail" aria-labelledby="shipment-title">
      <h2 id="shipment-title">
        {detail.orderNumber} · {detail.titleName}
      </h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid="shipment-status">{detail.status}</dd>
        <dt>Disc</dt>
        <dd>{detail.discBarcode ?? 'not yet allocated'}</dd>
        <dt>From</dt>
        <dd>{detail.distributionCenter}, ship by {detail.shipBy.slice(0, 10)}</dd>
        <dt>Ships to</dt>
        <dd data-testid="shipment-ship-to">
          {detail.shipTo.name}
          <br />
          {detail.shipTo.deliveryLine}
          {detail.shipTo.secondaryLine && (
            <>
              <br />
              {detail.shipTo.secondaryLine}
            </>
          )}
          <br />
          {detail.shipTo.lastLine}
        </dd>
      </dl>
      <h3>Timeline</h3>
      <ol className="compact" data-testid="shipment-timeline">
        {detail.timeline.map((t) => (
          <li key={`${t.status}-${t.at}`}>
            {t.status} · {t.at.replace('T', ' ').slice(0, 16)}
          </li>
        ))}
      </ol>
      <h3>Label events</h3>
      {detail.labelEvents.length === 0 ? (
        <p>No labels printed yet.</p>
      ) : (
        <ul className="plain" data-testid="shipment-label-events">
          {detail.labelEvents.map((e) => (
            <li key={`${e.kind}-${e.at}`}>
              {e.kind} · {e.at.replace('T', ' ').slice(0, 16)} · {e.staffId}
              {e.printer ? ` · ${e.printer}` : ''}
              {e.reason ? ` · ${e.reason}` : ''}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}
