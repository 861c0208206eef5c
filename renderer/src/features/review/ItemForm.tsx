import { useId, useState } from 'react';
import type { MatrixHeader } from '../../../../core/shared/contract/matrix.js';
import {
  MAX_QUOTES,
  REVEAL_MODES,
  type ReviewFocus,
  type ReviewItem,
  type ReviewShow,
  type RevealMode,
} from '../../../../core/shared/contract/review.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { SelectField } from './SelectField.js';

const FRAMEWORK = 'framework';

const headerName = (h: MatrixHeader, pick: (b: { nl: string; en: string }) => string) =>
  h.parentLabel ? `${pick(h.parentLabel)} — ${pick(h.label)}` : pick(h.label);

/** Adds an agenda item, or changes one: the matrix, its focus, the question, what the room sees. */
export function ItemForm({
  sessionId,
  item,
  onDone,
}: {
  sessionId: string;
  item?: ReviewItem;
  onDone: () => void;
}) {
  const { t, label } = useI18n();
  const id = useId();
  const defs = useCall('matrix.definitions.list', {});
  const [matrix, setMatrix] = useState(FRAMEWORK);
  const [focus, setFocus] = useState<ReviewFocus>(item?.focus ?? { kind: 'grid' });
  const [question, setQuestion] = useState(item?.question ?? '');
  const [show, setShow] = useState<ReviewShow | null>(item?.show ?? null);
  const [reveal, setReveal] = useState<RevealMode>(item?.reveal ?? 'all');
  const [notes, setNotes] = useState(item?.notes ?? '');
  const [error, setError] = useState<string | null>(null);

  const def = matrix === FRAMEWORK ? defs.data?.[0] : defs.data?.find((d) => d.id === matrix);
  const spec = item?.spec ?? def?.spec;
  const headers = useCall('matrix.compute', spec ? { ...spec, includeSegments: false } : null);
  // The framework matrix shows its syntheses unless the facilitator says otherwise.
  const shown: ReviewShow = show ?? {
    counts: true,
    syntheses: matrix === FRAMEWORK,
    quotes: 0,
    hideCases: false,
  };
  const rows = headers.data?.rows ?? [];
  const cols = headers.data?.cols ?? [];
  const groups = [
    ...new Map(
      rows
        .filter((r) => r.parentLabel)
        .map((r) => [r.id.split(':')[0] as string, r.parentLabel as { nl: string; en: string }]),
    ),
  ];

  const submit = async () => {
    setError(null);
    try {
      if (item)
        await api.call('review.items.update', {
          id: item.id,
          question,
          focus,
          show: shown,
          reveal,
          notes,
        });
      else
        await api.call('review.items.add', {
          sessionId,
          matrix,
          question,
          focus,
          show: shown,
          reveal,
          notes,
        });
      onDone();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const setKind = (kind: ReviewFocus['kind']) => {
    const row = focus.kind !== 'grid' ? focus.row : (groups[0]?.[0] ?? rows[0]?.id ?? '');
    if (kind === 'grid') setFocus({ kind });
    else if (kind === 'row') setFocus({ kind, row });
    else
      setFocus({
        kind,
        row: rows.some((r) => r.id === row) ? row : (rows[0]?.id ?? ''),
        col: focus.kind === 'cell' ? focus.col : (cols[0]?.id ?? ''),
      });
  };

  return (
    <form
      className="review-form item-form"
      aria-label={item ? t('review.item.edit') : t('review.item.add')}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {!item && (
        <SelectField
          label={t('review.item.matrix')}
          value={matrix}
          onChange={(v) => {
            setMatrix(v);
            setFocus({ kind: 'grid' });
            setShow(null);
          }}
        >
          <option value={FRAMEWORK}>
            {t('review.item.framework', { name: defs.data?.[0] ? label(defs.data[0].name) : '' })}
          </option>
          {(defs.data ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {label(d.name)}
            </option>
          ))}
        </SelectField>
      )}
      <fieldset>
        <legend>{t('review.item.focus')}</legend>
        {(['grid', 'row', 'cell'] as const).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name={`${id}-focus`}
              checked={focus.kind === k}
              onChange={() => setKind(k)}
            />{' '}
            {t(`review.focus.${k}`)}
          </label>
        ))}
        {focus.kind === 'row' && (
          <SelectField
            label={t('review.item.row')}
            value={focus.row}
            onChange={(row) => setFocus({ kind: 'row', row })}
          >
            {groups.map(([gid, l]) => (
              <option key={gid} value={gid}>
                {label(l)}
              </option>
            ))}
            {rows.map((r) => (
              <option key={r.id} value={r.id}>
                {headerName(r, label)}
              </option>
            ))}
          </SelectField>
        )}
        {focus.kind === 'cell' && (
          <>
            <SelectField
              label={t('review.item.row')}
              value={focus.row}
              onChange={(row) => setFocus({ ...focus, row })}
            >
              {rows.map((r) => (
                <option key={r.id} value={r.id}>
                  {headerName(r, label)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('review.item.col')}
              value={focus.col}
              onChange={(col) => setFocus({ ...focus, col })}
            >
              {cols.map((c) => (
                <option key={c.id} value={c.id}>
                  {headerName(c, label)}
                </option>
              ))}
            </SelectField>
          </>
        )}
      </fieldset>
      <label className="wide">
        {t('review.item.question')}{' '}
        <input
          value={question}
          placeholder={t('review.item.questionHint')}
          onChange={(e) => setQuestion(e.target.value)}
        />
      </label>
      <fieldset>
        <legend>{t('review.item.show')}</legend>
        <label>
          <input
            type="checkbox"
            checked={shown.counts}
            onChange={(e) => setShow({ ...shown, counts: e.target.checked })}
          />{' '}
          {t('review.show.counts')}
        </label>
        <label>
          <input
            type="checkbox"
            checked={shown.syntheses}
            onChange={(e) => setShow({ ...shown, syntheses: e.target.checked })}
          />{' '}
          {t('review.show.syntheses')}
        </label>
        <label>
          {t('review.show.quotes')}{' '}
          <input
            type="number"
            min={0}
            max={MAX_QUOTES}
            value={shown.quotes}
            onChange={(e) =>
              setShow({
                ...shown,
                quotes: Math.max(0, Math.min(MAX_QUOTES, Number(e.target.value) || 0)),
              })
            }
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={shown.hideCases}
            onChange={(e) => setShow({ ...shown, hideCases: e.target.checked })}
          />{' '}
          {t('review.show.hideCases')}
        </label>
      </fieldset>
      <SelectField
        label={t('review.item.reveal')}
        value={reveal}
        onChange={(v) => setReveal(v as RevealMode)}
      >
        {REVEAL_MODES.map((m) => (
          <option key={m} value={m}>
            {t(`review.reveal.${m}`)}
          </option>
        ))}
      </SelectField>
      <label className="wide">
        {t('review.item.notes')}{' '}
        <textarea rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={!spec}>
          {item ? t('common.save') : t('review.item.add')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}
