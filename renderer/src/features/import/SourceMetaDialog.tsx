import { useEffect, useId, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { Dialog } from '../../lib/Dialog.js';
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
  const fieldId = useId();
  const source = useCall('sources.get', { id: sourceId });
  const [title, setTitle] = useState('');
  const [meta, setMeta] = useState<Metadata | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

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
    <Dialog title={t('import.editTitle')} onClose={onClose} error={error}>
      {source.data && meta && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <p className="small">{t('import.original', { name: source.data.originalName })}</p>
          <div className="import-form">
            <label htmlFor={`${fieldId}-title`}>{t('import.sourceTitle')}</label>
            <input
              id={`${fieldId}-title`}
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
    </Dialog>
  );
}
