import { api, host } from '../lib/api.js';
import { useI18n } from '../i18n/index.js';
import { invalidate, useCall } from '../lib/useCall.js';

/** Project path, current coder (switchable) and host. */
export function StatusBar() {
  const { t } = useI18n();
  const session = useCall('session.get', {});
  const coders = useCall('coders.list', session.data?.projectPath ? {} : null);
  const s = session.data;
  return (
    <footer className="statusbar" role="contentinfo">
      <span className="status-project" title={s?.projectPath ?? ''}>
        {t('status.project')}: <strong>{s?.projectName ?? t('project.none')}</strong>
        {s?.projectPath && <span className="path"> — {s.projectPath}</span>}
      </span>
      <label className="status-coder">
        {t('status.coder')}:{' '}
        <select
          aria-label={t('status.chooseCoder')}
          value={s?.coder?.id ?? ''}
          onChange={(e) => {
            void api.call('session.setCoder', { coderId: e.target.value }).then(invalidate);
          }}
        >
          {!s?.coder && <option value="">{t('status.noCoder')}</option>}
          {(coders.data ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} ({c.initials})
            </option>
          ))}
        </select>
      </label>
      <span className="status-host">{t(`status.host.${host}`)}</span>
    </footer>
  );
}
