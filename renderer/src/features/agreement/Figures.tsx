import type {
  AgreementFigures,
  AgreementResult,
} from '../../../../core/shared/contract/agreement.js';
import { useI18n } from '../../i18n/index.js';
import { formatCoefficient, formatCount, formatPercent, heat } from './format.js';

type Reason = AgreementFigures['reasonCode'];

/** A coefficient, or "—" with the reason it is undefined (visible, not only on hover). */
export function Coefficient({
  value,
  reason,
  colour = false,
  compact = false,
}: {
  value: number | null;
  reason: Reason;
  colour?: boolean;
  /** In a grid: the reason is in the tooltip and read out, not shown in the cell. */
  compact?: boolean;
}) {
  const { t, lang } = useI18n();
  if (value === null) {
    const why = reason ? t('agreement.undefined', { reason: t(`agreement.reason.${reason}`) }) : '';
    return (
      <span className="coef undefined" title={compact ? why : undefined}>
        <span aria-hidden="true">—</span>
        <span className={compact ? 'sr-only' : 'why'}>{why}</span>
      </span>
    );
  }
  return (
    <span className="coef" style={colour ? heat(value) : undefined}>
      {formatCoefficient(value, lang)}
    </span>
  );
}

/** The agreement table: one row per code, the pooled figure in the footer. */
export function AgreementTable({ result }: { result: AgreementResult }) {
  const { t, lang, label } = useI18n();
  const two = result.coders.length === 2;
  const before = new Map(result.before?.codes.map((c) => [c.codeId, c]) ?? []);
  const pct = (v: number | null) => (v === null ? '—' : formatPercent(v, lang));
  const cells = (f: AgreementFigures) => (
    <>
      <td className="num">{pct(f.percent)}</td>
      <td className="num">
        <Coefficient value={f.kappa} reason={f.reasonCode} />
      </td>
      <td className="num">
        <Coefficient value={f.alpha} reason={f.alphaReasonCode} />
      </td>
      <td className="num">{formatCount(f.units, lang)}</td>
      {two && (
        <td className="num counts">
          {f.table
            ? [f.table.both, f.table.onlyA, f.table.onlyB, f.table.neither]
                .map((n) => formatCount(n, lang))
                .join(' · ')
            : ''}
        </td>
      )}
    </>
  );
  return (
    <table className="agreement-table">
      <caption>
        {t('agreement.tableCaption', { unit: t(`agreement.unit.${result.unit}`).toLowerCase() })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{t('agreement.col.code')}</th>
          <th scope="col">{t('agreement.col.percent')}</th>
          <th scope="col">{t('agreement.col.kappa')}</th>
          <th scope="col">{t('agreement.col.alpha')}</th>
          <th scope="col">{t('agreement.col.units')}</th>
          {two && <th scope="col">{t('agreement.col.table')}</th>}
          {result.before && <th scope="col">{t('agreement.col.kappaBefore')}</th>}
        </tr>
      </thead>
      <tbody>
        {result.codes.map((c) => (
          <tr key={c.codeId}>
            <th scope="row">
              <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
              {label(c.label)}
            </th>
            {cells(c)}
            {result.before && (
              <td className="num">
                <Coefficient
                  value={before.get(c.codeId)?.kappa ?? null}
                  reason={before.get(c.codeId)?.reasonCode ?? null}
                />
              </td>
            )}
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('agreement.pooled')}</th>
          {cells(result.pooled)}
          {result.before && (
            <td className="num">
              <Coefficient
                value={result.before.pooled.kappa}
                reason={result.before.pooled.reasonCode}
              />
            </td>
          )}
        </tr>
      </tfoot>
    </table>
  );
}

/** Agreement per case: pooled, and κ (two coders) or α per code. */
export function CasesTable({ result }: { result: AgreementResult }) {
  const { t, lang, label } = useI18n();
  const two = result.coders.length === 2;
  return (
    <table className="agreement-table">
      <caption>{t('agreement.casesCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('agreement.case')}</th>
          <th scope="col">{t('agreement.col.sources')}</th>
          <th scope="col">{t('agreement.col.percent')}</th>
          <th scope="col">{t('agreement.col.kappa')}</th>
          <th scope="col">{t('agreement.col.alpha')}</th>
          {result.codes.map((c) => (
            <th scope="col" key={c.codeId} className="code-col">
              {two ? 'κ' : 'α'} {label(c.label)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {result.cases.map((c) => (
          <tr key={c.id ?? 'none'}>
            <th scope="row">{label(c.label)}</th>
            <td className="num">{formatCount(c.sources, lang)}</td>
            <td className="num">
              {c.pooled.percent === null ? '—' : formatPercent(c.pooled.percent, lang)}
            </td>
            <td className="num">
              <Coefficient value={c.pooled.kappa} reason={c.pooled.reasonCode} />
            </td>
            <td className="num">
              <Coefficient value={c.pooled.alpha} reason={c.pooled.alphaReasonCode} />
            </td>
            {c.codes.map((x) => (
              <td className="num" key={x.codeId}>
                <Coefficient
                  value={two ? x.kappa : x.alpha}
                  reason={two ? x.reasonCode : null}
                  colour
                  compact
                />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
