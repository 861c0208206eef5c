import { useId, useState } from 'react';
import { useI18n } from '../../i18n/index.js';
import { Dialog } from '../../lib/Dialog.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { usePast } from './usePast.js';

/** The top bar's "Back in time…" button and its dialog (a date, or a validation round). */
export function TimeTravelButton() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        {t('audit.travel.button')}
      </button>
      {open && <TimeTravelDialog onClose={() => setOpen(false)} />}
    </>
  );
}

/** The moment a date and an optional time (local) stand for, as the contract takes it. */
function momentOf(date: string, time: string): string {
  if (!time) return date;
  return new Date(`${date}T${time.length === 5 ? `${time}:59.999` : `${time}.999`}`).toISOString();
}

function TimeTravelDialog({ onClose }: { onClose: () => void }) {
  const { t, label, date: formatDate } = useI18n();
  const id = useId();
  const [by, setBy] = useState<'date' | 'round'>('date');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('');
  const [caseId, setCaseId] = useState('');
  const [roundId, setRoundId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cases = useCall('cases.list', {});
  const currentCase = caseId || cases.data?.[0]?.id || '';
  const status = useCall(
    'validation.status',
    by === 'round' && currentCase ? { caseId: currentCase } : null,
  );
  const rounds = status.data?.rounds ?? [];

  const go = async () => {
    if (by === 'date' && !date) return setError(t('audit.travel.needDate'));
    const round = roundId || rounds[0]?.id;
    if (by === 'round' && !round) return setError(t('audit.travel.needRound'));
    setBusy(true);
    try {
      await api.call(
        'history.travel',
        by === 'date' ? { at: momentOf(date, time) } : { roundId: round as string },
      );
      onClose();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('audit.travel.title')} onClose={onClose} canClose={!busy} error={error}>
      <p>{t('audit.travel.intro')}</p>
      <form
        className="travel-form"
        onSubmit={(e) => {
          e.preventDefault();
          void go();
        }}
      >
        <fieldset>
          <legend className="sr-only">{t('audit.travel.title')}</legend>
          {(['date', 'round'] as const).map((b) => (
            <label key={b}>
              <input
                type="radio"
                name={`${id}-by`}
                checked={by === b}
                onChange={() => {
                  setBy(b);
                  setError(null);
                }}
              />{' '}
              {t(b === 'date' ? 'audit.travel.byDate' : 'audit.travel.byRound')}
            </label>
          ))}
        </fieldset>
        {by === 'date' ? (
          <div className="travel-when">
            <label>
              {t('audit.travel.date')}{' '}
              <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </label>
            <label>
              {t('audit.travel.time')}{' '}
              <input type="time" step={1} value={time} onChange={(e) => setTime(e.target.value)} />
            </label>
          </div>
        ) : (
          <div className="travel-when">
            <label>
              {t('audit.travel.case')}{' '}
              <select
                value={currentCase}
                onChange={(e) => {
                  setCaseId(e.target.value);
                  setRoundId('');
                }}
              >
                {(cases.data ?? []).map((c) => (
                  <option key={c.id} value={c.id}>
                    {label(c.label)}
                  </option>
                ))}
              </select>
            </label>
            {status.data && rounds.length === 0 ? (
              <p className="muted">{t('audit.travel.noRounds')}</p>
            ) : (
              <label>
                {t('audit.travel.round')}{' '}
                <select
                  value={roundId || rounds[0]?.id || ''}
                  onChange={(e) => setRoundId(e.target.value)}
                >
                  {rounds.map((r) => (
                    <option key={r.id} value={r.id}>
                      {t('audit.travel.roundLabel', { n: r.number, date: formatDate(r.sentOn) })}
                    </option>
                  ))}
                </select>
              </label>
            )}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('audit.travel.go')}
        </button>
      </form>
    </Dialog>
  );
}

/**
 * Says, above every view, that the project is shown as it was (read-only), with the way back.
 * The views stay where they are, going back as coming.
 */
export function PastBanner() {
  const { t, date } = useI18n();
  const past = usePast();
  const [error, setError] = useState<string | null>(null);
  if (!past) return null;
  return (
    <div className="past-banner" role="region" aria-label={t('audit.travel.title')}>
      <p role="status">{t('audit.travel.banner', { when: date(past.at, 'dateTime') })}</p>
      <button
        type="button"
        className="primary"
        onClick={() =>
          void api
            .call('history.present', {})
            .then(() => setError(null))
            .catch((e: Error) => setError(e.message))
        }
      >
        {t('audit.travel.back')}
      </button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
