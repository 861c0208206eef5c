import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import {
  metadataComplete,
  MetadataFields,
  respondentChoice,
  type Metadata,
} from './MetadataFields.js';
import './import.css';

/** Edits the metadata of one source: title, case, type, date, respondent, validation. */
export function SourceMetaDialog({ sourceId, onClose }: { sourceId: string; onClose: () => void }) {
  const { t } = useI18n();
  const titleId = useId();
  const source = useCall('sources.get', { id: sourceId });
  const [title, setTitle] = useState('');
  const [meta, setMeta] = useState<Metadata | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const s = source.data;
    if (!s || meta) return;
    setTitle(s.title);
    setMeta({
      caseId: s.caseId ?? '',
      documentType: s.documentType,
      date: s.date ?? '',
      respondent: s.respondentId ?? '',
      pseudonym: '',
      role: '',
      validation: s.validation ?? 'draft',
    });
  }, [source.data, meta]);

  useEffect(() => {
    closeRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const save = async () => {
    if (!meta) return;
    setError(null);
    setSaved(false);
    try {
      await api.call('import.updateSource', {
        id: sourceId,
        title: title.trim(),
        caseId: meta.caseId || null,
        documentType: meta.documentType,
        date: meta.date || null,
        respondent: respondentChoice(meta),
        validation: meta.documentType === 'interview-report' ? meta.validation : null,
      });
      setSaved(true);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="dialog-backdrop">
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby={titleId}>
        <header>
          <h2 id={titleId}>{t('import.editTitle')}</h2>
          <button type="button" ref={closeRef} onClick={onClose}>
            {t('import.close')}
          </button>
        </header>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {source.data && meta && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <p className="small">{t('import.original', { name: source.data.originalName })}</p>
            <div className="import-form">
              <label htmlFor={`${titleId}-title`}>{t('import.sourceTitle')}</label>
              <input
                id={`${titleId}-title`}
                value={title}
                required
                onChange={(e) => setTitle(e.target.value)}
              />
            </div>
            <MetadataFields value={meta} onChange={setMeta} />
            <div className="dialog-actions">
              {saved && <span role="status">{t('import.saved')}</span>}
              <button
                type="submit"
                className="primary"
                disabled={title.trim() === '' || !metadataComplete(meta)}
              >
                {t('import.save')}
              </button>
            </div>
          </form>
        )}
      </div>
    </div>
  );
}
