import { useState } from 'react';
import { api, host } from '../lib/api.js';
import { useI18n } from '../i18n/index.js';
import { useCall } from '../lib/useCall.js';

const NEW_CODER = '__new__';

/** Project path, current coder (switchable, or added here) and host. */
export function StatusBar() {
  const { t } = useI18n();
  const session = useCall('session.get', {});
  const coders = useCall('coders.list', session.data?.projectPath ? {} : null);
  const [adding, setAdding] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const s = session.data;
  const noCoders = Boolean(s?.projectPath) && (coders.data ?? []).length === 0 && !coders.loading;

  const addCoder = async () => {
    try {
      const coder = await api.call('coders.create', { name });
      await api.call('session.setCoder', { coderId: coder.id });
      setAdding(false);
      setName('');
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <footer className="statusbar" role="contentinfo">
      <span className="status-project" title={s?.projectPath ?? ''}>
        {t('status.project')}: <strong>{s?.projectName ?? t('project.none')}</strong>
        {s?.projectPath && <span className="path"> — {s.projectPath}</span>}
      </span>
      {s?.projectPath && (adding || noCoders) ? (
        <form
          className="coder-form"
          onSubmit={(e) => {
            e.preventDefault();
            void addCoder();
          }}
        >
          <label>
            {t('status.newCoder')}{' '}
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder={t('status.coderName')}
              autoFocus={adding}
            />
          </label>
          <button type="submit" disabled={!name.trim()}>
            {t('status.addCoder')}
          </button>
          {adding && (
            <button type="button" onClick={() => setAdding(false)}>
              {t('common.cancel')}
            </button>
          )}
          {error && (
            <span role="alert" className="error">
              {error}
            </span>
          )}
        </form>
      ) : (
        s?.projectPath && (
          <label className="status-coder">
            {t('status.coder')}:{' '}
            <select
              aria-label={t('status.chooseCoder')}
              value={s.coder?.id ?? ''}
              onChange={(e) => {
                if (e.target.value === NEW_CODER) setAdding(true);
                else void api.call('session.setCoder', { coderId: e.target.value });
              }}
            >
              {!s.coder && <option value="">{t('status.noCoder')}</option>}
              {(coders.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.initials})
                </option>
              ))}
              <option value={NEW_CODER}>{t('status.addCoderOption')}</option>
            </select>
          </label>
        )
      )}
      {s?.storageRisk && (
        <span className="status-risk" role="note" title={t('status.risk.why')}>
          {t(`status.risk.${s.storageRisk.kind}`, { name: s.storageRisk.name })}
          <span className="sr-only"> {t('status.risk.why')}</span>
        </span>
      )}
      <span className="status-host">{t(`status.host.${host}`)}</span>
    </footer>
  );
}
