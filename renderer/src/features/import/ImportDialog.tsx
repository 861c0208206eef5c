import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { ImportFileResult } from '../../../../core/shared/contract/import.js';
import type { SpeakerAssignment } from '../../../../core/shared/contract/transcripts.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { Dialog } from '../../lib/Dialog.js';
import { useCall } from '../../lib/useCall.js';
import { fileForCall } from '../../lib/files.js';
import {
  emptyMetadata,
  metadataComplete,
  MetadataFields,
  respondentChoice,
  type Metadata,
} from './MetadataFields.js';
import {
  choicesComplete,
  guessChoices,
  SpeakerMapping,
  toAssignments,
  type FoundSpeaker,
  type SpeakerChoice,
} from '../transcripts/SpeakerMapping.js';
import './import.css';

/** Files that are transcripts (captions), or may be one (a Teams or Zoom transcript document). */
const CAPTIONS = ['vtt', 'srt'];
const MAYBE_TRANSCRIPT = [...CAPTIONS, 'docx', 'txt'];
const extensionOf = (name: string) => /\.([^.]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';

type Phase =
  | { step: 'choose' }
  | { step: 'running'; n: number; total: number; name: string }
  | {
      step: 'speakers';
      fileName: string;
      speakers: FoundSpeaker[];
      answer: (mapping: SpeakerAssignment[] | null) => void;
    }
  | { step: 'done'; results: ImportFileResult[] };

/**
 * Batch import: choose or drop files, fill in the metadata once for the batch, then import file
 * by file (one call each, so progress is "file n of N" and one bad file never stops the rest),
 * ending with a summary of imported, skipped and failed files with their reasons.
 */
export function ImportDialog({
  initialFiles,
  initialCaseId,
  onClose,
}: {
  initialFiles: File[];
  initialCaseId: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const info = useCall('import.info', {});
  const [files, setFiles] = useState<File[]>(initialFiles);
  const [meta, setMeta] = useState<Metadata>(() => emptyMetadata(initialCaseId));
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const [over, setOver] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // Stop asked during a batch: the files in flight finish (each is its own transaction), no
  // further file starts; what was imported stays.
  const stopAsked = useRef(false);
  const [stopping, setStopping] = useState(false);
  const [notStarted, setNotStarted] = useState(0);
  // The Stop button goes when the batch ends: the keyboard's focus goes to what it stopped.
  const stoppedNote = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (phase.step === 'done' && notStarted > 0) stoppedNote.current?.focus();
  }, [phase.step, notStarted]);
  const running = phase.step === 'running' || phase.step === 'speakers';
  const [choices, setChoices] = useState<SpeakerChoice[]>([]);

  /** Shows the speaker mapping of a transcript; resolves with it, or null to skip the file. */
  const askSpeakers = (fileName: string, speakers: FoundSpeaker[]) =>
    new Promise<SpeakerAssignment[] | null>((resolve) => {
      setChoices(guessChoices(speakers));
      setPhase({ step: 'speakers', fileName, speakers, answer: resolve });
    });

  const add = (list: FileList | null) => {
    if (!list) return;
    const chosen = [...list];
    setFiles((prev) => [
      ...prev,
      ...chosen.filter((f) => !prev.some((p) => p.name === f.name && p.size === f.size)),
    ]);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    add(e.dataTransfer.files);
  };

  const start = async () => {
    setError(null);
    const results: (ImportFileResult | undefined)[] = Array.from({ length: files.length });
    const done = () => results.filter((r): r is ImportFileResult => r !== undefined);
    let next = 0;
    let started = 0;
    let stop = false;
    stopAsked.current = false;
    setStopping(false);
    setNotStarted(0);
    // Two files in flight: one parses on the server while the previous one is written. Results
    // keep the order of the files; progress names the file started last.
    const metadata = {
      caseId: meta.caseId || null,
      documentType: meta.documentType,
      date: meta.date || null,
      respondent: respondentChoice(meta),
      validation: meta.documentType === 'interview-report' ? meta.validation : null,
    };
    const importOne = async (file: File): Promise<ImportFileResult | undefined> => {
      const upload = await fileForCall(file);
      if (!MAYBE_TRANSCRIPT.includes(extensionOf(file.name)))
        return api.call('import.file', { file: upload, ...metadata });
      // A transcript: its speakers are mapped before anything is stored.
      const found = await api.call('transcripts.inspect', { file: upload });
      if (found.status === 'failed') return found;
      if (found.status === 'document')
        return api.call('import.file', { file: upload, ...metadata });
      const speakers = await askSpeakers(file.name, found.speakers);
      if (speakers === null) return undefined;
      return api.call('transcripts.import', { file: upload, ...metadata, speakers });
    };
    const lane = async () => {
      for (let i = next++; i < files.length && !stop && !stopAsked.current; i = next++) {
        const file = files[i]!;
        started++;
        setPhase({ step: 'running', n: i + 1, total: files.length, name: file.name });
        results[i] = await importOne(file);
      }
    };
    // A transcript asks who is who: then one file at a time, so questions come one by one.
    const lanes = files.some((f) => MAYBE_TRANSCRIPT.includes(extensionOf(f.name))) ? 1 : 2;
    try {
      await Promise.all(Array.from({ length: lanes }, lane));
      setNotStarted(files.length - started);
      setPhase({ step: 'done', results: done() });
    } catch (e) {
      // A metadata problem (not a bad file) stops the batch; what was imported stays.
      stop = true;
      setError(e instanceof Error ? e.message : String(e));
      setPhase(done().length > 0 ? { step: 'done', results: done() } : { step: 'choose' });
    }
  };

  const extensions = [...(info.data?.extensions ?? []), ...CAPTIONS]
    .filter((e, i, all) => all.indexOf(e) === i)
    .map((e) => `.${e}`);
  const maxMb = Math.round((info.data?.maxFileBytes ?? 0) / 1024 / 1024);

  return (
    <Dialog title={t('import.title')} onClose={onClose} canClose={!running} error={error}>
      {phase.step === 'choose' && (
        <>
          <div
            className={over ? 'import-drop over' : 'import-drop'}
            data-testid="import-drop"
            onDragOver={(e) => {
              e.preventDefault();
              setOver(true);
            }}
            onDragLeave={() => setOver(false)}
            onDrop={onDrop}
          >
            <p>{t('import.dropHere', { extensions: extensions.join(', '), size: maxMb })}</p>
            <input
              ref={inputRef}
              type="file"
              multiple
              accept={extensions.join(',')}
              aria-label={t('import.choose')}
              onChange={(e) => {
                add(e.target.files);
                e.target.value = '';
              }}
            />
          </div>
          {files.length > 0 && (
            <>
              <p>{t('import.files', { count: files.length })}</p>
              <ul className="import-files">
                {files.map((f) => (
                  <li key={`${f.name}:${f.size}`}>
                    <span>{f.name}</span>
                    <button
                      type="button"
                      aria-label={t('import.remove', { name: f.name })}
                      onClick={() => setFiles((prev) => prev.filter((p) => p !== f))}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          <MetadataFields value={meta} onChange={setMeta} />
          <div className="dialog-actions">
            <button
              type="button"
              className="primary"
              disabled={files.length === 0 || !metadataComplete(meta)}
              onClick={() => void start()}
            >
              {t('import.start', { count: files.length })}
            </button>
          </div>
        </>
      )}

      {phase.step === 'running' && (
        <div>
          <p role="status" aria-live="polite" data-testid="import-progress">
            {t('import.progress', { n: phase.n, total: phase.total, name: phase.name })}
          </p>
          <progress
            className="import-progress"
            max={phase.total}
            value={phase.n - 1}
            aria-label={t('import.progress', {
              n: phase.n,
              total: phase.total,
              name: phase.name,
            })}
          />
          <div className="dialog-actions">
            <button
              type="button"
              disabled={stopping}
              onClick={() => {
                stopAsked.current = true;
                setStopping(true);
              }}
            >
              {stopping ? t('import.stopping') : t('import.stop')}
            </button>
          </div>
        </div>
      )}

      {phase.step === 'speakers' && (
        <>
          <SpeakerMapping
            fileName={phase.fileName}
            speakers={phase.speakers}
            value={choices}
            onChange={setChoices}
          />
          <div className="dialog-actions">
            <button type="button" onClick={() => phase.answer(null)}>
              {t('transcripts.speakers.skip')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={!choicesComplete(choices)}
              onClick={() => phase.answer(toAssignments(phase.speakers, choices))}
            >
              {t('transcripts.speakers.confirm')}
            </button>
          </div>
        </>
      )}

      {phase.step === 'done' && notStarted > 0 && (
        <p data-testid="import-stopped" tabIndex={-1} ref={stoppedNote}>
          {t('import.notStarted', { count: notStarted })}
        </p>
      )}
      {phase.step === 'done' && <Summary results={phase.results} />}
      {phase.step === 'done' && (
        <div className="dialog-actions">
          <button
            type="button"
            onClick={() => {
              setFiles([]);
              setPhase({ step: 'choose' });
            }}
          >
            {t('import.another')}
          </button>
        </div>
      )}
    </Dialog>
  );
}

function Summary({ results }: { results: ImportFileResult[] }) {
  const { t } = useI18n();
  const imported = results.filter((r) => r.status === 'imported');
  const skipped = results.filter((r) => r.status === 'duplicate');
  const failed = results.filter((r) => r.status === 'failed');
  return (
    <section
      className="import-summary"
      role="status"
      aria-live="polite"
      data-testid="import-summary"
    >
      <h3>{t('import.summary')}</h3>
      <p>
        {t('import.imported', { count: imported.length })} ·{' '}
        {t('import.skipped', { count: skipped.length })} ·{' '}
        {t('import.failed', { count: failed.length })}
      </p>
      <ul>
        {results.map((r) => (
          <li key={r.fileName} className={r.status}>
            {r.status === 'imported' && `${r.fileName} → ${r.source.title}`}
            {r.status === 'duplicate' &&
              t('import.skippedAs', { name: r.fileName, title: r.existing.title })}
            {r.status === 'failed' && (
              <>
                {r.fileName}: {t(`import.reason.${r.reason}`)}
                <br />
                <small>{r.message}</small>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
