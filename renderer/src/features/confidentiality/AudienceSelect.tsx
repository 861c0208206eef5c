import {
  AUDIENCE_KINDS,
  type Audience,
  type AudienceKind,
} from '../../../../core/shared/contract/confidentiality.js';
import { useI18n } from '../../i18n/index.js';

/**
 * Who an export is for: the team (everything), respondents (the register applied) or the public
 * (also dates to the month, and case names hidden if chosen). The default is respondents: a file
 * that leaves the project does not carry names unless the team chooses so.
 */
export function AudienceSelect(props: { value: Audience; onChange: (audience: Audience) => void }) {
  const { t } = useI18n();
  const { kind, hideCases } = props.value;
  return (
    <span className="audience-select">
      <label>
        {t('confidentiality.audience')}{' '}
        <select
          value={kind}
          onChange={(e) =>
            props.onChange({
              kind: e.target.value as AudienceKind,
              hideCases: e.target.value === 'public' && hideCases,
            })
          }
        >
          {AUDIENCE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`confidentiality.audience.${k}`)}
            </option>
          ))}
        </select>
      </label>
      {kind === 'public' && (
        <label>
          <input
            type="checkbox"
            checked={hideCases}
            onChange={(e) => props.onChange({ kind, hideCases: e.target.checked })}
          />{' '}
          {t('confidentiality.hideCases')}
        </label>
      )}
    </span>
  );
}
