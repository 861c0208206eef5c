import { useState } from 'react';
import {
  LISTINGS,
  type Listing,
  type ReviewParticipant,
} from '../../../../core/shared/contract/review.js';
import { useI18n } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { useCall } from '../../lib/useCall.js';
import { SelectField } from './SelectField.js';

interface Draft {
  id?: string;
  name: string;
  organisation: string;
  caseRef: string;
  role: string;
  listing: Listing;
}

const empty: Draft = { name: '', organisation: '', caseRef: '', role: '', listing: 'name' };

/** The people in the room: who they are, whom they represent, how the minutes name them. */
export function Participants({
  sessionId,
  people,
  readOnly,
}: {
  sessionId: string;
  people: ReviewParticipant[];
  readOnly: boolean;
}) {
  const { t, label } = useI18n();
  const cases = useCall('cases.list', {});
  const [draft, setDraft] = useState<Draft>(empty);
  const [error, setError] = useState<string | null>(null);

  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const save = () =>
    run(async () => {
      await api.call('review.participants.save', {
        sessionId,
        ...(draft.id ? { id: draft.id } : {}),
        name: draft.name,
        organisation: draft.organisation,
        caseRef: draft.caseRef || null,
        role: draft.role,
        listing: draft.listing,
      });
      setDraft(empty);
    });

  return (
    <section aria-labelledby={`${sessionId}-people`} className="review-section">
      <h2 id={`${sessionId}-people`}>{t('review.people', { n: people.length })}</h2>
      {people.length > 0 && (
        <table className="review-table">
          <thead>
            <tr>
              <th scope="col">{t('review.person.name')}</th>
              <th scope="col">{t('review.person.organisation')}</th>
              <th scope="col">{t('review.person.case')}</th>
              <th scope="col">{t('review.person.role')}</th>
              <th scope="col">{t('review.person.listing')}</th>
              {!readOnly && (
                <th scope="col">
                  <span className="sr-only">{t('review.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td>{p.organisation}</td>
                <td>{p.caseLabel ? label(p.caseLabel) : ''}</td>
                <td>{p.role}</td>
                <td>{t(`review.listing.${p.listing}`)}</td>
                {!readOnly && (
                  <td>
                    <button
                      type="button"
                      aria-label={t('review.person.editOne', { name: p.name })}
                      onClick={() =>
                        setDraft({
                          id: p.id,
                          name: p.name,
                          organisation: p.organisation,
                          caseRef: p.caseId ?? '',
                          role: p.role,
                          listing: p.listing,
                        })
                      }
                    >
                      {t('review.edit')}
                    </button>{' '}
                    <button
                      type="button"
                      aria-label={t('review.person.removeOne', { name: p.name })}
                      onClick={() =>
                        void run(() => api.call('review.participants.remove', { id: p.id }))
                      }
                    >
                      {t('review.remove')}
                    </button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!readOnly && (
        <form
          className="review-form inline"
          aria-label={draft.id ? t('review.person.edit') : t('review.person.add')}
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.name.trim()) void save();
          }}
        >
          <label>
            {t('review.person.name')}{' '}
            <input
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
          </label>
          <label>
            {t('review.person.organisation')}{' '}
            <input
              value={draft.organisation}
              onChange={(e) => setDraft({ ...draft, organisation: e.target.value })}
            />
          </label>
          <SelectField
            label={t('review.person.case')}
            value={draft.caseRef}
            onChange={(caseRef) => setDraft({ ...draft, caseRef })}
          >
            <option value="">{t('review.person.noCase')}</option>
            {(cases.data ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {label(c.label)}
              </option>
            ))}
          </SelectField>
          <label>
            {t('review.person.role')}{' '}
            <input
              value={draft.role}
              onChange={(e) => setDraft({ ...draft, role: e.target.value })}
            />
          </label>
          <SelectField
            label={t('review.person.listing')}
            value={draft.listing}
            onChange={(v) => setDraft({ ...draft, listing: v as Listing })}
          >
            {LISTINGS.map((l) => (
              <option key={l} value={l}>
                {t(`review.listing.${l}`)}
              </option>
            ))}
          </SelectField>
          <button type="submit" disabled={!draft.name.trim()}>
            {draft.id ? t('common.save') : t('review.person.add')}
          </button>
          {draft.id && (
            <button type="button" onClick={() => setDraft(empty)}>
              {t('common.cancel')}
            </button>
          )}
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
