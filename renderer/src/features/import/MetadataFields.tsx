import { useId } from 'react';
import type { RespondentChoice } from '../../../../core/shared/contract/import.js';
import { useI18n } from '../../i18n/index.js';
import { useCall } from '../../lib/useCall.js';
import { useVocabularyLabels } from '../../lib/vocabulary.js';

export type Validation = 'draft' | 'sent' | 'approved' | 'corrections';
export const VALIDATIONS: Validation[] = ['draft', 'sent', 'approved', 'corrections'];

/** The metadata a user fills in for an import or edits afterwards. */
export interface Metadata {
  caseId: string;
  documentType: string;
  date: string;
  /** '' none, 'new' create, otherwise a respondent id. */
  respondent: string;
  pseudonym: string;
  role: string;
  validation: Validation;
}

export const emptyMetadata = (caseId = ''): Metadata => ({
  caseId,
  documentType: 'other',
  date: '',
  respondent: '',
  pseudonym: '',
  role: '',
  validation: 'draft',
});

export function respondentChoice(m: Metadata): RespondentChoice | null {
  if (m.respondent === '') return null;
  if (m.respondent === 'new') {
    return { pseudonym: m.pseudonym.trim(), role: m.role, organisation: '' };
  }
  return { id: m.respondent };
}

export function metadataComplete(m: Metadata): boolean {
  return m.respondent !== 'new' || (m.pseudonym.trim() !== '' && m.role !== '');
}

/** Case, document type, date, respondent (pick or create) and validation status. */
export function MetadataFields({
  value,
  onChange,
}: {
  value: Metadata;
  onChange: (m: Metadata) => void;
}) {
  const { t, label } = useI18n();
  const vocabularyLabels = useVocabularyLabels();
  const id = useId();
  const cases = useCall('cases.list', {});
  const vocabulary = useCall('vocabulary.list', {});
  const respondents = useCall('respondents.list', {});
  const set = (patch: Partial<Metadata>) => onChange({ ...value, ...patch });
  const isInterview = value.documentType === 'interview-report';
  return (
    <div className="import-form">
      <label htmlFor={`${id}-case`}>{t('import.case')}</label>
      <select
        id={`${id}-case`}
        value={value.caseId}
        onChange={(e) => set({ caseId: e.target.value })}
      >
        <option value="">{t('import.noCase')}</option>
        {(cases.data ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {label(c.label)}
          </option>
        ))}
      </select>

      <label htmlFor={`${id}-type`}>{t('import.documentType')}</label>
      <select
        id={`${id}-type`}
        value={value.documentType}
        onChange={(e) => set({ documentType: e.target.value })}
      >
        {(
          vocabulary.data?.documentTypes ?? [{ key: 'other', label: { nl: 'Overig', en: 'Other' } }]
        ).map((d) => (
          <option key={d.key} value={d.key}>
            {label(d.label)}
          </option>
        ))}
      </select>

      <label htmlFor={`${id}-date`}>{t('import.date')}</label>
      <input
        id={`${id}-date`}
        type="date"
        value={value.date}
        onChange={(e) => set({ date: e.target.value })}
      />

      <label htmlFor={`${id}-respondent`}>{t('import.respondent')}</label>
      <select
        id={`${id}-respondent`}
        value={value.respondent}
        onChange={(e) => set({ respondent: e.target.value })}
      >
        <option value="">{t('import.respondentNone')}</option>
        {(respondents.data ?? []).map((r) => (
          <option key={r.id} value={r.id}>
            {r.pseudonym}
            {r.role ? ` (${vocabularyLabels.role(r.role)})` : ''}
          </option>
        ))}
        <option value="new">{t('import.respondentNew')}</option>
      </select>

      {value.respondent === 'new' && (
        <fieldset>
          <legend>{t('import.respondentNew')}</legend>
          <label>
            {t('import.pseudonym')}{' '}
            <input
              value={value.pseudonym}
              required
              onChange={(e) => set({ pseudonym: e.target.value })}
            />
          </label>
          <label>
            {t('import.role')}{' '}
            <select value={value.role} required onChange={(e) => set({ role: e.target.value })}>
              <option value="" />
              {(vocabulary.data?.roles ?? []).map((r) => (
                <option key={r.key} value={r.key}>
                  {label(r.label)}
                </option>
              ))}
            </select>
          </label>
        </fieldset>
      )}

      {isInterview && (
        <>
          <label htmlFor={`${id}-validation`}>{t('import.validation')}</label>
          <select
            id={`${id}-validation`}
            value={value.validation}
            onChange={(e) => set({ validation: e.target.value as Validation })}
          >
            {VALIDATIONS.map((v) => (
              <option key={v} value={v}>
                {t(`import.validation.${v}`)}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}
