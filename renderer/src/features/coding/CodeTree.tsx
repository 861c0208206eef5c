import { memo, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Code } from '../../../../core/shared/contract/schemas.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { MemoEditor } from './MemoEditor.js';
import { codePassage } from './optimisticCoding.js';
import { SplitDialog } from './SplitDialog.js';
import { CODE_MIME, RANGE_MIME, rememberCodes, setCoding, type TextSelection } from './store.js';

type Preview = { codes: number; codings: number; segments: number; sources: number; memos: number };

function CodeActions({ code, all, onDone }: { code: Code; all: Code[]; onDone: () => void }) {
  const { t, label } = useI18n();
  const favourites = useCall('coding.favourites', {});
  const [nl, setNl] = useState(code.label.nl);
  const [en, setEn] = useState(code.label.en);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [splitting, setSplitting] = useState(false);
  const [notice, setNotice] = useState('');
  const run = (p: Promise<unknown>, close = false) =>
    p.then(
      () => {
        if (close) onDone();
      },
      (e: Error) => setError(e.message),
    );
  const others = all.filter((c) => c.id !== code.id);
  const digit = favourites.data?.find((f) => f.codeId === code.id)?.digit;
  return (
    <div
      className="code-actions"
      role="group"
      aria-label={t('coding.tree.actions', { label: label(code.label) })}
    >
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(api.call('codes.update', { id: code.id, label: { nl, en } }));
        }}
      >
        <label>
          {t('coding.tree.renameNl')} <input value={nl} onChange={(e) => setNl(e.target.value)} />
        </label>
        <label>
          {t('coding.tree.renameEn')} <input value={en} onChange={(e) => setEn(e.target.value)} />
        </label>
        <button type="submit">{t('coding.tree.rename')}</button>
      </form>
      <label>
        {t('coding.tree.color')}{' '}
        <input
          type="color"
          value={code.color}
          onChange={(e) =>
            void run(api.call('codes.update', { id: code.id, color: e.target.value }))
          }
        />
      </label>
      <label>
        {t('coding.tree.favourite')}{' '}
        <select
          value={digit ?? ''}
          onChange={(e) =>
            void run(
              e.target.value
                ? api.call('coding.setFavourite', {
                    digit: Number(e.target.value),
                    codeId: code.id,
                  })
                : digit
                  ? api.call('coding.setFavourite', { digit, codeId: null })
                  : Promise.resolve(),
            )
          }
        >
          <option value="">{t('coding.tree.noFavourite')}</option>
          {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('coding.tree.moveUnder')}{' '}
        <select
          value=""
          onChange={(e) =>
            void run(
              api.call('codes.move', {
                id: code.id,
                parentId: e.target.value === '__top' ? null : e.target.value,
              }),
            )
          }
        >
          <option value="">{t('coding.tree.choose')}</option>
          <option value="__top">{t('coding.tree.moveTop')}</option>
          {others.map((c) => (
            <option key={c.id} value={c.id}>
              {label(c.label)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('coding.tree.mergeInto')}{' '}
        <select
          value=""
          onChange={(e) =>
            e.target.value &&
            void run(api.call('codes.merge', { fromId: code.id, intoId: e.target.value }), true)
          }
        >
          <option value="">{t('coding.tree.choose')}</option>
          {others.map((c) => (
            <option key={c.id} value={c.id}>
              {label(c.label)}
            </option>
          ))}
        </select>
      </label>
      <button type="button" aria-haspopup="dialog" onClick={() => setSplitting(true)}>
        {t('coding.split.open')}
      </button>
      {splitting && (
        <SplitDialog
          code={code}
          onClose={() => setSplitting(false)}
          onDone={(created) => {
            setSplitting(false);
            setNotice(t('coding.split.done', { label: label(created.label) }));
          }}
        />
      )}
      {notice && <p role="status">{notice}</p>}
      <span className="memo-label" aria-hidden="true">
        {t('coding.memo.button')}
      </span>
      <MemoEditor
        targetType="code"
        targetId={code.id}
        label={t('coding.memo.code', { label: label(code.label) })}
      />
      {preview ? (
        <div role="alertdialog" aria-label={t('coding.tree.delete')} className="confirm">
          <p>
            {t('coding.tree.deleteConfirm', {
              label: label(code.label),
              codes: t('count.codes', { n: preview.codes }),
              codings: t('count.codings', { n: preview.codings }),
              segments: t('count.segments', { n: preview.segments }),
              sources: t('count.sources', { n: preview.sources }),
              memos: t('count.memos', { n: preview.memos }),
            })}
          </p>
          <button
            type="button"
            className="danger"
            autoFocus
            onClick={() => void run(api.call('codes.delete', { id: code.id }), true)}
          >
            {t('coding.tree.confirm')}
          </button>
          <button type="button" onClick={() => setPreview(null)}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="danger"
          onClick={() =>
            void api
              .call('codes.deletePreview', { id: code.id })
              .then(setPreview, (e: Error) => setError(e.message))
          }
        >
          {t('coding.tree.delete')}
        </button>
      )}
    </div>
  );
}

/** What a row of the code tree does (one object for the tree's life). */
interface RowActions {
  over: (id: string) => void;
  leave: (id: string) => void;
  drop: (e: React.DragEvent, code: Code) => void;
  toggle: (id: string) => void;
}

/**
 * One code of the tree. Drawn again only when its code, place or state changes: a coding
 * changes the counts of the codes it applied, and the other rows stay as they are.
 */
const CodeRow = memo(function CodeRow({
  code: c,
  depth,
  digit,
  over,
  open,
  does,
  children,
}: {
  code: Code;
  depth: number;
  digit: number | undefined;
  over: boolean;
  open: boolean;
  does: RowActions;
  children: ReactNode;
}) {
  const { t, label, number } = useI18n();
  const counts = t('coding.tree.counts', {
    segments: t('count.segments', { n: c.segmentCount }),
    sources: t('count.sources', { n: c.sourceCount }),
  });
  return (
    <li
      data-code-id={c.id}
      className={over ? 'drop-over' : undefined}
      style={{ paddingLeft: `${depth * 14}px` }}
      onDragOver={(e) => {
        e.preventDefault();
        does.over(c.id);
      }}
      onDragLeave={() => does.leave(c.id)}
      onDrop={(e) => does.drop(e, c)}
    >
      <div className="code-row">
        <span
          className="code-main"
          draggable
          onDragStart={(e) => e.dataTransfer.setData(CODE_MIME, c.id)}
          title={label(c.description) || undefined}
        >
          <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
          <span className="code-label">{label(c.label)}</span>
          {digit !== undefined && (
            <kbd
              className="fav-digit"
              title={t('coding.tree.favourite')}
              aria-label={`${t('coding.tree.favourite')} ${digit}`}
            >
              {digit}
            </kbd>
          )}
        </span>
        {/* The number for the eye, the sentence for the ear (a span takes no aria-label). */}
        <span className="count" aria-hidden="true" title={counts}>
          {c.segmentCount ? number(c.segmentCount) : ''}
        </span>
        <span className="sr-only">{counts}</span>
        <button
          type="button"
          className="small"
          aria-expanded={open}
          aria-label={t('coding.tree.actions', { label: label(c.label) })}
          onClick={() => does.toggle(c.id)}
        >
          ⋯
        </button>
      </div>
      {children}
    </li>
  );
});

/** The code tree with counts, descriptions, management, and drop targets for coding. */
export function CodeTree() {
  const { t } = useI18n();
  const codes = useCall('codes.tree', {});
  const favourites = useCall('coding.favourites', {});
  const digitOf = new Map((favourites.data ?? []).map((f) => [f.codeId, f.digit]));
  const [openId, setOpenId] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [newLabel, setNewLabel] = useState('');
  const [over, setOver] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const all = codes.data ?? [];
  const depth = new Map<string, number>();
  for (const c of all) depth.set(c.id, c.parentId ? (depth.get(c.parentId) ?? 0) + 1 : 0);

  const onDrop = (e: React.DragEvent, code: Code) => {
    e.preventDefault();
    setOver(null);
    const range = e.dataTransfer.getData(RANGE_MIME);
    const moved = e.dataTransfer.getData(CODE_MIME);
    const p = range
      ? codePassage(JSON.parse(range) as TextSelection, [code.id]).then((seg) => {
          rememberCodes([code.id]);
          setCoding({ openSegmentId: seg.id });
        })
      : moved && moved !== code.id
        ? api.call('codes.move', { id: moved, parentId: code.id })
        : null;
    p?.catch((err: Error) => setError(err.message));
  };
  const latestDrop = useRef(onDrop);
  latestDrop.current = onDrop;
  const does = useMemo<RowActions>(
    () => ({
      over: (id) => setOver(id),
      leave: (id) => setOver((o) => (o === id ? null : o)),
      drop: (e, code) => latestDrop.current(e, code),
      toggle: (id) => setOpenId((o) => (o === id ? null : id)),
    }),
    [],
  );

  return (
    <section className="code-tree-section" aria-labelledby="code-tree-title">
      <h2 className="sidebar-heading" id="code-tree-title">
        {t('codes.title')}
      </h2>
      <button
        type="button"
        className="small"
        aria-expanded={adding}
        onClick={() => setAdding((a) => !a)}
      >
        {t('coding.tree.new')}
      </button>
      {adding && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void api.call('codes.create', { label: { nl: newLabel, en: '' }, parentId: null }).then(
              () => {
                setNewLabel('');
                setAdding(false);
              },
              (err: Error) => setError(err.message),
            );
          }}
        >
          <label>
            <span className="sr-only">{t('coding.tree.newLabel')}</span>
            <input
              aria-label={t('coding.tree.newLabel')}
              value={newLabel}
              autoFocus
              onChange={(e) => setNewLabel(e.target.value)}
            />
          </label>
          <button type="submit" disabled={!newLabel.trim()}>
            {t('coding.tree.new')}
          </button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <ul className="code-tree" aria-label={t('codes.title')} title={t('coding.tree.dropHint')}>
        {all.map((c) => (
          <CodeRow
            key={c.id}
            code={c}
            depth={depth.get(c.id) ?? 0}
            digit={digitOf.get(c.id)}
            over={over === c.id}
            open={openId === c.id}
            does={does}
          >
            {openId === c.id && <CodeActions code={c} all={all} onDone={() => setOpenId(null)} />}
          </CodeRow>
        ))}
      </ul>
    </section>
  );
}
