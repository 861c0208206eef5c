import { useEffect, useId, useRef, useState } from 'react';
import type { Snapshot } from '../../../../core/shared/contract/snapshots.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import './snapshots.css';

type T = ReturnType<typeof useI18n>['t'];

/** "3 mrt 2025, 10:42:05" in the chosen language (seconds: snapshots come close together). */
function when(iso: string, lang: 'nl' | 'en'): string {
  return new Date(iso).toLocaleString(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
}

/** A table of the change log by the name a person knows it by. */
function tableLabel(table: string, t: T): string {
  const key = `snapshots.count.${table === 'synthesis_cells' ? 'syntheses' : table}`;
  const known = t(key);
  return known === key ? table : known;
}

function size(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${Math.max(1, Math.round(bytes / 1024))} KB`
    : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The time a snapshot id stands for (the core names snapshots by UTC time). */
function idTime(id: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z/.exec(id);
  return m ? `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z` : null;
}

/** Why a snapshot was taken, in the user's language where Casus wrote the reason itself. */
function reasonText(s: Snapshot, t: T, lang: 'nl' | 'en'): string {
  if (s.kind === 'open') return t('snapshots.reason.open');
  if (s.kind === 'hourly') return t('snapshots.reason.hourly');
  if (s.kind === 'manual')
    return s.reason === 'taken by hand' ? t('snapshots.reason.manual') : s.reason;
  const op = s.reason.replace(/^before /, '');
  const restoring = /^restoring (\S+)/.exec(op);
  if (restoring) {
    const at = idTime(restoring[1] ?? '');
    return t('snapshots.reason.restore', { time: at ? when(at, lang) : (restoring[1] ?? '') });
  }
  const migration = /^migration to schema (\d+)/.exec(op);
  if (migration) return t('snapshots.reason.migration', { n: migration[1] ?? '' });
  const key = `snapshots.reason.${op}`;
  const known = t(key);
  return known === key ? s.reason : known;
}

function lastChangeText(s: Snapshot, t: T, lang: 'nl' | 'en'): string {
  if (s.status === 'damaged') return t('snapshots.damaged', { problem: s.problem ?? '' });
  const c = s.lastChange;
  if (!c) return '';
  return `${when(c.at, lang)} · ${c.action}${c.coder ? ` ${t('snapshots.by', { coder: c.coder })}` : ''}`;
}

/**
 * The Restore view: the project's snapshots (when, why, what they hold, their last change), a
 * preview of one compared with the project now, and restoring it as a new file or in place.
 */
export function SnapshotsView() {
  const { t, lang } = useI18n();
  const titleId = useId();
  const list = useCall('snapshots.list', {});
  const [selected, setSelected] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const snapshots = list.data?.snapshots ?? [];

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const take = () =>
    run(async () => {
      const s = await api.call('snapshots.take', reason.trim() ? { reason: reason.trim() } : {});
      setReason('');
      setMessage(t('snapshots.taken', { time: when(s.takenAt, lang) }));
    });

  return (
    <section className="snapshots-view" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('snapshots.title')}</h2>
      {list.error && (
        <p role="alert" className="error">
          {list.error.message}
        </p>
      )}
      {list.data && !list.data.folder && <p>{t('snapshots.noFile')}</p>}
      {list.data?.folder && (
        <>
          <p className="snapshots-intro">
            {t('snapshots.intro')} <code className="snapshots-folder">{list.data.folder}</code>
          </p>
          <p className="snapshots-hint">{t('snapshots.policy')}</p>
          {list.data.problem && (
            <p role="alert" className="error">
              {t('snapshots.autoProblem', { problem: list.data.problem })}
            </p>
          )}
          <form
            className="snapshots-take"
            onSubmit={(e) => {
              e.preventDefault();
              void take();
            }}
          >
            <label>
              {t('snapshots.takeReason')}
              <input value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} />
            </label>
            <button type="submit" disabled={busy}>
              {t('snapshots.take')}
            </button>
          </form>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p role="status">{message}</p>}
      {list.data?.folder && (
        <div className="snapshots-layout">
          <div className="snapshots-list">
            {snapshots.length === 0 ? (
              <p className="empty">{t('snapshots.none')}</p>
            ) : (
              <table>
                <caption>{t('snapshots.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('snapshots.col.time')}</th>
                    <th scope="col">{t('snapshots.col.reason')}</th>
                    <th scope="col">{t('snapshots.col.counts')}</th>
                    <th scope="col">{t('snapshots.col.lastChange')}</th>
                    <th scope="col">
                      <span className="sr-only">{t('snapshots.col.preview')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {snapshots.map((s) => (
                    <tr
                      key={s.id}
                      data-snapshot-id={s.id}
                      className={[
                        s.id === selected ? 'selected' : '',
                        s.status === 'damaged' ? 'damaged' : '',
                      ].join(' ')}
                    >
                      <td>{when(s.takenAt, lang)}</td>
                      <td>{reasonText(s, t, lang)}</td>
                      <td>
                        {s.counts ? t('snapshots.counts', { ...s.counts }) : '—'}{' '}
                        <span className="snapshots-size">({size(s.size)})</span>
                      </td>
                      <td>{lastChangeText(s, t, lang)}</td>
                      <td>
                        <button
                          type="button"
                          aria-pressed={s.id === selected}
                          aria-label={t('snapshots.show', {
                            time: when(s.takenAt, lang),
                            reason: reasonText(s, t, lang),
                          })}
                          onClick={() => {
                            setSelected(s.id);
                            setMessage(null);
                            setError(null);
                          }}
                        >
                          {t('snapshots.col.preview')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          {selected ? (
            <Preview
              key={selected}
              id={selected}
              busy={busy}
              run={run}
              onRestored={(text) => {
                setSelected(null);
                // The restore's answer says everything changed: every view re-reads.
                setMessage(text);
              }}
              onCopied={(text) => setMessage(text)}
            />
          ) : (
            snapshots.length > 0 && <p className="snapshots-choose">{t('snapshots.choose')}</p>
          )}
        </div>
      )}
    </section>
  );
}

const COUNTED = ['sources', 'codes', 'segments', 'codings', 'memos', 'syntheses'] as const;

function Preview(props: {
  id: string;
  busy: boolean;
  run: (fn: () => Promise<void>) => Promise<void>;
  onRestored: (message: string) => void;
  onCopied: (message: string) => void;
}) {
  const { id, busy, run } = props;
  const { t, lang } = useI18n();
  const headingId = useId();
  const confirmId = useId();
  const preview = useCall('snapshots.preview', { id, changes: 8 });
  const info = useCall('project.info', {});
  const [mode, setMode] = useState<'none' | 'copy' | 'confirm'>('none');
  const [name, setName] = useState('');
  const [copied, setCopied] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const s = preview.data;

  // Keyboard users land on the preview they asked for.
  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    if (mode !== 'confirm') return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setMode('none');
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mode]);

  const stem = (info.data?.path ?? 'project')
    .split(/[\\/]/)
    .pop()!
    .replace(/\.casus$/i, '');
  const suggestion = `${stem}-${(idTime(id) ?? '').slice(0, 16).replace(/[:T]/g, '-')}.casus`;
  const time = s ? when(s.takenAt, lang) : '';
  const now = info.data?.counts as Partial<Record<(typeof COUNTED)[number], number>> | undefined;

  const restoreCopy = () =>
    run(async () => {
      const r = await api.call('snapshots.restore', { id, mode: 'copy', name: name.trim() });
      setCopied(r.path);
      setMode('none');
      props.onCopied(t('snapshots.copied', { path: r.path }));
    });

  const restoreInPlace = () =>
    run(async () => {
      const r = await api.call('snapshots.restore', { id, mode: 'inPlace' });
      props.onRestored(
        t('snapshots.restored', {
          time,
          before: r.before ? when(r.before.takenAt, lang) : '—',
        }),
      );
    });

  return (
    <section className="snapshots-preview" aria-labelledby={headingId}>
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        {s ? t('snapshots.previewTitle', { time }) : t('snapshots.preview')}
      </h3>
      {preview.error && (
        <p role="alert" className="error">
          {preview.error.message}
        </p>
      )}
      {s && s.status === 'damaged' && (
        <p role="alert" className="error">
          {t('snapshots.damaged', { problem: s.problem ?? '' })} {t('snapshots.damagedNote')}
        </p>
      )}
      {s && s.status === 'ok' && (
        <>
          <p>{reasonText(s, t, lang)}</p>
          <table className="snapshots-compare">
            <caption>{t('snapshots.compare')}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span className="sr-only">{t('snapshots.compare.what')}</span>
                </th>
                <th scope="col">{t('snapshots.compare.then')}</th>
                <th scope="col">{t('snapshots.compare.now')}</th>
              </tr>
            </thead>
            <tbody>
              {COUNTED.map((k) => (
                <tr key={k} data-count={k}>
                  <th scope="row">{t(`snapshots.count.${k}`)}</th>
                  <td>{s.counts?.[k] ?? '—'}</td>
                  <td>{now?.[k] ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>{t('snapshots.recent')}</h4>
          {s.recentChanges.length === 0 ? (
            <p className="empty">{t('snapshots.recentNone')}</p>
          ) : (
            <ol className="snapshots-changes">
              {s.recentChanges.map((c, i) => (
                <li key={i}>
                  <span>{when(c.at, lang)}</span> <code>{c.action}</code>
                  {c.coder ? ` ${t('snapshots.by', { coder: c.coder })}` : ''}
                  {Object.keys(c.entities).length > 0 && (
                    <span className="snapshots-rows">
                      {' — '}
                      {Object.entries(c.entities)
                        .map(([table, n]) =>
                          t('snapshots.rows', { n, table: tableLabel(table, t) }),
                        )
                        .join(', ')}
                    </span>
                  )}
                </li>
              ))}
            </ol>
          )}
          <div className="snapshots-actions">
            <button
              type="button"
              disabled={busy}
              aria-expanded={mode === 'copy'}
              onClick={() => {
                setName((n) => n || suggestion);
                setMode((m) => (m === 'copy' ? 'none' : 'copy'));
              }}
            >
              {t('snapshots.asCopy')}
            </button>
            <button
              type="button"
              className="danger"
              disabled={busy}
              aria-haspopup="dialog"
              onClick={() => setMode('confirm')}
            >
              {t('snapshots.inPlace')}
            </button>
          </div>
          {mode === 'copy' && (
            <form
              className="snapshots-copy"
              onSubmit={(e) => {
                e.preventDefault();
                void restoreCopy();
              }}
            >
              <label>
                {t('snapshots.copyName')}
                <input value={name} autoFocus onChange={(e) => setName(e.target.value)} />
              </label>
              <p className="snapshots-hint">{t('snapshots.copyHint')}</p>
              <button type="submit" disabled={busy || !name.trim()}>
                {busy ? t('snapshots.working') : t('snapshots.copyButton')}
              </button>
            </form>
          )}
          {copied && mode === 'none' && (
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void run(async () => {
                  await api.call('project.open', { path: copied });
                })
              }
            >
              {t('snapshots.openCopy')}
            </button>
          )}
          {mode === 'confirm' && (
            <div
              role="alertdialog"
              aria-modal="false"
              aria-labelledby={`${confirmId}-title`}
              aria-describedby={`${confirmId}-text`}
              className="snapshots-confirm"
            >
              <h4 id={`${confirmId}-title`}>{t('snapshots.confirmTitle')}</h4>
              <p id={`${confirmId}-text`}>{t('snapshots.confirm', { time })}</p>
              <button
                type="button"
                className="danger"
                disabled={busy}
                onClick={() => void restoreInPlace()}
              >
                {busy ? t('snapshots.working') : t('snapshots.confirmButton')}
              </button>
              <button type="button" autoFocus onClick={() => setMode('none')}>
                {t('snapshots.cancel')}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
