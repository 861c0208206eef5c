import { useId, useState } from 'react';
import {
  ImportReasonSchema,
  type NewVersionResult,
} from '../../../../core/shared/contract/import.js';
import { CasusError } from '../../../../core/shared/errors.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { Dialog } from '../../lib/Dialog.js';
import { fileForCall, type FileForCall } from '../../lib/files.js';
import { useCall } from '../../lib/useCall.js';
import { useNav } from '../../shell/nav.js';
import './import.css';

type Phase =
  | { step: 'choose' }
  | { step: 'checking'; name: string }
  | { step: 'preview'; name: string; data: FileForCall; result: NewVersionResult }
  | { step: 'importing'; name: string; result: NewVersionResult };

// The reasons the contract declares (the messages for each live in the i18n table).
const REASONS = new Set<string>(ImportReasonSchema.options);

/**
 * A new version of the open source: choose the changed file, see a preview (a dry run: how many
 * coded segments can be re-anchored by their text, and every one that cannot, with its codes),
 * then import it, explicitly keeping those segments on the previous version if there are any.
 * Afterwards the new version is opened.
 */
export function NewVersionDialog({ sourceId, onClose }: { sourceId: string; onClose: () => void }) {
  const { t, label } = useI18n();
  const nav = useNav();
  const fieldId = useId();
  const source = useCall('sources.get', { id: sourceId });
  const info = useCall('import.info', {});
  const codes = useCall('codes.tree', {});
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const busy = phase.step === 'checking' || phase.step === 'importing';

  /** A refused file is named with its reason in the user's language when the server gives one. */
  const failure = (name: string, e: unknown): string => {
    if (e instanceof CasusError && e.code === 'import_failed') {
      const d = e.details as { reason?: unknown; fileName?: unknown } | undefined;
      if (typeof d?.reason === 'string' && REASONS.has(d.reason)) {
        return `${typeof d.fileName === 'string' ? d.fileName : name}: ${t(`import.reason.${d.reason}`)}`;
      }
    }
    const message = e instanceof Error ? e.message : String(e);
    return message.startsWith(`${name}:`) ? message : `${name}: ${message}`;
  };

  const check = async (file: File) => {
    setError(null);
    setPhase({ step: 'checking', name: file.name });
    try {
      const data = await fileForCall(file);
      const result = await api.call('import.newVersion', {
        sourceId,
        file: data,
        dryRun: true,
      });
      setPhase({ step: 'preview', name: file.name, data, result });
    } catch (e) {
      setError(failure(file.name, e));
      setPhase({ step: 'choose' });
    }
  };

  const commit = async (name: string, data: FileForCall, previewed: NewVersionResult) => {
    setError(null);
    setPhase({ step: 'importing', name, result: previewed });
    try {
      const result = await api.call('import.newVersion', {
        sourceId,
        file: data,
        // Only what the user agreed to: leaving segments behind needs the explicit button.
        allowUnanchored: previewed.unanchored.length > 0,
      });
      if (result.status === 'imported' && result.source) {
        nav.openSource(result.source.id);
        onClose();
        return;
      }
      // Refused or unchanged after all (the source changed meanwhile): show what it says now.
      setPhase({ step: 'preview', name, data, result });
    } catch (e) {
      setError(failure(name, e));
      setPhase({ step: 'preview', name, data, result: previewed });
    }
  };

  const s = source.data;
  const extensions = (info.data?.extensions ?? []).map((e) => `.${e}`);
  const codeById = new Map((codes.data ?? []).map((c) => [c.id, c]));
  const shown = phase.step === 'preview' || phase.step === 'importing' ? phase : null;

  return (
    <Dialog
      className="new-version"
      title={s ? t('import.newVersion.title', { title: s.title }) : t('import.newVersion.button')}
      onClose={onClose}
      canClose={!busy}
      error={error}
    >
      {source.error && (
        <p role="alert" className="error">
          {source.error.message}
        </p>
      )}

      {s?.replacedById ? (
        <>
          <p>{t('import.newVersion.earlier')}</p>
          <div className="dialog-actions">
            <button
              type="button"
              className="primary"
              onClick={() => {
                nav.openSource(s.replacedById!);
                onClose();
              }}
            >
              {t('source.version.openNewer')}
            </button>
          </div>
        </>
      ) : (
        <>
          <p>{t('import.newVersion.intro')}</p>
          <div className="import-form">
            <label htmlFor={`${fieldId}-file`}>{t('import.newVersion.choose')}</label>
            <input
              id={`${fieldId}-file`}
              type="file"
              accept={extensions.join(',')}
              disabled={busy || !s}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void check(file);
              }}
            />
          </div>
        </>
      )}

      {phase.step === 'checking' && (
        <p role="status" aria-live="polite">
          {t('import.newVersion.checking', { name: phase.name })}
        </p>
      )}

      {shown && (
        <Preview
          name={shown.name}
          result={shown.result}
          codeLabel={(id, fallback) => {
            const c = codeById.get(id);
            return { text: c ? label(c.label) : fallback, color: c?.color };
          }}
        />
      )}

      {shown && shown.result.status !== 'unchanged' && (
        <div className="dialog-actions">
          <button type="button" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={busy || phase.step !== 'preview'}
            onClick={() =>
              phase.step === 'preview' && void commit(phase.name, phase.data, phase.result)
            }
          >
            {phase.step === 'importing'
              ? t('import.newVersion.importing')
              : shown.result.unanchored.length > 0
                ? t(
                    shown.result.unanchored.length === 1
                      ? 'import.newVersion.importAnyway.one'
                      : 'import.newVersion.importAnyway',
                    { count: shown.result.unanchored.length },
                  )
                : t('import.newVersion.import')}
          </button>
        </div>
      )}
    </Dialog>
  );
}

function Preview({
  name,
  result,
  codeLabel,
}: {
  name: string;
  result: NewVersionResult;
  codeLabel: (id: string, fallback: string) => { text: string; color: string | undefined };
}) {
  const { t } = useI18n();
  const listId = useId();
  if (result.status === 'unchanged') {
    return (
      <p role="status" data-testid="new-version-preview">
        {t('import.newVersion.unchanged', { name })}
      </p>
    );
  }
  const { total, reanchored } = result.segments;
  const lost = result.unanchored;
  return (
    <section className="new-version-preview" data-testid="new-version-preview" aria-live="polite">
      <p>
        <strong>
          {total === 0
            ? t('import.newVersion.noSegments')
            : t('import.newVersion.reanchored', { n: reanchored, total })}
        </strong>
        {result.status === 'refused' && (
          <>
            <br />
            <span className="error">{t('import.newVersion.refused')}</span>
          </>
        )}
      </p>
      {lost.length > 0 && (
        <>
          <p id={listId}>
            {t(lost.length === 1 ? 'import.newVersion.lost.one' : 'import.newVersion.lost', {
              count: lost.length,
            })}
          </p>
          <ul className="new-version-lost" aria-labelledby={listId}>
            {lost.map((u) => (
              <li key={u.segmentId}>
                <q>{u.text}</q>
                <span className="new-version-codes">
                  {u.codes.map((fallback, i) => {
                    const c = codeLabel(u.codeIds[i] ?? '', fallback);
                    return (
                      <span key={u.codeIds[i] ?? i} className="new-version-code">
                        <span
                          className="swatch"
                          style={{ background: c.color ?? '#999' }}
                          aria-hidden="true"
                        />
                        {c.text}
                      </span>
                    );
                  })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
