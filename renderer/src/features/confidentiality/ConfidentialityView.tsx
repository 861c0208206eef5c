import { useId, useState } from 'react';
import {
  TERM_KINDS,
  type Candidate,
  type RegisterEntry,
  type TermKind,
} from '../../../../core/shared/contract/confidentiality.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import './confidentiality.css';

const PAGE = 50;

/** A step the view can take back: the inverse call, named for the button. */
interface Undo {
  run: () => Promise<unknown>;
}

/** A term being edited in its row: its replacement and variants as typed. */
interface Editing {
  id: string;
  replacement: string;
  variants: string;
}

const splitVariants = (s: string) =>
  s
    .split(';')
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * The Confidentiality view: the register (respondents' real names, hidden, and the team's terms
 * with their replacements and variants, each with how often it occurs in the sources), a form to
 * add a term, and the candidates found in the sources to confirm into the register or dismiss.
 * Real names are never shown here: the register lists them by the pseudonym that replaces them.
 *
 * Editing a term and taking back a dismissal are logged actions like the rest. They are undone
 * here, by the inverse call (the button after each), not by Ctrl+Z: the change log keeps no
 * terms (so that no log line carries a name), so it cannot put a term's old form back.
 */
export function ConfidentialityView() {
  const { t } = useI18n();
  const titleId = useId();
  const listId = useId();
  const candId = useId();
  const register = useCall('names.list', {});
  const counts = useCall('names.occurrences', {});
  const candidates = useCall('names.candidates', {});
  const dismissed = useCall('names.dismissed', {});
  const [kind, setKind] = useState<TermKind>('person');
  const [term, setTerm] = useState('');
  const [replacement, setReplacement] = useState('');
  const [variants, setVariants] = useState('');
  const [shown, setShown] = useState(PAGE);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const dismissedId = useId();

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    setUndo(null);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const add = () =>
    run(async () => {
      const e = await api.call('names.add', {
        kind,
        term: term.trim(),
        replacement: replacement.trim(),
        variants: splitVariants(variants),
      });
      setTerm('');
      setReplacement('');
      setVariants('');
      setMessage(t('confidentiality.added', { replacement: e.replacement }));
    });

  const save = (e: RegisterEntry, next: Editing) =>
    run(async () => {
      const before = { replacement: e.replacement, variants: e.variants };
      const changed = await api.call('names.update', {
        id: e.id,
        replacement: next.replacement.trim(),
        variants: splitVariants(next.variants),
      });
      setEditing(null);
      setMessage(
        t('confidentiality.updated', { term: e.term ?? '', replacement: changed.replacement }),
      );
      setUndo({ run: () => api.call('names.update', { id: e.id, ...before }) });
    });

  const undismiss = (d: { id: string; text: string; kind: Candidate['kind'] }) =>
    run(async () => {
      await api.call('names.undismiss', { id: d.id });
      setMessage(t('confidentiality.undismissed', { text: d.text }));
      setUndo({ run: () => api.call('names.dismiss', { text: d.text, kind: d.kind }) });
    });

  const takeBack = (u: Undo) =>
    run(async () => {
      await u.run();
      setMessage(t('confidentiality.undone'));
    });

  const found = new Map((counts.data?.counts ?? []).map((c) => [c.entryId, c]));
  const entries = register.data?.entries ?? [];
  const kindLabel = (k: string) => t(`confidentiality.kind.${k}`);
  const replacementOf = (c: Candidate) => edits[`${c.kind}\n${c.key}`] ?? c.replacement;

  const termCell = (e: RegisterEntry) =>
    e.term === null ? (
      <span className="confidentiality-hidden">
        {t('confidentiality.realName', { pseudonym: e.replacement })}
      </span>
    ) : (
      e.term
    );

  return (
    <section className="confidentiality-view" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('confidentiality.title')}</h2>
      <p className="confidentiality-intro">{t('confidentiality.intro')}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && (
        <p role="status" className="confidentiality-status">
          {message}{' '}
          {undo && (
            <button type="button" disabled={busy} onClick={() => void takeBack(undo)}>
              {t('confidentiality.undo')}
            </button>
          )}
        </p>
      )}

      <form
        className="confidentiality-add"
        aria-label={t('confidentiality.add')}
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label>
          {t('confidentiality.kind')}
          <select value={kind} onChange={(e) => setKind(e.target.value as TermKind)}>
            {TERM_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('confidentiality.term')}
          <input
            value={term}
            required
            minLength={2}
            maxLength={300}
            onChange={(e) => setTerm(e.target.value)}
          />
        </label>
        <label>
          {t('confidentiality.replacement')}
          <input
            value={replacement}
            required
            maxLength={100}
            onChange={(e) => setReplacement(e.target.value)}
          />
        </label>
        <label>
          {t('confidentiality.variants')}
          <input value={variants} onChange={(e) => setVariants(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {t('confidentiality.add')}
        </button>
      </form>

      <h3 id={listId}>{t('confidentiality.list')}</h3>
      {register.error && (
        <p role="alert" className="error">
          {register.error.message}
        </p>
      )}
      {register.data && entries.length === 0 && (
        <p className="empty">{t('confidentiality.empty')}</p>
      )}
      {entries.length > 0 && (
        <table className="confidentiality-register" aria-labelledby={listId}>
          <thead>
            <tr>
              <th scope="col">{t('confidentiality.kind')}</th>
              <th scope="col">{t('confidentiality.col.term')}</th>
              <th scope="col">{t('confidentiality.col.variants')}</th>
              <th scope="col">{t('confidentiality.col.replacement')}</th>
              <th scope="col">{t('confidentiality.col.found')}</th>
              <th scope="col">{t('confidentiality.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => {
              const c = found.get(e.id);
              if (editing?.id === e.id)
                return (
                  <tr key={e.id} data-entry-id={e.id}>
                    <td>{kindLabel(e.kind)}</td>
                    <td>{termCell(e)}</td>
                    <td>
                      <input
                        aria-label={t('confidentiality.variantsOf', { term: e.term ?? '' })}
                        value={editing.variants}
                        onChange={(x) => setEditing({ ...editing, variants: x.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={t('confidentiality.replacementOf', { term: e.term ?? '' })}
                        value={editing.replacement}
                        maxLength={100}
                        onChange={(x) => setEditing({ ...editing, replacement: x.target.value })}
                      />
                    </td>
                    <td>
                      {t('confidentiality.found', { n: c?.count ?? 0, sources: c?.sources ?? 0 })}
                    </td>
                    <td>
                      <button
                        type="button"
                        disabled={busy || editing.replacement.trim() === ''}
                        onClick={() => void save(e, editing)}
                      >
                        {t('confidentiality.save')}
                      </button>{' '}
                      <button type="button" onClick={() => setEditing(null)}>
                        {t('confidentiality.cancel')}
                      </button>
                    </td>
                  </tr>
                );
              return (
                <tr key={e.id} data-entry-id={e.id}>
                  <td>{kindLabel(e.kind)}</td>
                  <td>{termCell(e)}</td>
                  <td>{e.variants.join('; ')}</td>
                  <td className="confidentiality-replacement">{e.replacement}</td>
                  <td>
                    {t('confidentiality.found', { n: c?.count ?? 0, sources: c?.sources ?? 0 })}
                  </td>
                  <td>
                    {e.respondentId === null && (
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={t('confidentiality.editTerm', { term: e.term ?? '' })}
                        onClick={() =>
                          setEditing({
                            id: e.id,
                            replacement: e.replacement,
                            variants: e.variants.join('; '),
                          })
                        }
                      >
                        {t('confidentiality.edit')}
                      </button>
                    )}{' '}
                    {e.respondentId === null && (
                      <button
                        type="button"
                        disabled={busy}
                        aria-label={t('confidentiality.removeTerm', {
                          replacement: e.replacement,
                        })}
                        onClick={() =>
                          void run(async () => {
                            await api.call('names.remove', { id: e.id });
                          })
                        }
                      >
                        {t('confidentiality.remove')}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}

      <h3 id={candId}>{t('confidentiality.candidates')}</h3>
      <p className="confidentiality-intro">{t('confidentiality.candidatesIntro')}</p>
      {candidates.error && (
        <p role="alert" className="error">
          {candidates.error.message}
        </p>
      )}
      {candidates.data && (
        <p className="confidentiality-muted">
          {t('confidentiality.candidateCount', {
            n: candidates.data.total,
            sources: candidates.data.sources,
          })}{' '}
          {t('confidentiality.dismissed', { n: register.data?.dismissed ?? 0 })}
        </p>
      )}
      {candidates.data && candidates.data.candidates.length === 0 && (
        <p className="empty">{t('confidentiality.noCandidates')}</p>
      )}
      {candidates.data && candidates.data.candidates.length > 0 && (
        <ul className="confidentiality-candidates" aria-labelledby={candId}>
          {candidates.data.candidates.slice(0, shown).map((c) => {
            const key = `${c.kind}\n${c.key}`;
            const first = c.occurrences[0];
            return (
              <li key={key} data-candidate={c.text}>
                <div className="confidentiality-candidate-head">
                  <strong>{c.text}</strong>{' '}
                  <span className="confidentiality-muted">
                    {t(`confidentiality.cand.${c.kind}`)} ·{' '}
                    {t('confidentiality.occurs', { n: c.count })}
                  </span>
                </div>
                {first && (
                  <p className="confidentiality-context">
                    {first.before}
                    <mark>{first.text}</mark>
                    {first.after}{' '}
                    <span className="confidentiality-muted">({first.sourceTitle})</span>
                  </p>
                )}
                <div className="confidentiality-candidate-actions">
                  <input
                    aria-label={t('confidentiality.replacementFor', { text: c.text })}
                    value={replacementOf(c)}
                    maxLength={100}
                    onChange={(e) => setEdits((m) => ({ ...m, [key]: e.target.value }))}
                  />
                  <button
                    type="button"
                    disabled={busy || replacementOf(c).trim() === ''}
                    aria-label={t('confidentiality.confirmAs', {
                      text: c.text,
                      replacement: replacementOf(c),
                    })}
                    onClick={() =>
                      void run(async () => {
                        await api.call('names.add', {
                          kind: c.termKind,
                          term: c.text,
                          replacement: replacementOf(c).trim(),
                          variants: [],
                          origin: 'candidate',
                        });
                      })
                    }
                  >
                    {t('confidentiality.confirm')}
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    aria-label={t('confidentiality.dismissText', { text: c.text })}
                    onClick={() =>
                      void run(async () => {
                        const d = await api.call('names.dismiss', { text: c.text, kind: c.kind });
                        setMessage(t('confidentiality.dismissedOne', { text: c.text }));
                        setUndo({ run: () => api.call('names.undismiss', { id: d.id }) });
                      })
                    }
                  >
                    {t('confidentiality.dismiss')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {candidates.data && candidates.data.candidates.length > shown && (
        <button type="button" onClick={() => setShown((n) => n + PAGE)}>
          {t('confidentiality.showMore')}
        </button>
      )}

      <h3 id={dismissedId}>{t('confidentiality.dismissedList')}</h3>
      {dismissed.data && dismissed.data.length === 0 && (
        <p className="empty">{t('confidentiality.noneDismissed')}</p>
      )}
      {dismissed.data && dismissed.data.length > 0 && (
        <ul className="confidentiality-dismissed" aria-labelledby={dismissedId}>
          {dismissed.data.map((d) => (
            <li key={d.id} data-dismissed={d.text}>
              <strong>{d.text}</strong>{' '}
              <span className="confidentiality-muted">{t(`confidentiality.cand.${d.kind}`)}</span>{' '}
              <button
                type="button"
                disabled={busy}
                aria-label={t('confidentiality.undismissText', { text: d.text })}
                onClick={() => void undismiss(d)}
              >
                {t('confidentiality.undismiss')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
