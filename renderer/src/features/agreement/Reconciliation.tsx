import { useId, useState } from 'react';
import type {
  AgreementSelection,
  Decision,
  Disagreement,
} from '../../../../core/shared/contract/agreement.js';
import type { Coder } from '../../../../core/shared/contract/schemas.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { useNav } from '../../shell/nav.js';

type Kind = Disagreement['kind'] | '';

/** The text of one coder's ranges inside the passage, each quoted. */
function quotes(d: Disagreement, ranges: { start: number; end: number }[]): string[] {
  return ranges.map((r) => d.context.text.slice(r.start - d.start, r.end - d.start));
}

function Row({
  d,
  coderA,
  coderB,
  codeLabel,
  onError,
}: {
  d: Disagreement;
  coderA: Coder;
  coderB: Coder;
  codeLabel: (id: string) => string;
  onError: (message: string | null) => void;
}) {
  const { t, date } = useI18n();
  const nav = useNav();
  const id = useId();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const decide = async (decision: Decision) => {
    setBusy(true);
    onError(null);
    try {
      await api.call('agreement.reconcile', {
        coderA: coderA.id,
        coderB: coderB.id,
        sourceId: d.sourceId,
        codeId: d.codeId,
        start: d.start,
        end: d.end,
        decision,
        comment: comment.trim(),
      });
      setComment('');
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const side = (who: Coder, ranges: { start: number; end: number }[], codes: string[]) => (
    <div className="side">
      <p className="who">
        <span className="swatch" style={{ background: who.color }} aria-hidden="true" />
        {t('agreement.coded', { who: `${who.name} (${who.initials})` })}:
      </p>
      {ranges.length ? (
        quotes(d, ranges).map((q, i) => (
          <blockquote key={i} style={{ borderColor: who.color }}>
            {q}
          </blockquote>
        ))
      ) : (
        <p className="none">{t('agreement.notCoded')}</p>
      )}
      {codes.length > 0 && (
        <p className="also">
          {t('agreement.alsoCodes', { codes: codes.map(codeLabel).join(', ') })}
        </p>
      )}
    </div>
  );
  const title = t('agreement.disagreement', { source: d.sourceTitle, code: codeLabel(d.codeId) });
  return (
    <li>
      <article className="disagreement" aria-labelledby={`${id}-title`}>
        <header>
          <h3 id={`${id}-title`}>{title}</h3>
          <span className="kind">
            {t(`agreement.kind.${d.kind}`)}
            {d.kind === 'boundaries'
              ? ` · ${t('agreement.overlapShare', { n: Math.round(d.overlap * 100) })}`
              : ''}
          </span>
          <button
            type="button"
            className="link"
            onClick={() => nav.openSource(d.sourceId, { start: d.start, end: d.end })}
          >
            {t('agreement.open')}
          </button>
        </header>
        <p className="passage" lang="nl">
          <span className="context">{d.context.before}</span>
          <strong>{d.context.text}</strong>
          <span className="context">{d.context.after}</span>
        </p>
        <div className="sides">
          {side(coderA, d.a, d.codesA)}
          {side(coderB, d.b, d.codesB)}
        </div>
        {d.comments.length > 0 && (
          <ul className="comments" aria-label={t('agreement.comments')}>
            {d.comments.map((c, i) => (
              <li key={i}>
                <strong>{c.by ?? '—'}</strong> ({date(c.at, 'dateTime')}): {c.text}
              </li>
            ))}
          </ul>
        )}
        <div className="actions" role="group" aria-label={title}>
          <button type="button" disabled={busy} onClick={() => void decide('accept-a')}>
            {t('agreement.acceptA')}
          </button>
          <button type="button" disabled={busy} onClick={() => void decide('accept-b')}>
            {t('agreement.acceptB')}
          </button>
          <button type="button" disabled={busy} onClick={() => void decide('keep-both')}>
            {t('agreement.keepBoth')}
          </button>
          <button type="button" disabled={busy} onClick={() => void decide('remove-both')}>
            {t('agreement.removeBoth')}
          </button>
          <label className="comment">
            <span>{t('agreement.comment')}</span>
            <input value={comment} onChange={(e) => setComment(e.target.value)} />
          </label>
          <button
            type="button"
            disabled={busy || !comment.trim()}
            onClick={() => void decide('comment')}
          >
            {t('agreement.addComment')}
          </button>
        </div>
      </article>
    </li>
  );
}

/** Every disagreement of a coder pair as a row with its actions, and the decisions so far. */
export function Reconciliation({
  coders,
  selection,
  codeLabel,
}: {
  coders: Coder[];
  selection: Omit<AgreementSelection, 'coderIds'>;
  codeLabel: (id: string) => string;
}) {
  const { t, date } = useI18n();
  const id = useId();
  const [pickA, setA] = useState('');
  const [pickB, setB] = useState('');
  const [codeId, setCode] = useState('');
  const [kind, setKind] = useState<Kind>('');
  const [error, setError] = useState<string | null>(null);
  const a = coders.find((c) => c.id === pickA) ?? coders[0];
  const b = coders.find((c) => c.id === pickB && c.id !== a?.id) ?? coders.find((c) => c !== a);
  const list = useCall(
    'agreement.disagreements',
    a && b ? { coderA: a.id, coderB: b.id, ...selection } : null,
  );
  const rows = (list.data?.rows ?? []).filter(
    (d) => (!codeId || d.codeId === codeId) && (!kind || d.kind === kind),
  );
  const codes = [...new Set((list.data?.rows ?? []).map((d) => d.codeId))];
  const nameOf = (coderId: string) => coders.find((c) => c.id === coderId)?.initials ?? '?';
  if (!a || !b) return <p>{t('agreement.twoCoders')}</p>;
  return (
    <div className="reconciliation">
      <div className="agreement-controls" role="group" aria-label={t('agreement.pair')}>
        <label>
          {t('agreement.coderA')}
          <select value={a.id} onChange={(e) => setA(e.target.value)}>
            {coders.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('agreement.coderB')}
          <select value={b.id} onChange={(e) => setB(e.target.value)}>
            {coders
              .filter((c) => c.id !== a.id)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('agreement.filterCode')}
          <select value={codeId} onChange={(e) => setCode(e.target.value)}>
            <option value="">{t('agreement.allCodes')}</option>
            {codes.map((c) => (
              <option key={c} value={c}>
                {codeLabel(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('agreement.filterKind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="">{t('agreement.kind.all')}</option>
            {(['only-a', 'only-b', 'boundaries'] as const).map((k) => (
              <option key={k} value={k}>
                {t(`agreement.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">{t('agreement.undoHint')}</p>
      {(error ?? list.error) && (
        <p role="alert" className="error">
          {error ?? list.error?.message}
        </p>
      )}
      <p role="status" id={`${id}-count`}>
        {list.data
          ? rows.length
            ? t('agreement.disagreementCount', { n: rows.length })
            : t('agreement.noDisagreements')
          : ''}
      </p>
      <ol className="disagreements" aria-describedby={`${id}-count`}>
        {rows.map((d) => (
          <Row key={d.id} d={d} coderA={a} coderB={b} codeLabel={codeLabel} onError={setError} />
        ))}
      </ol>
      <section aria-labelledby={`${id}-decisions`}>
        <h3 id={`${id}-decisions`}>{t('agreement.decisions')}</h3>
        {list.data?.decisions.length ? (
          <ul className="decisions">
            {list.data.decisions.map((x) => (
              <li key={x.id}>
                {t('agreement.decisionLine', {
                  at: date(x.at, 'dateTime'),
                  who: x.reconciledBy ?? '—',
                  decision: `${t(`agreement.decision.${x.decision}`)} (${nameOf(x.coderA)}/${nameOf(x.coderB)})`,
                  code: codeLabel(x.codeId),
                  source: x.sourceTitle,
                  start: x.start,
                  end: x.end,
                })}
                {x.comment ? ` — “${x.comment}”` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('agreement.noDecisions')}</p>
        )}
      </section>
    </div>
  );
}
