import { useId, useState } from 'react';
import type {
  AgreementInput,
  AgreementResult,
  AgreementUnitName,
} from '../../../../core/shared/contract/agreement.js';
import { useI18n, type Lang } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { downloadBase64 } from '../../lib/files.js';
import { useCall } from '../../lib/useCall.js';
import { AgreementTable, CasesTable } from './Figures.js';
import { formatCoefficient, formatPercent } from './format.js';
import { Heatmap } from './Heatmap.js';
import { MergeDialog } from './MergeDialog.js';
import { Reconciliation } from './Reconciliation.js';
import './agreement.css';

type CodeChoice = 'principle' | 'category' | 'phase' | 'facet' | 'free' | 'all';
type Tab = 'table' | 'heatmap' | 'cases' | 'reconcile';
const UNITS: AgreementUnitName[] = ['char', 'segment', 'block'];

function Methods({ result, input }: { result: AgreementResult; input: AgreementInput }) {
  const { t, lang } = useI18n();
  const id = useId();
  const [which, setWhich] = useState<Lang>(lang);
  const [copied, setCopied] = useState(false);
  const text = result.methods[which];
  return (
    <section className="agreement-methods" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('agreement.methods')}</h2>
      <div className="agreement-controls">
        <label>
          {t('agreement.methodsLang')}
          <select value={which} onChange={(e) => setWhich(e.target.value as Lang)}>
            <option value="nl">Nederlands</option>
            <option value="en">English</option>
          </select>
        </label>
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t('agreement.copied') : t('agreement.copy')}
        </button>
        <button
          type="button"
          onClick={() =>
            void api
              .call('agreement.export', { ...input, format: 'methods', lang: which })
              .then((f) => downloadBase64(f.base64, f.fileName, f.mime))
          }
        >
          {t('agreement.downloadText')}
        </button>
      </div>
      {text.split('\n\n').map((p, i) => (
        <p key={i} lang={which} className={i > 0 ? 'references' : undefined}>
          {p}
        </p>
      ))}
    </section>
  );
}

/** Intercoder agreement: choose coders, codes, sources and unit; the figures; disagreements. */
export function AgreementView() {
  const { t, lang, label } = useI18n();
  const id = useId();
  const coders = useCall('coders.list', {});
  const codes = useCall('codes.tree', {});
  const cases = useCall('cases.list', {});
  const [picked, setPicked] = useState<string[] | null>(null);
  const [codeChoice, setCodeChoice] = useState<CodeChoice | null>(null);
  const [caseId, setCaseId] = useState('');
  const [unit, setUnit] = useState<AgreementUnitName>('char');
  const [overlap, setOverlap] = useState(90);
  const [tab, setTab] = useState<Tab>('table');
  const [merging, setMerging] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);

  const all = coders.data ?? [];
  const chosen = picked ?? all.map((c) => c.id);
  const hasPrinciples = (codes.data ?? []).some((c) => c.dimension === 'principle');
  const choice: CodeChoice = codeChoice ?? (hasPrinciples ? 'principle' : 'all');
  const selection = {
    ...(choice === 'all' ? {} : { dimension: choice }),
    ...(caseId ? { caseIds: [caseId] } : {}),
  };
  const ready =
    chosen.length >= 2 && (unit !== 'segment' || chosen.length === 2) && codes.data !== undefined;
  const input: AgreementInput | null = ready
    ? { coderIds: chosen, ...selection, unit, overlap: overlap / 100 }
    : null;
  const result = useCall('agreement.compute', input);
  const r = result.data;
  const codeLabel = (codeId: string) => {
    const c = codes.data?.find((x) => x.id === codeId);
    return c ? label(c.label) : codeId;
  };
  const units = r ? r.sources.reduce((n, s) => n + s.characters, 0) : 0;

  const download = async (format: 'csv' | 'xlsx') => {
    if (!input) return;
    setExportError(null);
    try {
      const f = await api.call('agreement.export', { ...input, format, lang });
      downloadBase64(f.base64, f.fileName, f.mime);
    } catch (e) {
      setExportError((e as Error).message);
    }
  };

  return (
    <div className="agreement-view">
      <div className="agreement-head">
        <h1>{t('agreement.title')}</h1>
        <button type="button" aria-haspopup="dialog" onClick={() => setMerging(true)}>
          {t('agreement.merge')}
        </button>
      </div>
      {merging && <MergeDialog onClose={() => setMerging(false)} />}

      <section className="agreement-choose" aria-labelledby={`${id}-choose`}>
        <h2 id={`${id}-choose`} className="sr-only">
          {t('agreement.choose')}
        </h2>
        <fieldset>
          <legend>{t('agreement.coders')}</legend>
          {all.map((c) => (
            <label key={c.id}>
              <input
                type="checkbox"
                checked={chosen.includes(c.id)}
                onChange={(e) =>
                  setPicked(
                    e.target.checked
                      ? all.map((x) => x.id).filter((x) => x === c.id || chosen.includes(x))
                      : chosen.filter((x) => x !== c.id),
                  )
                }
              />
              <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
              {c.name}
            </label>
          ))}
        </fieldset>
        <label>
          {t('agreement.codes')}
          <select value={choice} onChange={(e) => setCodeChoice(e.target.value as CodeChoice)}>
            {(['principle', 'category', 'phase', 'facet', 'free', 'all'] as const).map((x) => (
              <option key={x} value={x}>
                {t(`agreement.codes.${x}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('agreement.case')}
          <select value={caseId} onChange={(e) => setCaseId(e.target.value)}>
            <option value="">{t('agreement.allCases')}</option>
            {(cases.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {label(c.label)}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('agreement.unit')}</legend>
          {UNITS.map((u) => (
            <label key={u}>
              <input
                type="radio"
                name={`${id}-unit`}
                value={u}
                checked={unit === u}
                onChange={() => setUnit(u)}
              />
              {t(`agreement.unit.${u}`)}
            </label>
          ))}
        </fieldset>
        {unit === 'segment' && (
          <label>
            {t('agreement.overlap')}
            <input
              type="number"
              min={10}
              max={100}
              step={5}
              value={overlap}
              onChange={(e) =>
                setOverlap(Math.min(100, Math.max(10, Number(e.target.value) || 90)))
              }
            />
          </label>
        )}
      </section>

      <ul className="agreement-measures" aria-label={t('agreement.measures')}>
        <li>{t('agreement.measure.percent')}</li>
        <li>{t('agreement.measure.kappa')}</li>
        <li>{t('agreement.measure.alpha')}</li>
        <li>
          {t(`agreement.measure.unit.${unit}`, { overlap })} {t('agreement.measure.rollup')}
        </li>
      </ul>

      {chosen.length < 2 && <p role="status">{t('agreement.twoCoders')}</p>}
      {chosen.length > 2 && unit === 'segment' && <p role="status">{t('agreement.segmentTwo')}</p>}
      {result.error && (
        <p role="alert" className="error">
          {result.error.message}
        </p>
      )}
      {r && input && (
        <>
          <p className="agreement-sample" role="status">
            {r.sources.length === 0
              ? t('agreement.noSample')
              : t('agreement.sample', {
                  n: r.sources.length,
                  units: t(`agreement.units.${r.unit}`, {
                    n: Math.round(r.unit === 'char' ? units : r.pooled.units),
                  }),
                })}
          </p>
          {r.before && (
            <p className="agreement-before">
              {t('agreement.before', {
                n: r.reconciliations,
                kappa:
                  r.before.pooled.kappa === null
                    ? '—'
                    : formatCoefficient(r.before.pooled.kappa, lang),
                alpha:
                  r.before.pooled.alpha === null
                    ? '—'
                    : formatCoefficient(r.before.pooled.alpha, lang),
                percent:
                  r.before.pooled.percent === null
                    ? '—'
                    : formatPercent(r.before.pooled.percent, lang),
              })}
            </p>
          )}
          {r.sources.length > 0 && (
            <>
              <div role="tablist" aria-label={t('agreement.tabs')} className="agreement-tabs">
                {(['table', 'heatmap', 'cases', 'reconcile'] as const).map((x) => (
                  <button
                    key={x}
                    type="button"
                    role="tab"
                    id={`${id}-tab-${x}`}
                    aria-selected={tab === x}
                    aria-controls={`${id}-panel`}
                    onClick={() => setTab(x)}
                  >
                    {t(`agreement.tab.${x}`)}
                  </button>
                ))}
              </div>
              <div
                role="tabpanel"
                id={`${id}-panel`}
                aria-labelledby={`${id}-tab-${tab}`}
                className="agreement-panel"
              >
                {tab === 'table' && (
                  <>
                    <AgreementTable result={r} />
                    <div className="agreement-controls">
                      <span>{t('agreement.export')}:</span>
                      <button type="button" onClick={() => void download('csv')}>
                        {t('agreement.exportCsv')}
                      </button>
                      <button type="button" onClick={() => void download('xlsx')}>
                        {t('agreement.exportXlsx')}
                      </button>
                      {exportError && (
                        <span role="alert" className="error">
                          {exportError}
                        </span>
                      )}
                    </div>
                    <Methods result={r} input={input} />
                  </>
                )}
                {tab === 'heatmap' && <Heatmap result={r} />}
                {tab === 'cases' && <CasesTable result={r} />}
                {tab === 'reconcile' && (
                  <Reconciliation
                    coders={all.filter((c) => chosen.includes(c.id))}
                    selection={selection}
                    codeLabel={codeLabel}
                  />
                )}
              </div>
            </>
          )}
        </>
      )}
    </div>
  );
}
