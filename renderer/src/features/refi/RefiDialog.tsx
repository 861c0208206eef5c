import { useEffect, useId, useRef, useState } from 'react';
import type { OutputOf, Contract } from '../../../../core/shared/contract/index.js';
import {
  DEFAULT_AUDIENCE,
  type Audience,
} from '../../../../core/shared/contract/confidentiality.js';
import type { RefiProgress, RefiReport } from '../../../../core/shared/contract/refi.js';
import { AudienceSelect } from '../confidentiality/AudienceSelect.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { Dialog } from '../../lib/Dialog.js';
import { useCall } from '../../lib/useCall.js';
import { asOtherFile, downloadBase64, fileForCall } from '../../lib/files.js';
import { pathIn, ProjectsFolder } from '../../shell/ProjectsFolder.js';
import { projectFileName } from '../../../../core/shared/text/slug.js';
import { CasusError } from '../../../../core/shared/errors.js';
import { RefiReportView } from './Report.js';
import './refi.css';

type CodebookResult = OutputOf<Contract, 'refi.importCodebook'>;

/** How often a waiting window asks how far an export or import is. */
const PROGRESS_POLL_MS = 500;

/** The name a project imported from a REFI-QDA file gets its file name from. */
const baseName = (fileName: string) => fileName.replace(/\.(qdpx|qde)$/i, '');

/** Export to and import from REFI-QDA files; reports are shown in place. */
export function RefiDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const sectionId = useId();
  const [busy, setBusy] = useState(false);
  // Who the exported project is for (default: respondents; the register is applied and checked).
  const [audience, setAudience] = useState<Audience>(DEFAULT_AUDIENCE);
  // One selection per code, for readers that take only the first Coding of a selection.
  const [selectionPerCode, setSelectionPerCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [report, setReport] = useState<RefiReport | null>(null);
  const [projectFile, setProjectFile] = useState<File | null>(null);
  // Where the imported project goes: a folder of the projects folder, or (desktop) where the
  // native save dialog chose. The page names no path of its own.
  const desktop = typeof window.casus?.chooseNewProjectLocation === 'function';
  const [folder, setFolder] = useState('');
  const [chosenPath, setChosenPath] = useState<string | null>(null);
  const listing = useCall('projects.browse', desktop ? null : { folder });
  const target = projectFile
    ? desktop
      ? chosenPath
      : listing.data
        ? pathIn(listing.data, projectFileName(baseName(projectFile.name)))
        : null
    : null;
  const chooseLocation = async (): Promise<string | null> => {
    const path =
      (await window.casus?.chooseNewProjectLocation(baseName(projectFile?.name ?? ''))) ?? null;
    if (path) setChosenPath(path);
    return path;
  };
  const [codebookFile, setCodebookFile] = useState<File | null>(null);
  const [pending, setPending] = useState<CodebookResult | null>(null);

  // While an export or import of a project runs, the server is asked how far it is.
  const [progress, setProgress] = useState<RefiProgress | null>(null);
  const [watching, setWatching] = useState(false);
  useEffect(() => {
    if (!watching) return;
    let live = true;
    const ask = () =>
      void api.call('refi.progress', {}).then(
        (p) => live && setProgress(p),
        () => {},
      );
    const timer = window.setInterval(ask, PROGRESS_POLL_MS);
    return () => {
      live = false;
      window.clearInterval(timer);
      setProgress(null);
    };
  }, [watching]);

  // Sources taken in "n of N", or "n" while the file has not said how many it holds.
  const progressText = !progress
    ? ''
    : t(
        progress.step === 'building' && progress.total === undefined
          ? 'refi.progress.buildingSoFar'
          : `refi.progress.${progress.step}`,
        { done: progress.done ?? 0, total: progress.total ?? 0 },
      );

  // The Stop button goes with the import it stopped: the keyboard's focus goes back to Import.
  const importButton = useRef<HTMLButtonElement>(null);
  const [stopped, setStopped] = useState(false);
  useEffect(() => {
    if (!stopped || busy) return;
    importButton.current?.focus();
    setStopped(false);
  }, [stopped, busy]);

  const run = async (fn: () => Promise<void>, watch = false) => {
    setWatching(watch);
    setBusy(true);
    setError(null);
    setMessage(null);
    setReport(null);
    try {
      await fn();
    } catch (e) {
      // Stopped by the user (refi.cancel): said as what happened, not as an error.
      if (e instanceof CasusError && e.code === 'cancelled') {
        setMessage(t('refi.stopped'));
        setStopped(true);
      } else setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
      setWatching(false);
    }
  };

  const doExport = (format: 'qdpx' | 'qdc') =>
    run(async () => {
      const r = await api.call('refi.export', {
        format,
        audience,
        ...(format === 'qdpx' ? { selectionPerCode } : {}),
      });
      if (r.data)
        downloadBase64(
          r.data,
          r.fileName,
          format === 'qdpx' ? 'application/zip' : 'application/xml',
        );
      setMessage(t('refi.exported', { file: r.fileName, size: r.size }));
    }, format === 'qdpx');

  const doImportProject = () =>
    run(async () => {
      if (!projectFile) return;
      const where = desktop ? (chosenPath ?? (await chooseLocation())) : null;
      if (desktop && !where) return;
      const r = await api.call('refi.importProject', {
        ...asOtherFile(await fileForCall(projectFile)),
        ...(where ? { outPath: where } : { folder }),
        open: true,
      });
      setReport(r.report);
      setMessage(t('refi.importedProject', { path: r.path }));
    }, true);

  const doImportCodebook = (onConflict?: 'keep' | 'rename' | 'merge') =>
    run(async () => {
      if (!codebookFile) return;
      const r = await api.call('refi.importCodebook', {
        ...asOtherFile(await fileForCall(codebookFile)),
        ...(onConflict ? { onConflict } : {}),
      });
      if (!r.applied) {
        setPending(r);
        return;
      }
      setPending(null);
      setReport(r.report);
      setMessage(
        t('refi.codebookDone', {
          added: r.added,
          updated: r.updated,
          renamed: r.renamed,
          unchanged: r.unchanged,
        }),
      );
    });

  return (
    <Dialog className="refi-dialog" title={t('refi.title')} onClose={onClose} error={error}>
      {message && <p role="status">{message}</p>}
      {busy && progress && (
        <div className="refi-progress">
          <p aria-live="polite" data-testid="refi-progress">
            {progressText}
          </p>
          <progress
            aria-label={progressText}
            {...(progress.total ? { max: progress.total, value: progress.done ?? 0 } : {})}
          />
          {progress.operation === 'import' && (
            <button type="button" onClick={() => void api.call('refi.cancel', {}).catch(() => {})}>
              {t('refi.stop')}
            </button>
          )}
        </div>
      )}

      <section aria-labelledby={`${sectionId}-export`}>
        <h3 id={`${sectionId}-export`}>{t('refi.export')}</h3>
        <div className="refi-row">
          <AudienceSelect value={audience} onChange={setAudience} />
          <button type="button" disabled={busy} onClick={() => void doExport('qdpx')}>
            {t('refi.exportQdpx')}
          </button>
          <button type="button" disabled={busy} onClick={() => void doExport('qdc')}>
            {t('refi.exportQdc')}
          </button>
        </div>
        <label className="refi-option">
          <input
            type="checkbox"
            checked={selectionPerCode}
            onChange={(e) => setSelectionPerCode(e.target.checked)}
          />{' '}
          {t('refi.selectionPerCode')}
        </label>
        <p className="refi-hint">{t('refi.selectionPerCodeHint')}</p>
        <p className="refi-hint">{t('refi.positionsNote')}</p>
      </section>

      <section aria-labelledby={`${sectionId}-qdpx`}>
        <h3 id={`${sectionId}-qdpx`}>{t('refi.importProject')}</h3>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void doImportProject();
          }}
        >
          <label>
            {t('refi.file')}
            <input
              type="file"
              accept=".qdpx,.qde"
              onChange={(e) => {
                setProjectFile(e.target.files?.[0] ?? null);
                setChosenPath(null);
              }}
            />
          </label>
          <fieldset className="refi-location">
            <legend>{t('refi.newPath')}</legend>
            {desktop ? (
              <button
                type="button"
                disabled={busy || !projectFile}
                onClick={() => void chooseLocation()}
              >
                {t('project.dialog.chooseLocation')}
              </button>
            ) : (
              <ProjectsFolder folder={folder} onFolder={setFolder} label={t('refi.newPath')} />
            )}
            {target && (
              <p className="file-target">
                {t('project.dialog.file')}: <code>{target}</code>
              </p>
            )}
          </fieldset>
          <button type="submit" disabled={busy || !projectFile} ref={importButton}>
            {busy ? t('refi.importing') : t('refi.importButton')}
          </button>
        </form>
      </section>

      <section aria-labelledby={`${sectionId}-qdc`}>
        <h3 id={`${sectionId}-qdc`}>{t('refi.importCodebook')}</h3>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void doImportCodebook();
          }}
        >
          <label>
            {t('refi.file')}
            <input
              type="file"
              accept=".qdc"
              onChange={(e) => {
                setCodebookFile(e.target.files?.[0] ?? null);
                setPending(null);
              }}
            />
          </label>
          <button type="submit" disabled={busy || !codebookFile}>
            {t('refi.importButton')}
          </button>
        </form>
        {pending && (
          <div
            className="refi-conflicts"
            role="group"
            aria-label={t('refi.conflicts', { n: pending.conflicts.length })}
          >
            <p>{t('refi.conflicts', { n: pending.conflicts.length })}</p>
            <ul>
              {pending.conflicts.map((c) => (
                <li key={c.guid}>
                  “{c.name}” ↔ “{c.existingLabel}” ({t(`refi.matchedBy.${c.matchedBy}`)}):{' '}
                  {c.differences.join('; ')}
                </li>
              ))}
            </ul>
            <div className="refi-row">
              <button type="button" disabled={busy} onClick={() => void doImportCodebook('keep')}>
                {t('refi.keep')}
              </button>
              <button type="button" disabled={busy} onClick={() => void doImportCodebook('rename')}>
                {t('refi.rename')}
              </button>
              <button type="button" disabled={busy} onClick={() => void doImportCodebook('merge')}>
                {t('refi.merge')}
              </button>
            </div>
          </div>
        )}
      </section>

      {report && <RefiReportView report={report} />}
    </Dialog>
  );
}
