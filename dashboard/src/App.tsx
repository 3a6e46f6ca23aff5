import { useEffect, useState } from 'react';
import { settings, type Theme } from './api/settings.js';
import { SettingsPanel } from './components/SettingsPanel.js';
import { ThemeToggle } from './components/ThemeToggle.js';
import { EventFeedProvider, useFeedStatus } from './live/event-feed.js';
import { ThroughputProvider } from './live/throughput.js';
import { JobDetailPage } from './pages/JobDetailPage.js';
import { JobsPage } from './pages/JobsPage.js';
import { OverviewPage } from './pages/OverviewPage.js';
import { ScheduleDetailPage } from './pages/ScheduleDetailPage.js';
import { SchedulesPage } from './pages/SchedulesPage.js';
import { Link, Router, useRoute } from './router.js';

function LiveIndicator() {
  const live = useFeedStatus();
  return (
    <span className={`live ${live ? 'on' : 'off'}`} role="status" aria-live="polite">
      {live ? 'live' : 'reconnecting…'}
    </span>
  );
}

function Page({ namespace }: { namespace: string }) {
  const { path } = useRoute();
  const job = /^\/jobs\/(.+)$/.exec(path);
  if (job) return <JobDetailPage namespace={namespace} id={decodeURIComponent(job[1]!)} />;
  const schedule = /^\/schedules\/(.+)$/.exec(path);
  if (schedule) return <ScheduleDetailPage namespace={namespace} id={decodeURIComponent(schedule[1]!)} />;
  if (path.startsWith('/jobs')) return <JobsPage namespace={namespace} />;
  if (path.startsWith('/schedules')) return <SchedulesPage namespace={namespace} />;
  return <OverviewPage namespace={namespace} />;
}

export function App() {
  const [theme, setTheme] = useState<Theme>(settings.theme);
  const [namespace, setNamespace] = useState(settings.namespace);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    settings.setTheme(theme);
  }, [theme]);

  return (
    <Router>
      <EventFeedProvider namespace={namespace}>
        <ThroughputProvider>
          <header className="top">
            <span className="brand">tickwork</span>
            <nav aria-label="Main">
              <Link to="/">Overview</Link>
              <Link to="/jobs">Jobs</Link>
              <Link to="/schedules">Schedules</Link>
            </nav>
            <span className="tools">
              <span className="namespace" title="namespace">
                {namespace}
              </span>
              <LiveIndicator />
              <ThemeToggle theme={theme} onChange={setTheme} />
            </span>
            <SettingsPanel namespace={namespace} onNamespace={setNamespace} />
          </header>
          <main>
            <Page namespace={namespace} />
          </main>
        </ThroughputProvider>
      </EventFeedProvider>
    </Router>
  );
}
