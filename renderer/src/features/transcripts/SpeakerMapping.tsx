import { useId } from 'react';
import type { SpeakerAssignment } from '../../../../core/shared/contract/transcripts.js';
import { formatTime } from '../../../../core/shared/transcripts/times.js';
import { useI18n } from '../../i18n/index.js';
import { useCall } from '../../lib/useCall.js';

/** A speaker of the file as transcripts.inspect lists it. */
export interface FoundSpeaker {
  name: string;
  turns: number;
  spokenMs: number;
  firstWords: string;
}

/** What the team says one speaker is, as the form holds it. */
export interface SpeakerChoice {
  as: 'interviewer' | 'respondent' | 'other';
  /** Interviewer: a coder id, '' for none. */
  coderId: string;
  /** Respondent: an existing respondent's id, or 'new'. */
  respondent: string;
  pseudonym: string;
  role: string;
}

/**
 * A first guess: whoever speaks longest is the respondent, the others interview. The team sees
 * it and corrects it before anything is imported.
 */
export function guessChoices(speakers: readonly FoundSpeaker[]): SpeakerChoice[] {
  const longest = speakers.reduce((m, s, i) => (s.spokenMs > speakers[m]!.spokenMs ? i : m), 0);
  return speakers.map((_, i) => ({
    as: i === longest ? 'respondent' : 'interviewer',
    coderId: '',
    respondent: 'new',
    pseudonym: '',
    role: '',
  }));
}

export function choicesComplete(choices: readonly SpeakerChoice[]): boolean {
  return choices.every(
    (c) =>
      c.as !== 'respondent' ||
      c.respondent !== 'new' ||
      (c.pseudonym.trim() !== '' && c.role !== ''),
  );
}

export function toAssignments(
  speakers: readonly FoundSpeaker[],
  choices: readonly SpeakerChoice[],
): SpeakerAssignment[] {
  return speakers.map((s, i) => {
    const c = choices[i]!;
    if (c.as === 'interviewer')
      return { name: s.name, as: 'interviewer', coderId: c.coderId || null };
    if (c.as === 'respondent')
      return {
        name: s.name,
        as: 'respondent',
        respondent:
          c.respondent === 'new'
            ? { pseudonym: c.pseudonym.trim(), role: c.role, organisation: '' }
            : { id: c.respondent },
      };
    return { name: s.name, as: 'other' };
  });
}

/**
 * The speaker mapping step of a transcript import: each speaker the file names, with how much
 * they say and their first words, mapped to an interviewer, a respondent or someone else. The
 * names stay in this dialog; the stored text names speakers by their role.
 */
export function SpeakerMapping({
  fileName,
  speakers,
  value,
  onChange,
}: {
  fileName: string;
  speakers: readonly FoundSpeaker[];
  value: SpeakerChoice[];
  onChange: (v: SpeakerChoice[]) => void;
}) {
  const { t, label } = useI18n();
  const id = useId();
  const coders = useCall('coders.list', {});
  const respondents = useCall('respondents.list', {});
  const vocabulary = useCall('vocabulary.list', {});
  const roles = vocabulary.data?.roles ?? [];
  const set = (i: number, patch: Partial<SpeakerChoice>) =>
    onChange(value.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <fieldset className="speaker-mapping" data-testid="speaker-mapping">
      <legend>{t('transcripts.speakers.title', { name: fileName })}</legend>
      <p className="hint">{t('transcripts.speakers.hint')}</p>
      {speakers.map((s, i) => {
        const c = value[i]!;
        const base = `${id}-${i}`;
        return (
          <div key={s.name} className="speaker-row" data-testid="speaker-row">
            <div className="speaker-found">
              <strong id={`${base}-name`}>{s.name || t('transcripts.speakers.unnamed')}</strong>{' '}
              <span>
                {t('transcripts.speakers.turns', { n: s.turns })} · {formatTime(s.spokenMs)}
              </span>
              <q>{s.firstWords}</q>
            </div>
            <label htmlFor={`${base}-as`}>{t('transcripts.speakers.as')}</label>
            <select
              id={`${base}-as`}
              aria-describedby={`${base}-name`}
              value={c.as}
              onChange={(e) => set(i, { as: e.target.value as SpeakerChoice['as'] })}
            >
              <option value="interviewer">{t('transcripts.role.interviewer')}</option>
              <option value="respondent">{t('transcripts.role.respondent')}</option>
              <option value="other">{t('transcripts.role.other')}</option>
            </select>
            {c.as === 'interviewer' && (
              <>
                <label htmlFor={`${base}-coder`}>{t('transcripts.speakers.coder')}</label>
                <select
                  id={`${base}-coder`}
                  value={c.coderId}
                  onChange={(e) => set(i, { coderId: e.target.value })}
                >
                  <option value="">{t('transcripts.speakers.noCoder')}</option>
                  {(coders.data ?? []).map((k) => (
                    <option key={k.id} value={k.id}>
                      {k.name}
                    </option>
                  ))}
                </select>
              </>
            )}
            {c.as === 'respondent' && (
              <>
                <label htmlFor={`${base}-respondent`}>{t('import.respondent')}</label>
                <select
                  id={`${base}-respondent`}
                  value={c.respondent}
                  onChange={(e) => set(i, { respondent: e.target.value })}
                >
                  <option value="new">{t('import.respondentNew')}</option>
                  {(respondents.data ?? []).map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.pseudonym}
                    </option>
                  ))}
                </select>
                {c.respondent === 'new' && (
                  <>
                    <label htmlFor={`${base}-pseudonym`}>{t('import.pseudonym')}</label>
                    <input
                      id={`${base}-pseudonym`}
                      value={c.pseudonym}
                      onChange={(e) => set(i, { pseudonym: e.target.value })}
                    />
                    <label htmlFor={`${base}-role`}>{t('import.role')}</label>
                    <select
                      id={`${base}-role`}
                      value={c.role}
                      onChange={(e) => set(i, { role: e.target.value })}
                    >
                      <option value="">—</option>
                      {roles.map((r) => (
                        <option key={r.key} value={r.key}>
                          {label(r.label)}
                        </option>
                      ))}
                    </select>
                  </>
                )}
              </>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
