import type { AudienceKind } from '../../../../core/shared/contract/confidentiality.js';
import { AUDIENCE_KINDS } from '../../../../core/shared/contract/confidentiality.js';
import { useI18n } from '../../i18n/index.js';

/**
 * Who an export is for: the team (everything), respondents (the register applied) or the public
 * (also dates to the month). The default is respondents: a file that leaves the project does not
 * carry names unless the team chooses so.
 */
export function AudienceSelect(props: {
  value: AudienceKind;
  onChange: (kind: AudienceKind) => void;
}) {
  const { t } = useI18n();
  return (
    <label className="audience-select">
      {t('confidentiality.audience')}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as AudienceKind)}>
        {AUDIENCE_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`confidentiality.audience.${k}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
