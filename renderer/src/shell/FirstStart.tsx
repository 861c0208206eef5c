import { useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { useCall } from '../lib/useCall.js';
import { NewProjectDialog } from './NewProjectDialog.js';
import './project.css';

/**
 * What the main pane shows while no source is open: what this project is (the demo study says
 * what it holds), the few steps of the work, and how to start a study of one's own.
 */
export function FirstStart() {
  const { t } = useI18n();
  const info = useCall('project.info', {});
  const [creating, setCreating] = useState(false);
  const p = info.data;
  return (
    <section className="first-start" aria-labelledby="first-start-title">
      <h1 id="first-start-title">{t('guide.title')}</h1>
      {p && (
        <div className="about">
          <p>
            {t('guide.project', {
              name: p.name,
              cases: p.counts.cases,
              sources: p.counts.sources,
              segments: p.counts.segments,
            })}
          </p>
          {p.demo && <p>{t('guide.demo')}</p>}
        </div>
      )}
      <h2>{t('guide.steps')}</h2>
      <ol>
        <li>{p && p.counts.sources === 0 ? t('guide.import') : t('guide.open')}</li>
        <li>{t('guide.code')}</li>
        <li>{t('guide.matrix')}</li>
        <li>{t('guide.memos')}</li>
        <li>
          {t('guide.own')}{' '}
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t('project.newButton')}
          </button>
        </li>
      </ol>
      {creating && (
        <NewProjectDialog onClose={() => setCreating(false)} onCreated={() => setCreating(false)} />
      )}
    </section>
  );
}
