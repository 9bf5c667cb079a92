import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { AffiliatesTab } from './AffiliatesTab';
import { CampaignsTab } from './CampaignsTab';
import { DisclosuresTab } from './DisclosuresTab';
import { PolicyTab } from './PolicyTab';
import { ReportsTab } from './ReportsTab';
import { ReviewsTab } from './ReviewsTab';
import { StatementsTab } from './StatementsTab';

type TabId = 'affiliates' | 'campaigns' | 'reports' | 'reviews' | 'statements' | 'disclosures' | 'policy';

const TABS: readonly { id: TabId; label: string; render: () => ReactNode }[] = [
  { id: 'affiliates', label: 'Affiliates', render: () => <AffiliatesTab /> },
  { id: 'campaigns', label: 'Campaigns', render: () => <CampaignsTab /> },
  { id: 'reports', label: 'Reports', render: () => <ReportsTab /> },
  { id: 'reviews', label: 'Reviews', render: () => <ReviewsTab /> },
  { id: 'statements', label: 'Statements', render: () => <StatementsTab /> },
  { id: 'disclosures', label: 'Disclosures', render: () => <DisclosuresTab /> },
  { id: 'policy', label: 'Policy', render: () => <PolicyTab /> },
];

/**
 * The privacy back office (supervisors and admins; main and the central API
 * enforce it). WAI-ARIA tabs: arrows, Home and End move between tabs. A tab
 * stays mounted once opened, so a half-built campaign survives a look at the
 * register.
 */
export function PrivacyScreen() {
  const [current, setCurrent] = useState<TabId>('affiliates');
  const [opened, setOpened] = useState<ReadonlySet<TabId>>(new Set(['affiliates']));
  const tabs = useRef<Record<string, HTMLButtonElement | null>>({});

  const select = (id: TabId) => {
    setCurrent(id);
    setOpened((s) => new Set([...s, id]));
    tabs.current[id]?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === current);
    const to = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : null;
    if (to === null) return;
    e.preventDefault();
    select(TABS[(to + TABS.length) % TABS.length]!.id);
  };

  return (
    <section aria-labelledby="privacy-title" data-testid="privacy-screen">
      <h1 id="privacy-title">Privacy back office</h1>
      <div role="tablist" aria-label="Privacy back office" className="tabs" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`privacy-tab-${t.id}`}
            data-testid={`privacy-tab-${t.id}`}
            aria-selected={t.id === current}
            aria-controls={`privacy-panel-${t.id}`}
            tabIndex={t.id === current ? 0 : -1}
            onClick={() => select(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {TABS.filter((t) => opened.has(t.id)).map((t) => (
        <div
          key={t.id}
          role="tabpanel"
          id={`privacy-panel-${t.id}`}
          data-testid={`privacy-panel-${t.id}`}
          aria-labelledby={`privacy-tab-${t.id}`}
          hidden={t.id !== current}
          className="tabpanel"
        >
          {t.render()}
        </div>
      ))}
    </section>
  );
}
