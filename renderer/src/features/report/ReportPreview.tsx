import type { ReportModel, ReportSection } from '../../../../core/shared/contract/report.js';
import { useI18n } from '../../i18n/index.js';

function Section({ s, level }: { s: ReportSection; level: number }) {
  const { t } = useI18n();
  const H = `h${Math.min(level, 6)}` as 'h3' | 'h4' | 'h5' | 'h6';
  return (
    <section className="report-section" aria-label={s.title}>
      <H>{s.title}</H>
      {s.synthesis ? (
        <>
          {s.synthesis.paragraphs.map((p, i) => (
            <p key={i}>{p}</p>
          ))}
          {s.synthesis.quotes.map((q) => (
            <blockquote key={q.n}>
              <p>“{q.quote}”</p>
              <footer>{[q.respondent, q.source, q.location].filter((x) => x).join(', ')}</footer>
            </blockquote>
          ))}
        </>
      ) : s.sections.length === 0 ? (
        <p className="report-missing">{t('report.noSynthesis', { n: s.evidence })}</p>
      ) : null}
      {s.sections.map((sub) => (
        <Section key={sub.key} s={sub} level={level + 1} />
      ))}
    </section>
  );
}

/** The report as it will read, on screen. */
export function ReportPreview({ model }: { model: ReportModel }) {
  const { t } = useI18n();
  return (
    <article className="report-preview" aria-label={t('report.tab.preview')}>
      <h2>{model.caseLabel}</h2>
      <p className="muted">
        {model.study} · {t('report.versionLine', { n: model.version, date: model.date })}
      </p>
      {model.missing > 0 && (
        <p className="report-missing">{t('report.missing', { n: model.missing })}</p>
      )}
      <h3>{t('report.intro')}</h3>
      {model.intro.attributes.length > 0 && (
        <dl className="report-attributes">
          {model.intro.attributes.map((a) => (
            <div key={a.label}>
              <dt>{a.label}</dt>
              <dd>{a.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <h4>{t('report.sources')}</h4>
      <ul>
        {model.intro.sources.map((s) => (
          <li key={`${s.title}|${s.date ?? ''}`}>
            {s.title} — {s.type}
            {s.date ? `, ${s.date}` : ''}
          </li>
        ))}
      </ul>
      <h4>{t('report.respondents')}</h4>
      <ul>
        {model.intro.respondents.map((r) => (
          <li key={r.pseudonym}>
            {r.pseudonym} — {r.role}
          </li>
        ))}
      </ul>
      {model.chapters.map((ch, i) => (
        <section key={ch.key} className="report-chapter" aria-label={ch.title}>
          {ch.group && ch.group !== model.chapters[i - 1]?.group && (
            <p className="report-group">{ch.group}</p>
          )}
          <h3>{ch.title}</h3>
          {ch.sections.map((s) => (
            <Section key={s.key} s={s} level={4} />
          ))}
        </section>
      ))}
    </article>
  );
}
