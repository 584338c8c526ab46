import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Alerts } from './alerts/Alerts';
import { Cache } from './cache/Cache';
import { Header } from './components/Header';
import { tabKeyTarget } from './tab-keys';
import { usePanel } from './context';
import { StoredSessionBanner } from './sessions/StoredSessionBanner';
import { Network } from './network/Network';
import { Optimize } from './optimize/Optimize';
import { Overview } from './overview/Overview';
import { Sessions } from './sessions/Sessions';
import { Simulate } from './simulate/Simulate';
import { Timeline } from './timeline/Timeline';

interface ViewEntry {
  id: string;
  title: string;
  render: () => ReactNode;
}

/** The panel's views, in tab order. Each later capability adds one entry here. */
export const VIEWS: ViewEntry[] = [
  { id: 'overview', title: 'Overview', render: () => <Overview /> },
  { id: 'timeline', title: 'Timeline', render: () => <Timeline /> },
  { id: 'network', title: 'Network', render: () => <Network /> },
  { id: 'optimize', title: 'Optimize', render: () => <Optimize /> },
  { id: 'sessions', title: 'Sessions', render: () => <Sessions /> },
  { id: 'simulate', title: 'Simulate', render: () => <Simulate /> },
  { id: 'alerts', title: 'Alerts', render: () => <Alerts /> },
  { id: 'cache', title: 'Cache', render: () => <Cache /> },
];

export function App() {
  const [active, setActive] = useState(() => new URLSearchParams(location.search).get('view') ?? 'overview');
  const current = VIEWS.find((v) => v.id === active) ?? VIEWS[0]!;
  const { store } = usePanel();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  // Roving tabindex with automatic activation: arrows select the next view and focus its tab.
  const onTabKey = (event: KeyboardEvent, index: number) => {
    const next = tabKeyTarget(event.key, index, VIEWS.length);
    if (next === null) return;
    event.preventDefault();
    setActive(VIEWS[next]!.id);
    tabs.current[next]?.focus();
  };
  return (
    <div className="app">
      <Header />
      <StoredSessionBanner store={store} />
      <nav className="tabs" role="tablist" aria-label="Views">
        {VIEWS.map((v, index) => (
          <button
            key={v.id}
            ref={(el) => {
              tabs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${v.id}`}
            aria-selected={v.id === current.id}
            aria-controls={`view-${v.id}`}
            tabIndex={v.id === current.id ? 0 : -1}
            onClick={() => setActive(v.id)}
            onKeyDown={(e) => onTabKey(e, index)}
          >
            {v.title}
          </button>
        ))}
      </nav>
      <main id={`view-${current.id}`} role="tabpanel" aria-labelledby={`tab-${current.id}`} className="view" tabIndex={0}>
        {current.render()}
      </main>
    </div>
  );
}
