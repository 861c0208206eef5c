import {
  DEFAULT_AUDIENCE,
  type Audience,
} from '../../../../core/shared/contract/confidentiality.js';
import { AudienceSelect } from '../confidentiality/AudienceSelect.js';
import { useEffect, useState } from 'react';
import {
  AXIS_DIMENSIONS,
  HEAT_PALETTE,
  heatScale,
  MEASURES,
  type HeatScale,
  type AxisDimension,
  type ExportFormat,
  type MatrixHeader,
  type MatrixResult,
  type MatrixSpec,
  type Measure,
} from '../../../../core/shared/contract/matrix.js';
import type { Coordinate, SynthesisCell } from '../../../../core/shared/contract/synthesis.js';
import { useI18n } from '../../i18n/index.js';
import { NO_VALUE, patternWords } from '../../../../core/shared/matrix/words.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { base64ToBytes, downloadBase64 } from '../../lib/files.js';
import { useNav } from '../../shell/nav.js';
import { CellPanel, headerName } from './CellPanel.js';
import { layoutForCoordinate } from './cellArrival.js';
import { MatrixGrid } from './MatrixGrid.js';
import './matrix.css';

const DEFAULT_SPEC: MatrixSpec = {
  rows: { dim: 'principle', split: 'category' },
  cols: { dim: 'case' },
  filter: {},
  measure: 'segments',
  percent: 'none',
};

/** Renders the SVG export to a canvas and downloads it as PNG (the server has no rasteriser). */
async function svgToPng(base64: string, fileName: string): Promise<void> {
  const svg = base64ToBytes(base64);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('The heatmap image could not be drawn'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext('2d');
    if (!g) throw new Error('No canvas available');
    g.drawImage(img, 0, 0);
    const png = canvas.toDataURL('image/png').split(',')[1] ?? '';
    downloadBase64(png, fileName, 'image/png');
  } finally {
    URL.revokeObjectURL(url);
  }
}

function Legend({ m, scale }: { m: MatrixResult; scale: HeatScale }) {
  const { t } = useI18n();
  const shown = (v: number) => (m.percent !== 'none' ? `${v.toFixed(1)}%` : String(v));
  return (
    <figure className="matrix-legend" aria-label={t('matrix.legend')}>
      <figcaption>
        {t('matrix.legend')}: {t(`matrix.measure.${m.measure}`)}
        {m.percent !== 'none' ? ` (${t(`matrix.percent.${m.percent}`)})` : ''}
      </figcaption>
      <span className="legend-zero">{t('matrix.legendZero')}</span>
      <span className="legend-scale" aria-hidden="true">
        {HEAT_PALETTE.map((c) => (
          <span key={c} style={{ background: c }} />
        ))}
      </span>
      <span>→ {shown(scale.max)}</span>
      {scale.groupMax !== null && (
        <span className="legend-groups">
          {t('matrix.legendGroups', { max: shown(scale.groupMax) })}
        </span>
      )}
    </figure>
  );
}

/** The cell a view arrives with (a comment thread or the activity log opens one). */
function arrivalOf(cell: string | undefined) {
  if (!cell) return null;
  try {
    return layoutForCoordinate(JSON.parse(cell) as Coordinate);
  } catch {
    return null;
  }
}

/** Starts afresh when it is asked to show another cell. */
export function MatrixView() {
  const nav = useNav();
  const cell = 'params' in nav.route ? nav.route.params?.cell : undefined;
  return <MatrixBoard key={cell ?? ''} arrival={arrivalOf(cell)} />;
}

function MatrixBoard({ arrival }: { arrival: ReturnType<typeof layoutForCoordinate> }) {
  const { t, label, lang, number, date } = useI18n();
  const defs = useCall('matrix.definitions.list', {});
  const codes = useCall('codes.tree', {});
  const coders = useCall('coders.list', {});
  const cases = useCall('cases.list', {});
  const [spec, setSpec] = useState<MatrixSpec | null>(null);
  const [defId, setDefId] = useState<string>('');
  const [mode, setMode] = useState<'counts' | 'framework'>('counts');
  const [projector, setProjector] = useState(false);
  const [selected, setSelected] = useState<{ row: string; col: string } | null>(null);
  const [saveName, setSaveName] = useState('');
  // Then and now: the date typed, and the one compared with.
  const [compareDate, setCompareDate] = useState('');
  const [compareAt, setCompareAt] = useState<string | null>(null);
  // Who an export is for (default: respondents; see AudienceSelect).
  const [audience, setAudience] = useState<Audience>(DEFAULT_AUDIENCE);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  // Start from the first saved definition ("Principles × cases" in the Regio Deals template).
  useEffect(() => {
    if (spec || !defs.data) return;
    if (arrival) {
      setSpec(arrival.spec);
      setMode('framework');
      setSelected({ row: arrival.row, col: arrival.col });
      return;
    }
    const first = defs.data[0];
    setSpec(first ? first.spec : DEFAULT_SPEC);
    setDefId(first?.id ?? '');
  }, [defs.data, spec, arrival]);

  // Esc leaves projector mode, unless it is meant for a field being typed in.
  useEffect(() => {
    if (!projector) return;
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement | null;
      if (e.key !== 'Escape' || el?.closest('input, select, textarea, [contenteditable="true"]'))
        return;
      setProjector(false);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [projector]);

  // The grid shows values only; a drill-down fetches its own cell's segments (matrix.cell).
  const result = useCall('matrix.compute', spec ? { ...spec, includeSegments: false } : null);
  const syntheses = useCall(
    'matrix.synthesis.forView',
    mode === 'framework' && spec ? { spec } : null,
  );
  const compared = useCall(
    'matrix.compare',
    spec && compareAt ? { spec, then: { at: compareAt } } : null,
  );
  if (!spec) return <p>{t('matrix.loading')}</p>;

  const update = (next: Partial<MatrixSpec>) => {
    setSpec({ ...spec, ...next });
    setDefId('');
    setSelected(null);
  };
  const m = result.data;
  const synthByKey = new Map<string, { cell: SynthesisCell | null; finer: number }>(
    (syntheses.data?.cells ?? []).map((s) => [`${s.row}\n${s.col}`, s]),
  );
  const notWritable = mode === 'framework' ? (syntheses.data?.notWritable ?? null) : null;
  const cellByKey = new Map((m?.cells ?? []).map((c) => [`${c.row}\n${c.col}`, c]));
  // One scale for the grid's shades and the legend that explains them.
  const scale = m ? heatScale(m) : null;
  const changedByKey = new Map(
    (compareAt ? (compared.data?.cells ?? []) : [])
      .filter((c) => c.changed)
      .map((c) => [`${c.row}\n${c.col}`, c]),
  );
  const collapsed = new Set(spec.rows.collapsed ?? []);
  const toggleGroup = (id: string) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    update({ rows: { ...spec.rows, collapsed: [...next] } });
  };
  const phases = (codes.data ?? []).filter((c) => c.dimension === 'phase');
  const phaseFilter = spec.filter?.codes?.find((c) => phases.some((p) => p.id === c)) ?? '';

  const doExport = async (format: ExportFormat | 'png') => {
    try {
      const file = await api.call('matrix.export', {
        spec,
        format: format === 'png' ? 'svg' : format,
        lang,
        // A CSV holds one table: the one on screen.
        table: mode === 'framework' ? 'syntheses' : 'counts',
        title: defs.data?.find((d) => d.id === defId)?.name[lang] ?? t('matrix.title'),
        audience,
      });
      // What the leak check did, beside the file name (a shield: it passed).
      const checked = file.check
        ? ` — ${t('confidentiality.checked', { n: file.check.replaced })}`
        : '';
      if (format === 'png') {
        const name = file.filename.replace(/\.svg$/, '.png');
        await svgToPng(file.base64, name);
        setMessage({ text: t('matrix.exported', { file: name }) + checked, error: false });
      } else {
        downloadBase64(file.base64, file.filename, file.mime);
        setMessage({ text: t('matrix.exported', { file: file.filename }) + checked, error: false });
      }
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  };
  const saveDefinition = async () => {
    try {
      const d = await api.call('matrix.definitions.save', {
        name: { nl: saveName, en: saveName },
        spec,
      });
      setDefId(d.id);
      setSaveName('');
      setMessage({ text: t('matrix.savedOk'), error: false });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  };

  const dimSelect = (
    value: AxisDimension | undefined,
    onChange: (v: AxisDimension | undefined) => void,
    name: string,
    allowNone: boolean,
  ) => (
    <label>
      {name}{' '}
      <select
        value={value ?? ''}
        onChange={(e) => onChange((e.target.value || undefined) as AxisDimension | undefined)}
      >
        {allowNone && <option value="">{t('matrix.noSplit')}</option>}
        {AXIS_DIMENSIONS.map((d) => (
          <option key={d} value={d}>
            {t(`matrix.dim.${d}`)}
          </option>
        ))}
      </select>
    </label>
  );
  const axis = (
    cur: MatrixSpec['rows'],
    dim: AxisDimension | undefined,
    split?: AxisDimension,
  ): MatrixSpec['rows'] => ({
    dim: dim ?? cur.dim,
    ...(split ? { split } : {}),
    ...(cur.collapsed ? { collapsed: cur.collapsed } : {}),
  });

  // Worded by what the columns are: "in 3 van 4 casussen", "in alle fasen".
  const patternText = (row: string) => {
    const p = m?.patterns.find((x) => x.row === row);
    if (!p) return '';
    return patternWords({ kind: p.kind, n: p.cases, of: p.of, over: p.over }, lang, number);
  };
  const rowName = (r: MatrixHeader) => headerName(r, label);
  // A split's "(no category)" row shows only where it holds something: the split rows then
  // still add up to the unsplit row, without a row of zeros under every principle.
  const rowsHolding = new Set((m?.cells ?? []).filter((c) => c.raw > 0).map((c) => c.row));
  const shownRows = (m?.rows ?? []).filter(
    (r) => !r.id.endsWith(`:${NO_VALUE}`) || rowsHolding.has(r.id),
  );
  // Cases filtered out of the matrix leave no empty columns behind when cases are the columns.
  const allCases = cases.data ?? [];
  const chosenCases = spec.filter?.cases ?? [];
  const cols = (m?.cols ?? []).filter(
    (c) => spec.cols.dim !== 'case' || !chosenCases.length || chosenCases.includes(c.id),
  );
  // What the room is looking at, in one line: the axes, the measure and the filter.
  const savedDef = defs.data?.find((d) => d.id === defId);
  const savedName = savedDef ? label(savedDef.name) : undefined;
  const phaseCode = phases.find((p) => p.id === phaseFilter);
  const coderName = coders.data?.find((c) => c.id === spec.filter?.coders?.[0])?.name;
  const respondentOnly =
    spec.filter?.speakerRoles?.length === 1 && spec.filter.speakerRoles[0] === 'respondent';
  const caption = [
    `${t(`matrix.dim.${spec.rows.dim}`)}${
      spec.rows.split ? ` (${t(`matrix.dim.${spec.rows.split}`)})` : ''
    } × ${t(`matrix.dim.${spec.cols.dim}`)}`,
    `${t('matrix.measure')}: ${t(`matrix.measure.${spec.measure ?? 'segments'}`)}`,
    phaseCode ? `${t('matrix.filter.phase')}: ${label(phaseCode.label)}` : '',
    coderName ? `${t('matrix.filter.coder')}: ${coderName}` : '',
    spec.filter?.approvedOnly ? t('matrix.filter.approved') : '',
    respondentOnly ? t('matrix.filter.respondentWords') : '',
    spec.filter?.cases?.length
      ? `${t('matrix.filter.cases')}: ${spec.filter.cases
          .map((id) => allCases.find((c) => c.id === id))
          .map((c) => (c ? label(c.label) : '?'))
          .join(', ')}`
      : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const selRow = m?.rows.find((r) => r.id === selected?.row);
  const selCol = m?.cols.find((c) => c.id === selected?.col);

  const modeSwitch = (
    <div role="group" aria-label={t('matrix.mode')}>
      {(['counts', 'framework'] as const).map((x) => (
        <button key={x} type="button" aria-pressed={mode === x} onClick={() => setMode(x)}>
          {t(`matrix.mode.${x}`)}
        </button>
      ))}
    </div>
  );

  // Split rows: a header line per first-dimension value, then its split rows.
  return (
    <div className={`matrix-view${projector ? ' projector' : ''}`}>
      {projector ? (
        <div className="projector-head">
          <div>
            <h1>{savedName ?? t('matrix.title')}</h1>
            <p className="projector-caption">{caption}</p>
          </div>
          {modeSwitch}
          <button type="button" onClick={() => setProjector(false)}>
            {t('matrix.projectorLeave')}
          </button>
        </div>
      ) : (
        <>
          <h1>{t('matrix.title')}</h1>
          <div className="matrix-controls">
            <label>
              {t('matrix.saved')}{' '}
              <select
                value={defId}
                onChange={(e) => {
                  const d = defs.data?.find((x) => x.id === e.target.value);
                  if (d) {
                    setSpec(d.spec);
                    setDefId(d.id);
                    setSelected(null);
                  }
                }}
              >
                <option value="" disabled>
                  {t('matrix.custom')}
                </option>
                {(defs.data ?? []).map((d) => (
                  <option key={d.id} value={d.id}>
                    {label(d.name)}
                  </option>
                ))}
              </select>
            </label>
            {dimSelect(
              spec.rows.dim,
              (v) => update({ rows: axis(spec.rows, v, spec.rows.split) }),
              t('matrix.rows'),
              false,
            )}
            {dimSelect(
              spec.rows.split,
              (v) => update({ rows: axis(spec.rows, spec.rows.dim, v) }),
              t('matrix.split'),
              true,
            )}
            {dimSelect(
              spec.cols.dim,
              (v) => update({ cols: axis(spec.cols, v) }),
              t('matrix.cols'),
              false,
            )}
            <label>
              {t('matrix.measure')}{' '}
              <select
                value={spec.measure ?? 'segments'}
                onChange={(e) => update({ measure: e.target.value as Measure })}
              >
                {MEASURES.map((x) => (
                  <option key={x} value={x}>
                    {t(`matrix.measure.${x}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('matrix.percent')}{' '}
              <select
                value={spec.percent ?? 'none'}
                onChange={(e) => update({ percent: e.target.value as 'none' | 'row' | 'col' })}
              >
                {(['none', 'row', 'col'] as const).map((x) => (
                  <option key={x} value={x}>
                    {t(`matrix.percent.${x}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <fieldset className="matrix-controls">
            <legend>{t('matrix.filter')}</legend>
            <label>
              {t('matrix.filter.phase')}{' '}
              <select
                value={phaseFilter}
                onChange={(e) => {
                  const others = (spec.filter?.codes ?? []).filter((c) => c !== phaseFilter);
                  update({
                    filter: {
                      ...spec.filter,
                      codes: e.target.value ? [...others, e.target.value] : others,
                    },
                  });
                }}
              >
                <option value="">{t('matrix.filter.anyPhase')}</option>
                {phases.map((p) => (
                  <option key={p.id} value={p.id}>
                    {label(p.label)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('matrix.filter.coder')}{' '}
              <select
                value={spec.filter?.coders?.[0] ?? ''}
                onChange={(e) =>
                  update({
                    filter: { ...spec.filter, coders: e.target.value ? [e.target.value] : [] },
                  })
                }
              >
                <option value="">{t('matrix.filter.anyCoder')}</option>
                {(coders.data ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <input
                type="checkbox"
                data-testid="matrix-respondent-words"
                checked={respondentOnly}
                onChange={(e) => {
                  const { speakerRoles: _drop, ...rest } = spec.filter ?? {};
                  update({
                    filter: e.target.checked ? { ...rest, speakerRoles: ['respondent'] } : rest,
                  });
                }}
              />{' '}
              {t('matrix.filter.respondentWords')}
            </label>
            <label>
              <input
                type="checkbox"
                checked={spec.filter?.approvedOnly ?? false}
                onChange={(e) =>
                  update({ filter: { ...spec.filter, approvedOnly: e.target.checked } })
                }
              />{' '}
              {t('matrix.filter.approved')}
            </label>
            <span role="group" aria-label={t('matrix.filter.cases')} className="case-filter">
              {t('matrix.filter.cases')}:
              {allCases.map((c) => {
                const on = chosenCases.length === 0 || chosenCases.includes(c.id);
                return (
                  <label key={c.id}>
                    <input
                      type="checkbox"
                      checked={on}
                      // At least one case stays in the matrix.
                      disabled={on && chosenCases.length === 1}
                      onChange={(e) => {
                        const all = allCases.map((x) => x.id);
                        const current = chosenCases.length ? chosenCases : all;
                        const next = e.target.checked
                          ? all.filter((id) => id === c.id || current.includes(id))
                          : current.filter((id) => id !== c.id);
                        update({
                          filter: {
                            ...spec.filter,
                            cases: next.length === all.length ? [] : next,
                          },
                        });
                      }}
                    />{' '}
                    {label(c.label)}
                  </label>
                );
              })}
            </span>
          </fieldset>
          <div className="matrix-controls">
            {modeSwitch}
            <button type="button" aria-pressed={projector} onClick={() => setProjector((p) => !p)}>
              {t('matrix.projector')}
            </button>
            <div role="group" aria-label={t('matrix.export')}>
              <AudienceSelect value={audience} onChange={setAudience} />
              {(['csv', 'xlsx', 'docx', 'html', 'svg', 'png'] as const).map((f) => (
                <button
                  key={f}
                  type="button"
                  aria-label={t('matrix.exportAs', { format: f.toUpperCase() })}
                  onClick={() => void doExport(f)}
                >
                  {f.toUpperCase()}
                </button>
              ))}
            </div>
            <form
              className="matrix-save"
              onSubmit={(e) => {
                e.preventDefault();
                if (saveName.trim()) void saveDefinition();
              }}
            >
              <input
                aria-label={t('matrix.saveName')}
                placeholder={t('matrix.saveName')}
                value={saveName}
                onChange={(e) => setSaveName(e.target.value)}
              />
              <button type="submit" disabled={!saveName.trim()}>
                {t('matrix.saveAs')}
              </button>
            </form>
          </div>
          <form
            className="matrix-controls"
            aria-label={t('audit.compare.title')}
            onSubmit={(e) => {
              e.preventDefault();
              if (compareDate) setCompareAt(compareDate);
            }}
          >
            <label>
              {t('audit.compare.date')}{' '}
              <input
                type="date"
                value={compareDate}
                onChange={(e) => setCompareDate(e.target.value)}
              />
            </label>
            <button type="submit" disabled={!compareDate}>
              {t('audit.compare.go')}
            </button>
            {compareAt && (
              <button type="button" onClick={() => setCompareAt(null)}>
                {t('audit.compare.stop')}
              </button>
            )}
          </form>
          {compareAt && compared.data && (
            <p role="status" className="compare-summary">
              {t('audit.compare.summary', {
                n: compared.data.cells.filter((c) => c.changed).length,
                when: date(compared.data.at, 'dateTime'),
              })}
            </p>
          )}
          {compareAt && compared.error && (
            <p role="alert" className="error">
              {compared.error.message}
            </p>
          )}
        </>
      )}
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
      {notWritable && (
        <p role="note" className="matrix-note">
          {t(`matrix.notWritable.${notWritable.kind}`, {
            dim: t(`matrix.dim.${notWritable.dimension}`).toLowerCase(),
          })}
        </p>
      )}
      {result.error && (
        <p role="alert" className="error">
          {result.error.message}
        </p>
      )}
      {!m || !scale ? (
        <p>{t('matrix.loading')}</p>
      ) : (
        <div className="matrix-layout">
          <div className="matrix-scroll">
            <MatrixGrid
              m={m}
              scale={scale}
              spec={spec}
              cols={cols}
              rows={shownRows}
              mode={mode}
              projector={projector}
              selected={selected}
              onSelect={setSelected}
              collapsed={collapsed}
              onToggleGroup={toggleGroup}
              cellByKey={cellByKey}
              synthByKey={synthByKey}
              changedByKey={changedByKey}
              patternText={patternText}
              rowName={rowName}
            />
            {mode === 'counts' && <Legend m={m} scale={scale} />}
          </div>
          {selected && selRow && selCol && (
            <CellPanel
              key={`${selected.row}|${selected.col}`}
              spec={spec}
              row={selRow}
              col={selCol}
              onClose={() => setSelected(null)}
            />
          )}
        </div>
      )}
    </div>
  );
}
