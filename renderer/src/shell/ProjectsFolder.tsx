import { useId } from 'react';
import type { ProjectsListing } from '../../../core/shared/contract/project.js';
import { useI18n } from '../i18n/index.js';
import { useCall } from '../lib/useCall.js';

/** A small folder shape (no emoji font is needed). */
function FolderIcon() {
  return (
    <svg className="folder-icon" viewBox="0 0 16 12" width="16" height="12" aria-hidden="true">
      <path d="M0.5 1.5a1 1 0 0 1 1-1h4l1.5 1.5h7.5a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1h-13a1 1 0 0 1-1-1z" />
    </svg>
  );
}

/** The separator the server's paths use (a Windows root has backslashes). */
export function separatorOf(root: string): string {
  return root.includes('\\') && !root.includes('/') ? '\\' : '/';
}

/** A file in a folder of the projects folder, as the server will name it. */
export function pathIn(listing: ProjectsListing, fileName: string): string {
  const sep = separatorOf(listing.root);
  const parts = [listing.root.replace(/[\\/]+$/, ''), ...listing.folder.split('/').filter(Boolean)];
  return [...parts, fileName].join(sep);
}

/**
 * One folder of the projects folder: a path of buttons back up, its folders to go into and, when
 * `onOpen` is given, its projects to open. The server lists it and never anything outside.
 */
export function ProjectsFolder({
  folder,
  onFolder,
  onOpen,
  label,
}: {
  folder: string;
  onFolder: (folder: string) => void;
  onOpen?: (path: string) => void;
  /** Accessible name of the list. */
  label: string;
}) {
  const { t, lang } = useI18n();
  const listing = useCall('projects.browse', { folder });
  const pathLabel = useId();
  if (listing.error) {
    return (
      <div className="projects-folder">
        <p role="alert" className="error">
          {listing.error.message}
        </p>
        {folder !== '' && (
          <button type="button" onClick={() => onFolder('')}>
            {t('project.folder')}
          </button>
        )}
      </div>
    );
  }
  const l = listing.data;
  if (!l) return <p>{t('common.loading')}</p>;
  if (!l.exists) return <p className="hint">{t('project.folder.missing', { root: l.root })}</p>;
  const parts = l.folder.split('/').filter(Boolean);
  const date = (iso: string) =>
    new Date(iso).toLocaleDateString(lang === 'nl' ? 'nl-NL' : 'en-GB', {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
  // Choosing a folder, a folder without sub-folders is simply the choice; opening, it is empty.
  const empty = Boolean(onOpen) && l.folders.length === 0 && l.projects.length === 0;
  return (
    <div className="projects-folder">
      <nav className="folder-path" aria-labelledby={pathLabel}>
        <span id={pathLabel} className="sr-only">
          {t('project.folder.path')}
        </span>
        <ol>
          <li>
            <button
              type="button"
              className="link-button"
              aria-current={parts.length === 0 ? 'location' : undefined}
              onClick={() => onFolder('')}
              title={l.root}
            >
              {t('project.folder')}
            </button>
          </li>
          {parts.map((name, i) => (
            <li key={i}>
              <button
                type="button"
                className="link-button"
                aria-current={i === parts.length - 1 ? 'location' : undefined}
                onClick={() => onFolder(parts.slice(0, i + 1).join('/'))}
              >
                {name}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <ul className="folder-list" aria-label={label}>
        {l.parent !== null && (
          <li>
            <button type="button" className="folder-entry" onClick={() => onFolder(l.parent ?? '')}>
              <span aria-hidden="true">↰</span> {t('project.folder.up')}
            </button>
          </li>
        )}
        {l.folders.map((f) => (
          <li key={f.folder}>
            <button
              type="button"
              className="folder-entry"
              aria-label={t('project.folder.enter', { name: f.name })}
              onClick={() => onFolder(f.folder)}
            >
              <FolderIcon /> {f.name}
            </button>
          </li>
        ))}
        {onOpen &&
          l.projects.map((p) => (
            <li key={p.path}>
              <button
                type="button"
                className="folder-entry project-entry"
                onClick={() => onOpen(p.path)}
              >
                <strong>{p.fileName.replace(/\.casus$/i, '')}</strong>
                <span className="hint">
                  {p.fileName} · {t('project.folder.modified', { date: date(p.modifiedAt) })}
                </span>
              </button>
            </li>
          ))}
      </ul>
      {empty && <p className="hint">{t('project.folder.empty')}</p>}
    </div>
  );
}
