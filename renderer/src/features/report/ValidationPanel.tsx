import { useId, useState } from 'react';
import type {
  Correction,
  ReportModel,
  ReportSection,
  Round,
} from '../../../../core/shared/contract/report.js';
import { coordinateKey } from '../../../../core/shared/contract/synthesis.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { paragraphsBody } from './lexical.js';

type Status = 'none' | 'approved' | 'corrections';

/** Every section of a report that a correction can point at (the parts with text of their own). */
function sectionsOf(model: ReportModel): { key: string; title: string; section: ReportSection }[] {
  const out: { key: string; title: string; section: ReportSection }[] = [];
  const walk = (s: ReportSection, path: string[]) => {
    if (s.sections.length === 0)
      out.push({ key: s.key, title: [...path, s.title].join(' › '), section: s });
    for (const sub of s.sections) walk(sub, [...path, s.title]);
  };
  for (const ch of model.chapters) for (const s of ch.sections) walk(s, [ch.title]);
  return out;
}

function CorrectionItem({ c, model }: { c: Correction; model: ReportModel }) {
  const { t } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const [editing, setEditing] = useState(false);
  const anchor = c.anchor;
  const section =
    'coordinate' in anchor
      ? sectionsOf(model).find(
          (x) => coordinateKey(x.section.coordinate) === coordinateKey(anchor.coordinate),
        )
      : undefined;
  const [text, setText] = useState(section?.section.synthesis?.paragraphs.join('\n\n') ?? '');
  const [error, setError] = useState<string | null>(null);
  const resolve = async (decision: 'accept' | 'reject', withText: boolean) => {
    setError(null);
    try {
      await api.call('validation.resolve', {
        correctionId: c.id,
        decision,
        reason,
        ...(withText ? { synthesis: { body: paragraphsBody(text), bodyText: text } } : {}),
      });
      setEditing(false);
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <li className={`report-correction ${c.state}`}>
      <p>
        <strong>{c.respondent}</strong> · {c.where} ·{' '}
        <span className={`state ${c.state}`}>{t(`report.state.${c.state}`)}</span>
      </p>
      <p className="correction-text">{c.text}</p>
      {c.reason && (
        <p className="muted">
          {t('report.reason')}: {c.reason}
        </p>
      )}
      {c.state === 'open' && (
        <div className="correction-actions">
          <label htmlFor={`${id}-reason`}>{t('report.reason')}</label>
          <input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="button" onClick={() => void resolve('accept', false)}>
            {t('report.accept')}
          </button>
          {'coordinate' in c.anchor && (
            <button type="button" aria-expanded={editing} onClick={() => setEditing((x) => !x)}>
              {t('report.acceptEdit')}
            </button>
          )}
          <button type="button" onClick={() => void resolve('reject', false)}>
            {t('report.reject')}
          </button>
          {editing && (
            <div className="correction-edit">
              <label htmlFor={`${id}-text`}>{t('report.newText')}</label>
              <textarea
                id={`${id}-text`}
                rows={6}
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
              <button
                type="button"
                className="primary"
                onClick={() => void resolve('accept', true)}
              >
                {t('report.accept')}
              </button>
            </div>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </li>
  );
}

function RoundView({ round, model }: { round: Round; model: ReportModel }) {
  const { t } = useI18n();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [who, setWho] = useState(round.answers[0]?.respondentId ?? '');
  const sections = sectionsOf(model);
  const [where, setWhere] = useState(sections[0]?.key ?? '');
  const [text, setText] = useState('');
  const answer = async (respondentId: string, status: Status, comment: string) => {
    setError(null);
    try {
      await api.call('validation.answer', { roundId: round.id, respondentId, status, comment });
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const correct = async () => {
    const s = sections.find((x) => x.key === where);
    if (!s || !text.trim()) return;
    setError(null);
    try {
      await api.call('validation.correct', {
        roundId: round.id,
        respondentId: who,
        anchor: { coordinate: s.section.coordinate },
        text,
      });
      setText('');
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section
      className="report-round"
      aria-label={t('report.round', {
        n: round.number,
        v: round.version.number,
        date: round.sentOn,
      })}
    >
      <h3>{t('report.round', { n: round.number, v: round.version.number, date: round.sentOn })}</h3>
      <table className="report-answers">
        <thead>
          <tr>
            <th scope="col">{t('report.respondent')}</th>
            <th scope="col">{t('report.answer')}</th>
            <th scope="col">{t('report.comment')}</th>
          </tr>
        </thead>
        <tbody>
          {round.answers.map((a) => (
            <tr key={a.respondentId}>
              <th scope="row">
                {a.respondent} <span className="muted">({a.role})</span>
              </th>
              <td>
                <select
                  aria-label={t('report.answerOf', { who: a.respondent })}
                  value={a.status}
                  onChange={(e) => void answer(a.respondentId, e.target.value as Status, a.comment)}
                >
                  {(['none', 'approved', 'corrections'] as const).map((s) => (
                    <option key={s} value={s}>
                      {t(`report.answer.${s}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{a.comment}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('report.corrections')}</h4>
      {round.corrections.length === 0 ? (
        <p className="muted">{t('report.noCorrections')}</p>
      ) : (
        <ul className="report-corrections" aria-label={t('report.corrections')}>
          {round.corrections.map((c) => (
            <CorrectionItem key={c.id} c={c} model={model} />
          ))}
        </ul>
      )}
      <form
        className="report-add-correction"
        aria-label={t('report.addCorrection')}
        onSubmit={(e) => {
          e.preventDefault();
          void correct();
        }}
      >
        <label htmlFor={`${id}-who`}>{t('report.respondent')}</label>
        <select id={`${id}-who`} value={who} onChange={(e) => setWho(e.target.value)}>
          {round.answers.map((a) => (
            <option key={a.respondentId} value={a.respondentId}>
              {a.respondent}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-where`}>{t('report.section')}</label>
        <select id={`${id}-where`} value={where} onChange={(e) => setWhere(e.target.value)}>
          {sections.map((s) => (
            <option key={s.key} value={s.key}>
              {s.title}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-text`}>{t('report.correctionText')}</label>
        <textarea
          id={`${id}-text`}
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" disabled={!text.trim()}>
          {t('report.addCorrection')}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

/** Rounds, answers and corrections of one case, a new round, and confirming the validation. */
export function ValidationPanel({ caseId, model }: { caseId: string; model: ReportModel }) {
  const { t, lang } = useI18n();
  const id = useId();
  const status = useCall('validation.status', { caseId });
  const respondents = useCall('respondents.list', { caseId });
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [sentOn, setSentOn] = useState(new Date().toISOString().slice(0, 10));
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const run = async (fn: () => Promise<string>) => {
    setMessage(null);
    try {
      setMessage({ text: await fn(), error: false });
    } catch (e) {
      setMessage({ text: (e as Error).message, error: true });
    }
  };
  const st = status.data;
  return (
    <div className="report-validation">
      <form
        className="report-new-round"
        aria-label={t('report.newRound')}
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const r = await api.call('validation.createRound', {
              caseId,
              respondentIds: [...chosen],
              sentOn,
              lang,
            });
            setChosen(new Set());
            return t('report.round', { n: r.number, v: r.version.number, date: r.sentOn });
          });
        }}
      >
        <fieldset>
          <legend>{t('report.newRound')}</legend>
          <p className="field-label">{t('report.sendTo')}</p>
          <span role="group" aria-label={t('report.sendTo')} className="report-recipients">
            {(respondents.data ?? []).map((r) => (
              <label key={r.id}>
                <input
                  type="checkbox"
                  checked={chosen.has(r.id)}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.target.checked) next.add(r.id);
                    else next.delete(r.id);
                    setChosen(next);
                  }}
                />{' '}
                {r.pseudonym} <span className="muted">{r.organisation}</span>
              </label>
            ))}
          </span>
          <label htmlFor={`${id}-date`}>{t('report.sentOn')}</label>
          <input
            id={`${id}-date`}
            type="date"
            value={sentOn}
            onChange={(e) => setSentOn(e.target.value)}
          />
          <button type="submit" disabled={chosen.size === 0}>
            {t('report.send')}
          </button>
        </fieldset>
      </form>
      {message && (
        <p role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
      {!st ? null : st.rounds.length === 0 ? (
        <p className="muted">{t('report.noRounds')}</p>
      ) : (
        [...st.rounds].reverse().map((r) => <RoundView key={r.id} round={r} model={model} />)
      )}
      {st && st.rounds.length > 0 && (
        <section className="report-confirm" aria-label={t('report.confirm')}>
          {st.canConfirm ? (
            <p>{t('report.ready')}</p>
          ) : (
            <>
              <p>{t('report.notReady')}</p>
              <ul>
                {st.blockers.map((b) => (
                  <li key={b.kind}>
                    {t(`report.blocker.${b.kind}`, { who: b.who.join(', '), n: b.n })}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button
            type="button"
            className="primary"
            disabled={!st.canConfirm}
            onClick={() =>
              void run(async () => {
                const r = await api.call('validation.confirm', { caseId });
                return t('report.confirmed', { n: r.validated });
              })
            }
          >
            {t('report.confirm')}
          </button>
        </section>
      )}
    </div>
  );
}
