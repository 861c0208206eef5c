import { useEffect } from 'react';
import { useI18n } from '../i18n/index.js';
import { features } from '../features/registry.js';
import { MemoButton } from '../features/coding/MemoButton.js';
import { prefetch, useCall, useCallAnswered } from '../lib/useCall.js';
import { useVocabularyLabels } from '../lib/vocabulary.js';
import { FirstStart } from './FirstStart.js';
import { useNav } from './nav.js';
import { SourceText } from './SourceText.js';

/** The main pane for one source: its details and its text. */
export function SourcePane({
  sourceId,
  highlight,
}: {
  sourceId: string | undefined;
  highlight?: { start: number; end: number } | undefined;
}) {
  const { t, date } = useI18n();
  const vocabulary = useVocabularyLabels();
  const nav = useNav();
  const source = useCall('sources.get', sourceId ? { id: sourceId } : null);
  // The viewer needs the source's codings too: asked for at once, beside the text. The source
  // shows when both are in, in one render: shown with its text alone first, it would be laid
  // out and painted twice, and the codings' answer would wait for that.
  // Only whether they are in: the pane is not drawn again when a coding changes them.
  const segments = useCallAnswered('segments.forSource', sourceId ? { sourceId } : null);
  useEffect(() => {
    if (sourceId) prefetch('codes.tree', {});
  }, [sourceId]);
  if (!sourceId) return <FirstStart />;
  if (source.error) return <p role="alert">{source.error.message}</p>;
  const s = source.data;
  const codingsDue = !segments.answered && segments.error === undefined;
  if (!s || s.id !== sourceId || codingsDue) return <p>{t('common.loading')}</p>;
  return (
    <article className="source" aria-labelledby="source-title">
      <header className="source-header">
        <div className="source-title-row">
          <h1 id="source-title">{s.title}</h1>
          <div className="source-actions">
            <MemoButton targetType="source" targetId={s.id} label={t('coding.memo.source')} />
            {features.map((f, i) =>
              f.sourceActions ? <f.sourceActions key={i} sourceId={s.id} /> : null,
            )}
          </div>
        </div>
        <dl className="source-meta" aria-label={t('source.meta')}>
          <div>
            <dt className="sr-only">{t('source.kind')}</dt>
            <dd>{t(`source.kind.${s.kind}`)}</dd>
          </div>
          {s.respondentPseudonym && (
            <div>
              <dt>{t('source.respondent')}</dt>
              <dd>
                {s.respondentPseudonym}
                {s.respondentRole && ` (${vocabulary.role(s.respondentRole)})`}
              </dd>
            </div>
          )}
          {s.date && (
            <div>
              <dt>{t('source.date')}</dt>
              <dd>{date(s.date)}</dd>
            </div>
          )}
          {s.validation && (
            <div>
              <dt>{t('source.validation')}</dt>
              <dd>{t(`validation.${s.validation}`)}</dd>
            </div>
          )}
          <div>
            <dt className="sr-only">{t('source.length')}</dt>
            <dd>{t('source.characters', { n: s.characters })}</dd>
          </div>
        </dl>
        {(s.replacedById || s.previousVersionId) && (
          <div className="version-note" data-testid="version-note">
            {s.replacedById && (
              <p>
                {t('source.version.replaced')}{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => nav.openSource(s.replacedById!)}
                >
                  {t('source.version.openNewer')}
                </button>
              </p>
            )}
            {s.previousVersionId && (
              <p>
                {t('source.version.replaces', { date: date(s.createdAt) })}{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => nav.openSource(s.previousVersionId!)}
                >
                  {t('source.version.openPrevious')}
                </button>
              </p>
            )}
          </div>
        )}
      </header>
      {features.map((f, i) => (f.sourcePanel ? <f.sourcePanel key={i} sourceId={s.id} /> : null))}
      <SourceText
        sourceId={s.id}
        text={s.text}
        blocks={s.blocks}
        marks={s.marks}
        highlight={highlight}
      />
    </article>
  );
}
