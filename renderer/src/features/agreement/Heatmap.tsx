import { useState } from 'react';
import type { AgreementResult } from '../../../../core/shared/contract/agreement.js';
import { useI18n } from '../../i18n/index.js';
import { useNav } from '../../shell/nav.js';
import { Coefficient } from './Figures.js';
import { formatCoefficient, HEAT_STEPS } from './format.js';

const FIRST = 200;

/** κ (two coders) or α per code × source, coloured, each value written in its cell. */
export function Heatmap({ result }: { result: AgreementResult }) {
  const { t, lang, label } = useI18n();
  const nav = useNav();
  const [all, setAll] = useState(false);
  const two = result.coders.length === 2;
  const rows = all ? result.sources : result.sources.slice(0, FIRST);
  let from = -1;
  return (
    <div className="agreement-heatmap">
      <table className="agreement-table heat">
        <caption>{two ? t('agreement.heatmapCaption') : t('agreement.heatmapAlpha')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('agreement.col.source')}</th>
            {result.codes.map((c) => (
              <th scope="col" key={c.codeId} className="code-col">
                {label(c.label)}
              </th>
            ))}
            <th scope="col">{t('agreement.pooled')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <button type="button" className="link" onClick={() => nav.openSource(s.id)}>
                  {s.title}
                </button>
              </th>
              {s.codes.map((x) => (
                <td key={x.codeId} className="num">
                  <Coefficient
                    value={two ? x.kappa : x.alpha}
                    reason={two ? x.reasonCode : null}
                    colour
                    compact
                  />
                </td>
              ))}
              <td className="num">
                <Coefficient
                  value={two ? s.pooled.kappa : s.pooled.alpha}
                  reason={two ? s.pooled.reasonCode : s.pooled.alphaReasonCode}
                  colour
                  compact
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!all && result.sources.length > FIRST && (
        <button type="button" onClick={() => setAll(true)}>
          {t('agreement.showAll', { n: result.sources.length })}
        </button>
      )}
      <figure className="heat-legend" aria-label={t('agreement.legend')}>
        <figcaption>{t('agreement.legend')}:</figcaption>
        {HEAT_STEPS.map((s) => {
          const text = `${from < 0 ? '≤ ' : `${formatCoefficient(from, lang)} – `}${formatCoefficient(s.upTo, lang)}`;
          from = s.upTo;
          return (
            <span key={s.upTo} style={{ background: s.bg, color: s.fg }}>
              {text}
            </span>
          );
        })}
        <span>{t('agreement.legendUndefined')}</span>
      </figure>
    </div>
  );
}
