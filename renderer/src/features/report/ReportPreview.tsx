import { useMemo } from 'react';
import type { ReportModel, ReportSection } from '../../../../core/shared/contract/report.js';
import { coordinateKey } from '../../../../core/shared/contract/synthesis.js';
import { useI18n } from '../../i18n/index.js';
import { useCall } from '../../lib/useCall.js';
import { CommentsButton } from '../audit/index.js';

/** Threads and open threads per cell (by its key): every section's count from one read. */
type ThreadCounts = ReadonlyMap<string, { n: number; open: number }>;

function Section({ s, level, counts }: { s: ReportSection; level: number; counts: ThreadCounts }) {
  const { t } = useI18n();
  const H = `h${Math.min(level, 6)}` as 'h3' | 'h4' | 'h5' | 'h6';
  return (
    <section className="report-section" aria-label={s.title}>
      <div className="report-section-head">
        <H>{s.title}</H>
        {/* A section is the synthesis of its cell: its threads are the cell's. */}
        <CommentsButton
          target={{ type: 'cell', coordinate: s.coordinate }}
          title={t('audit.comments.onSection', { title: s.title })}
          buttonLabel={t('audit.comments.sectionButton', { title: s.title })}
          counts={counts.get(coordinateKey(s.coordinate)) ?? { n: 0, open: 0 }}
        />
      </div>
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
        <Section key={sub.key} s={sub} level={level + 1} counts={counts} />
      ))}
    </section>
  );
}

/** The report as it will read, on screen. */
export function ReportPreview({ model }: { model: ReportModel }) {
  const { t } = useI18n();
  const threads = useCall('comments.list', {});
  const counts = useMemo(() => {
    const m = new Map<string, { n: number; open: number }>();
    for (const th of threads.data ?? []) {
      if (th.target.type !== 'cell') continue;
      const key = coordinateKey(th.target.coordinate);
      const c = m.get(key) ?? { n: 0, open: 0 };
      m.set(key, { n: c.n + 1, open: c.open + (th.resolved ? 0 : 1) });
    }
    return m;
  }, [threads.data]);
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
            <Section key={s.key} s={s} level={4} counts={counts} />
          ))}
        </section>
      ))}
    </article>
  );
}
