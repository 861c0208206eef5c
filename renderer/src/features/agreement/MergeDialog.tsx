import { useId, useState } from 'react';
import type { MergeConflict, MergePreview } from '../../../../core/shared/contract/merge.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { Dialog } from '../../lib/Dialog.js';
import { asOtherFile, fileForCall, type OtherFile } from '../../lib/files.js';
import { useCall } from '../../lib/useCall.js';

function Conflict({
  c,
  choice,
  onChoose,
}: {
  c: MergeConflict;
  choice: string | undefined;
  onChoose: (choice: string) => void;
}) {
  const { t } = useI18n();
  const name = useId();
  const deleted = c.kind === 'source-deleted-here' || c.kind === 'source-deleted-there';
  return (
    <fieldset className="merge-conflict">
      <legend>
        {t(`merge.conflict.${c.kind}`)}: {c.what}
      </legend>
      <dl>
        <dt>{t('merge.here')}</dt>
        <dd>
          {deleted
            ? t(c.kind === 'source-deleted-here' ? 'merge.deleted' : 'merge.present')
            : c.ours}
        </dd>
        <dt>{t('merge.there')}</dt>
        <dd>
          {deleted
            ? t(c.kind === 'source-deleted-there' ? 'merge.deleted' : 'merge.present')
            : c.theirs}
        </dd>
      </dl>
      {c.choices.map((x) => (
        <label key={x}>
          <input
            type="radio"
            name={name}
            value={x}
            checked={choice === x}
            onChange={() => onChoose(x)}
          />
          {t(`merge.choice.${x}`)}
        </label>
      ))}
    </fieldset>
  );
}

/** Merge a coder's copy: choose the file, see the preview, settle conflicts, merge, undo. */
export function MergeDialog({ onClose }: { onClose: () => void }) {
  const { t, lang, date } = useI18n();
  const id = useId();
  const merges = useCall('merge.list', {});
  const [file, setFile] = useState<File | null>(null);
  const [data, setData] = useState<OtherFile | null>(null);
  const [preview, setPreview] = useState<MergePreview | null>(null);
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState<'reading' | 'merging' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const run = async (what: 'reading' | 'merging' | null, fn: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const doPreview = () =>
    run('reading', async () => {
      if (!file) return;
      const other = asOtherFile(await fileForCall(file));
      setData(other);
      setChoices({});
      setConfirmed(false);
      setPreview(await api.call('merge.preview', other));
    });
  const doMerge = () =>
    run('merging', async () => {
      if (!file || !data) return;
      await api.call('merge.apply', {
        ...data,
        confirmOtherProject: confirmed,
        resolutions: choices,
      });
      setPreview(null);
      setMessage(t('merge.done'));
    });
  const undo = (mergeId: string) =>
    run(null, async () => {
      await api.call('merge.undo', { mergeId });
      setMessage(t('merge.undone'));
    });

  const open = preview ? preview.conflicts.filter((c) => !choices[c.id]).length : 0;
  const canMerge =
    preview !== null &&
    !preview.nothingToDo &&
    open === 0 &&
    (preview.sameProject || confirmed) &&
    busy === null;
  const c = preview?.counts;
  return (
    <Dialog
      className="merge-dialog"
      title={t('merge.title')}
      onClose={onClose}
      canClose={busy !== 'merging'}
      error={error}
    >
      <p>{t('merge.intro')}</p>
      {message && <p role="status">{message}</p>}
      <form
        className="merge-file"
        onSubmit={(e) => {
          e.preventDefault();
          void doPreview();
        }}
      >
        <label>
          {t('merge.file')}
          <input
            type="file"
            accept=".casus"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPreview(null);
            }}
          />
        </label>
        <button type="submit" disabled={!file || busy !== null}>
          {busy === 'reading' ? t('merge.reading') : t('merge.preview')}
        </button>
      </form>
      {preview && c && (
        <section aria-labelledby={`${id}-counts`} className="merge-preview">
          <h3 id={`${id}-counts`}>{t('merge.counts')}</h3>
          {!preview.sameProject && (
            <div className="merge-other" role="note">
              <p>{t('merge.otherProject', { name: preview.other.name })}</p>
              <label>
                <input
                  type="checkbox"
                  checked={confirmed}
                  onChange={(e) => setConfirmed(e.target.checked)}
                />
                {t('merge.confirmOther')}
              </label>
            </div>
          )}
          {preview.nothingToDo ? (
            <p>{t('merge.nothing')}</p>
          ) : (
            <ul>
              <li>
                {t('merge.count.sources', {
                  added: c.sources.added,
                  byId: c.sources.matchedById,
                  byText: c.sources.matchedByText,
                })}
              </li>
              <li>
                {t('merge.count.codes', {
                  added: c.codes.added,
                  matched: c.codes.matched,
                  updated: c.codes.updated,
                })}
              </li>
              <li>
                {t('merge.count.codings', {
                  added: c.codings.added,
                  matched: c.codings.matched,
                  deleted: c.codings.keptDeleted,
                })}
              </li>
              <li>{t('merge.count.memos', c.memos)}</li>
              <li>{t('merge.count.syntheses', c.syntheses)}</li>
              <li>{t('merge.count.coders', c.coders)}</li>
            </ul>
          )}
          {preview.codingsByCoder.length > 0 && (
            <>
              <h4>{t('merge.byCoder')}</h4>
              <ul>
                {preview.codingsByCoder.map((x) => (
                  <li key={x.coderId ?? ''}>
                    {x.name || '—'}: {x.added}
                  </li>
                ))}
              </ul>
            </>
          )}
          {preview.newSources.length > 0 && (
            <>
              <h4>{t('merge.newSources')}</h4>
              <ul>
                {preview.newSources.map((s) => (
                  <li key={s.id}>{s.title}</li>
                ))}
              </ul>
            </>
          )}
          {preview.newCodes.length > 0 && (
            <>
              <h4>{t('merge.newCodes')}</h4>
              <ul>
                {preview.newCodes.map((x) => (
                  <li key={x.id}>{lang === 'nl' ? x.label.nl : x.label.en || x.label.nl}</li>
                ))}
              </ul>
            </>
          )}
          {preview.conflicts.length > 0 && (
            <>
              <h4>{t('merge.conflicts', { n: preview.conflicts.length })}</h4>
              {preview.conflicts.map((x) => (
                <Conflict
                  key={x.id}
                  c={x}
                  choice={choices[x.id]}
                  onChoose={(v) => setChoices((all) => ({ ...all, [x.id]: v }))}
                />
              ))}
            </>
          )}
          <button type="button" disabled={!canMerge} onClick={() => void doMerge()}>
            {busy === 'merging' ? t('merge.merging') : t('merge.apply')}
          </button>
        </section>
      )}
      {(merges.data?.length ?? 0) > 0 && (
        <section aria-labelledby={`${id}-history`}>
          <h3 id={`${id}-history`}>{t('merge.history')}</h3>
          <ul className="merge-history">
            {merges.data?.map((m) => (
              <li key={m.id}>
                {t('merge.historyLine', {
                  file: m.fileName,
                  at: date(m.mergedAt, 'dateTime'),
                  who: m.mergedBy ?? '—',
                })}{' '}
                <button type="button" disabled={busy !== null} onClick={() => void undo(m.id)}>
                  {t('merge.undo')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Dialog>
  );
}
