import { useId, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { downloadBase64 } from '../../lib/files.js';
import { useCall } from '../../lib/useCall.js';

/** What changed since a version respondents saw (a round's, or any kept version). */
export function ChangesPanel({ caseId }: { caseId: string }) {
  const { t, lang } = useI18n();
  const id = useId();
  const versions = useCall('report.versions', { caseId });
  const status = useCall('validation.status', { caseId });
  const options = [
    ...[...(status.data?.rounds ?? [])].reverse().map((r) => ({
      id: r.id,
      label: t('report.roundOption', { n: r.number, v: r.version.number }),
    })),
    ...[...(versions.data ?? [])]
      .reverse()
      .map((v) => ({ id: v.id, label: t('report.versionOption', { n: v.number }) })),
  ];
  const [from, setFrom] = useState<string>('');
  const chosen = from || options[0]?.id || '';
  const diff = useCall('report.diff', chosen ? { caseId, from: chosen, lang } : null);
  const [error, setError] = useState<string | null>(null);
  const download = async (format: 'docx' | 'html') => {
    setError(null);
    try {
      const f = await api.call('report.export', { caseId, format, lang, diffFrom: chosen });
      downloadBase64(f.base64, f.fileName, f.mime);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  if (options.length === 0) return <p className="muted">{t('report.noVersions')}</p>;
  return (
    <div className="report-changes">
      <div className="report-toolbar">
        <label htmlFor={`${id}-from`}>{t('report.changesSince')}</label>
        <select id={`${id}-from`} value={chosen} onChange={(e) => setFrom(e.target.value)}>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
        {(['docx', 'html'] as const).map((f) => (
          <button key={f} type="button" onClick={() => void download(f)}>
            {t('report.download', { format: f.toUpperCase() })}
          </button>
        ))}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {diff.data && diff.data.sections.length === 0 && <p>{t('report.noChanges')}</p>}
      {diff.data?.sections.map((s) => (
        <section key={s.key} className="report-change" aria-label={s.title}>
          <h3>{s.title}</h3>
          <ul>
            {s.changes.map((c, i) => (
              <li key={i} className={c.kind}>
                <strong>{t(`report.change.${c.kind}`)}:</strong>{' '}
                {c.after !== null && <ins>{c.after}</ins>}
                {c.before !== null && (
                  <>
                    {c.after !== null && ` (${t('report.was')}: `}
                    <del>{c.before}</del>
                    {c.after !== null && ')'}
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
