import { useState } from 'react';
import { PastBanner } from '../features/audit/index.js';
import { features, featureViews } from '../features/registry.js';
import { useI18n, type Lang } from '../i18n/index.js';
import { useProjectEpoch } from '../lib/cache.js';
import { useCall } from '../lib/useCall.js';
import { useNav } from './nav.js';
import { ProjectPicker } from './ProjectPicker.js';
import { CodePane, Sidebar } from './Sidebar.js';
import { SourcePane } from './SourcePane.js';
import { SkipLinks } from './SkipLinks.js';
import { StatusBar } from './StatusBar.js';

export function App() {
  const { t, lang, setLang } = useI18n();
  const nav = useNav();
  // Another project: every view starts afresh (none keeps an id of the old project).
  const epoch = useProjectEpoch();
  const session = useCall('session.get', {});
  const [picking, setPicking] = useState(false);
  const hasProject = Boolean(session.data?.projectPath);
  const View = featureViews.find((v) => v.id === nav.route.view)?.component;

  return (
    <div className="app">
      <SkipLinks />
      <header className="topbar">
        <span className="brand">{t('app.title')}</span>
        {hasProject && (
          <nav aria-label={t('nav.main')} className="views">
            <button
              type="button"
              aria-pressed={nav.route.view === 'source'}
              onClick={() => nav.go({ view: 'source' })}
            >
              {t('nav.sources')}
            </button>
            {featureViews.map((v) => (
              <button
                key={v.id}
                type="button"
                aria-pressed={nav.route.view === v.id}
                onClick={() => nav.go({ view: v.id })}
              >
                {t(v.labelKey)}
              </button>
            ))}
          </nav>
        )}
        <span className="spacer" />
        {hasProject && features.map((f, i) => (f.toolbar ? <f.toolbar key={i} /> : null))}
        {hasProject && (
          <button type="button" onClick={() => setPicking((p) => !p)}>
            {t('project.switch')}
          </button>
        )}
        <label className="lang">
          <span className="sr-only">{t('lang.switch')}</span>
          <select
            aria-label={t('lang.switch')}
            value={lang}
            onChange={(e) => setLang(e.target.value as Lang)}
          >
            <option value="nl">Nederlands</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      {session.error && (
        <p role="alert" className="error banner">
          {session.error.message}
        </p>
      )}
      {hasProject && <PastBanner />}
      {!hasProject || picking ? (
        <main className="main single" id="main" tabIndex={-1}>
          {session.loading && !session.data ? (
            <p>{t('common.loading')}</p>
          ) : (
            <ProjectPicker onDone={() => setPicking(false)} />
          )}
        </main>
      ) : (
        <div className="workspace" key={epoch}>
          <Sidebar />
          <CodePane />
          <main className="main" id="main" tabIndex={-1}>
            {View ? (
              <View />
            ) : (
              <SourcePane
                sourceId={
                  nav.route.view === 'source' && 'sourceId' in nav.route
                    ? nav.route.sourceId
                    : undefined
                }
                highlight={
                  nav.route.view === 'source' && 'highlight' in nav.route
                    ? nav.route.highlight
                    : undefined
                }
              />
            )}
          </main>
        </div>
      )}
      <StatusBar />
    </div>
  );
}
