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

  /** A .casus file dropped here: the desktop opens it; a browser page cannot know its place. */
  const onDrop = async (e: React.DragEvent) => {
    const file = [...e.dataTransfer.files].find((f) => f.name.toLowerCase().endsWith('.casus'));
    if (!file) return;
    e.preventDefault();
    if (!desktop) {
      setError(t('project.dropBrowser', { name: file.name }));
      return;
    }
    const path = await window.casus?.projectFromDrop(file);
    if (path) await open(path);
    else setError(t('project.dropRefused', { name: file.name }));
  };

  return (
    <section
      className="project-picker"
      aria-labelledby="picker-title"
      onDragOver={(e) => {
        if ([...e.dataTransfer.items].some((i) => i.kind === 'file')) e.preventDefault();
      }}
      onDrop={(e) => void onDrop(e)}
    >
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
      {desktop && <p className="hint">{t('project.dropHint')}</p>}
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
