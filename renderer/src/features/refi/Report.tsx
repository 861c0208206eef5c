import type { RefiReport } from '../../../../core/shared/contract/refi.js';
import { useI18n } from '../../i18n/index.js';

const COUNT_KEYS = [
  'users',
  'codes',
  'sources',
  'segments',
  'codings',
  'notes',
  'cases',
  'variables',
] as const;

/** The import report: counts, the position rule used, and every skipped item with its reason. */
export function RefiReportView({ report }: { report: RefiReport }) {
  const { t, lang } = useI18n();
  return (
    <section className="refi-report" aria-label={t('refi.report')}>
      <h3>
        {t('refi.report')}: {report.file}
      </h3>
      {report.origin && (
        <p>
          {t('refi.origin')}: {report.origin}
        </p>
      )}
      <table>
        <tbody>
          {COUNT_KEYS.map((k) => (
            <tr key={k}>
              <th scope="row">{t(`refi.count.${k}`)}</th>
              <td data-testid={`refi-count-${k}`}>{report.counts[k]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {t('refi.positions')}:{' '}
        <span data-testid="refi-position-rule">{report.positionRuleText}</span>
      </p>
      {report.skipped.length === 0 ? (
        <p>{t('refi.skippedNone')}</p>
      ) : (
        <details open>
          <summary>{t('refi.skipped', { n: report.skipped.length })}</summary>
          {lang === 'nl' && <p className="refi-hint">{t('refi.reasonsInEnglish')}</p>}
          <ul>
            {report.skipped.map((s, i) => (
              <li key={i}>
                <strong>{t(`refi.kind.${s.kind}`)}</strong>
                {s.name ? ` “${s.name}”` : ''}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.warnings.length > 0 && (
        <details>
          <summary>{t('refi.warnings', { n: report.warnings.length })}</summary>
          <ul>
            {report.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
