import {
  DEFAULT_AUDIENCE,
  type Audience,
} from '../../../../core/shared/contract/confidentiality.js';
import { AudienceSelect } from '../confidentiality/AudienceSelect.js';
import { useId, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { downloadBase64 } from '../../lib/files.js';
import { useCall } from '../../lib/useCall.js';
import { useNav } from '../../shell/nav.js';
import { ChangesPanel } from './ChangesPanel.js';
import { ReportPreview } from './ReportPreview.js';
import { ValidationPanel } from './ValidationPanel.js';
import './report.css';

type Tab = 'preview' | 'validation' | 'changes';

/** The case report of one case: preview and download, the validation rounds, what changed. */
export function ReportView() {
  const { t, label, lang } = useI18n();
  const id = useId();
  const cases = useCall('cases.list', {});
  const nav = useNav();
  // The activity log and comment threads arrive with a case chosen.
  const [caseId, setCaseId] = useState(() =>
    'params' in nav.route ? (nav.route.params?.case ?? '') : '',
  );
  const [tab, setTab] = useState<Tab>('preview');
  // Who a downloaded report is for (default: respondents; see AudienceSelect).
  const [audience, setAudience] = useState<Audience>(DEFAULT_AUDIENCE);
  const current = caseId || cases.data?.[0]?.id || '';
  const model = useCall('report.build', current ? { caseId: current, lang } : null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const run = async (fn: () => Promise<string | void>) => {
    setMessage(null);
    try {
      const text = await fn();
      if (text) setMessage({ text, error: false });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  };
  return (
    <div className="report-view">
      <h1>{t('report.title')}</h1>
      <div className="report-toolbar">
        <label htmlFor={`${id}-case`}>{t('report.case')}</label>
        <select id={`${id}-case`} value={current} onChange={(e) => setCaseId(e.target.value)}>
          {(cases.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {label(c.label)}
            </option>
          ))}
        </select>
        <AudienceSelect value={audience} onChange={setAudience} />
        {(['docx', 'html'] as const).map((f) => (
          <button
            key={f}
            type="button"
            disabled={!current}
            onClick={() =>
              void run(async () => {
                const file = await api.call('report.export', {
                  caseId: current,
                  format: f,
                  lang,
                  audience,
                });
                downloadBase64(file.base64, file.fileName, file.mime);
              })
            }
          >
            {t('report.download', { format: f.toUpperCase() })}
          </button>
        ))}
        <button
          type="button"
          disabled={!current}
          onClick={() =>
            void run(async () => {
              const v = await api.call('report.save', { caseId: current, lang });
              return t('report.saved', { n: v.number });
            })
          }
        >
          {t('report.save')}
        </button>
      </div>
      <div role="tablist" aria-label={t('report.tabs')} className="report-tabs">
        {(['preview', 'validation', 'changes'] as const).map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            id={`${id}-tab-${x}`}
            aria-selected={tab === x}
            aria-controls={`${id}-panel`}
            onClick={() => setTab(x)}
          >
            {t(`report.tab.${x}`)}
          </button>
        ))}
      </div>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
      <div role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${tab}`}>
        {model.error && (
          <p role="alert" className="error">
            {model.error.message}
          </p>
        )}
        {model.data &&
          (tab === 'preview' ? (
            <ReportPreview model={model.data} />
          ) : tab === 'validation' ? (
            <ValidationPanel caseId={current} model={model.data} />
          ) : (
            <ChangesPanel caseId={current} />
          ))}
      </div>
    </div>
  );
}
