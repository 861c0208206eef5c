import { useState } from 'react';
import { useI18n } from '../i18n/index.js';
import { api } from '../lib/api.js';
import { useCall } from '../lib/useCall.js';
import { NewProjectDialog } from './NewProjectDialog.js';
import { ProjectsFolder } from './ProjectsFolder.js';
import './project.css';

/**
 * Open a project (recent, from the projects folder, or on the desktop through the file dialog)
 * or make a new one. The page never types or sends a path of its own choosing: it opens what the
 * server listed or the native dialog granted.
 */
export function ProjectPicker({ onDone }: { onDone?: () => void }) {
  const { t } = useI18n();
  const recent = useCall('project.recent', {});
  const [folder, setFolder] = useState('');
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const desktop = typeof window.casus?.chooseProjectToOpen === 'function';
  // A file that was moved or deleted since is no choice.
  const existing = (recent.data ?? []).filter((r) => r.exists);

  const open = (path: string) =>
    api.call('project.open', { path }).then(
      () => {
        setError(null);
        onDone?.();
      },
      (e: Error) => setError(e.message),
    );

  const openOther = async () => {
    const path = await window.casus?.chooseProjectToOpen();
    if (path) await open(path);
  };

  return (
    <section className="project-picker" aria-labelledby="picker-title">
      <div className="picker-head">
        <h1 id="picker-title">{t('project.open')}</h1>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('project.newButton')}
        </button>
        {desktop && (
          <button type="button" onClick={() => void openOther()}>
            {t('project.openOther')}
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <h2>{t('project.recent')}</h2>
      {!recent.data ? (
        <p>{t('common.loading')}</p>
      ) : existing.length === 0 ? (
        <p className="empty">{t('project.recentNone')}</p>
      ) : (
        <ul className="recent-list" aria-label={t('project.recent')}>
          {existing.map((r) => (
            <li key={r.path}>
              <button type="button" onClick={() => void open(r.path)}>
                <strong>{r.name}</strong> <span className="path">{r.path}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('project.folder')}</h2>
      <ProjectsFolder
        folder={folder}
        onFolder={setFolder}
        onOpen={(path) => void open(path)}
        label={t('project.folder')}
      />
      {creating && (
        <NewProjectDialog
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            onDone?.();
          }}
        />
      )}
    </section>
  );
}
