import { useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { api } from '../lib/api.js';
import { useCall } from '../lib/useCall.js';

/** Open a recent or named project, or create one; the same in both hosts. */
export function ProjectPicker({ onDone }: { onDone?: () => void }) {
  const { t, label } = useI18n();
  const recent = useCall('project.recent', {});
  const templates = useCall('project.templates', {});
  const [path, setPath] = useState('');
  const [newPath, setNewPath] = useState('');
  const [template, setTemplate] = useState<'regio-deals' | 'blank'>('regio-deals');
  const [demo, setDemo] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = (p: Promise<unknown>) =>
    p.then(
      () => {
        setError(null);
        onDone?.();
      },
      (e: Error) => setError(e.message),
    );

  return (
    <section className="project-picker" aria-labelledby="picker-title">
      <h1 id="picker-title">{t('project.open')}</h1>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <h2>{t('project.recent')}</h2>
      {(recent.data ?? []).length === 0 ? (
        <p className="empty">{t('project.recentNone')}</p>
      ) : (
        <ul className="recent-list">
          {(recent.data ?? []).map((r) => (
            <li key={r.path}>
              <button
                type="button"
                disabled={!r.exists}
                onClick={() => run(api.call('project.open', { path: r.path }))}
              >
                <strong>{r.name}</strong> <span className="path">{r.path}</span>{' '}
                {!r.exists && t('project.missing')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(api.call('project.open', { path }));
        }}
      >
        <label>
          {t('project.openPath')}
          <input
            value={path}
            onChange={(e) => setPath(e.target.value)}
            placeholder="/home/…/studie.casus"
          />
        </label>
        <button type="submit" disabled={!path}>
          {t('project.openButton')}
        </button>
      </form>
      <h2>{t('project.new')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(api.call('project.create', { path: newPath, template, demo }));
        }}
      >
        <label>
          {t('project.newPath')}
          <input
            value={newPath}
            onChange={(e) => setNewPath(e.target.value)}
            placeholder="/home/…/nieuwe-studie.casus"
          />
        </label>
        <label>
          {t('project.template')}
          <select
            value={template}
            onChange={(e) => setTemplate(e.target.value as 'regio-deals' | 'blank')}
          >
            {(templates.data ?? []).map((tpl) => (
              <option key={tpl.key} value={tpl.key}>
                {label(tpl.name)}
              </option>
            ))}
          </select>
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={demo}
            disabled={template !== 'regio-deals'}
            onChange={(e) => setDemo(e.target.checked)}
          />
          {t('project.withDemo')}
        </label>
        <button type="submit" disabled={!newPath}>
          {t('project.create')}
        </button>
      </form>
    </section>
  );
}
