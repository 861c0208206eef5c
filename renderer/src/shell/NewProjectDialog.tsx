import { useId, useState } from 'react';
import { projectFileName } from '../../../core/shared/text/slug.js';
import { useI18n } from '../i18n/index.js';
import { api } from '../lib/api.js';
import { Dialog } from '../lib/Dialog.js';
import { useCall } from '../lib/useCall.js';
import { pathIn, ProjectsFolder } from './ProjectsFolder.js';

type TemplateKey = 'regio-deals' | 'blank';

/**
 * A new project: its name (asked, and stored as the project's name), what it starts from, and
 * where it goes. In the browser the place is a folder of the projects folder and the file is
 * named after the project; on the desktop the native save dialog chooses it. No path is typed.
 */
export function NewProjectDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: () => void;
}) {
  const { t, label } = useI18n();
  const ids = useId();
  const templates = useCall('project.templates', {});
  const desktop = typeof window.casus?.chooseNewProjectLocation === 'function';
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<TemplateKey>('regio-deals');
  const [demo, setDemo] = useState(false);
  const [folder, setFolder] = useState('');
  const [chosenPath, setChosenPath] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const listing = useCall('projects.browse', desktop ? null : { folder });
  const trimmed = name.trim();
  const fileName = projectFileName(trimmed || t('project.dialog.title'));
  const target = desktop ? chosenPath : listing.data ? pathIn(listing.data, fileName) : null;

  const chooseLocation = async (): Promise<string | null> => {
    const path = (await window.casus?.chooseNewProjectLocation(trimmed)) ?? null;
    if (path) setChosenPath(path);
    return path;
  };

  const create = async () => {
    if (!trimmed) {
      setError(t('project.dialog.needName'));
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const options = { name: trimmed, template, demo: template === 'regio-deals' && demo };
      if (desktop) {
        const path = chosenPath ?? (await chooseLocation());
        if (!path) return;
        await api.call('project.create', { ...options, path });
      } else {
        await api.call('project.create', { ...options, folder });
      }
      onCreated();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      className="new-project-dialog"
      title={t('project.dialog.title')}
      onClose={onClose}
      canClose={!busy}
      error={error}
    >
      <form
        className="new-project"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <div className="field">
          <label htmlFor={`${ids}-name`}>{t('project.dialog.name')}</label>
          <input
            id={`${ids}-name`}
            value={name}
            required
            maxLength={200}
            aria-describedby={`${ids}-name-hint`}
            onChange={(e) => setName(e.target.value)}
          />
          <p id={`${ids}-name-hint`} className="hint">
            {t('project.dialog.nameHint')}
          </p>
        </div>

        <fieldset className="field">
          <legend>{t('project.dialog.start')}</legend>
          {(templates.data ?? []).map((tpl) => (
            <div key={tpl.key}>
              <label className="choice">
                <input
                  type="radio"
                  name={`${ids}-template`}
                  value={tpl.key}
                  checked={template === tpl.key}
                  onChange={() => setTemplate(tpl.key as TemplateKey)}
                />
                <span>
                  <strong>{label(tpl.name)}</strong>
                  <span className="hint">{label(tpl.description)}</span>
                </span>
              </label>
              {/* The demo study belongs to the Regio Deals template: offered right under it. */}
              {tpl.key === 'regio-deals' && (
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={demo && template === 'regio-deals'}
                    disabled={template !== 'regio-deals'}
                    onChange={(e) => setDemo(e.target.checked)}
                  />
                  {t('project.dialog.demo')}
                </label>
              )}
            </div>
          ))}
        </fieldset>

        <fieldset className="field">
          <legend>{t('project.dialog.location')}</legend>
          {desktop ? (
            <p>
              <button type="button" disabled={busy} onClick={() => void chooseLocation()}>
                {t('project.dialog.chooseLocation')}
              </button>
            </p>
          ) : (
            <>
              <p className="hint">{t('project.dialog.locationHint')}</p>
              <ProjectsFolder
                folder={folder}
                onFolder={setFolder}
                label={t('project.dialog.location')}
              />
            </>
          )}
          <p className="file-target" aria-live="polite">
            <span>{t('project.dialog.file')}: </span>
            {target ? <code>{target}</code> : <em>{t('project.dialog.noLocation')}</em>}
          </p>
        </fieldset>

        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy || !trimmed}>
            {busy ? t('project.dialog.creating') : t('project.create')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
