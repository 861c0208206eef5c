import { useEffect } from 'react';
import { useI18n } from '../../i18n/index.js';
import { AudienceView } from './AudienceView.js';
import { useLive } from './live.js';
import './audience.css';

/**
 * The audience window (index.html?audience): the current agenda item, full screen, nothing to
 * click. It follows the presenter and takes the presenter's language. Double-click or F toggles
 * the browser's full screen (a browser window cannot start in it by itself).
 */
export function AudienceApp() {
  const { t, setLang, lang } = useI18n();
  const { state, lost } = useLive();
  const showing = state?.kind === 'showing' ? state : null;

  useEffect(() => {
    if (showing && showing.lang !== lang) setLang(showing.lang);
  }, [showing, lang, setLang]);
  useEffect(() => {
    document.title = showing ? `${showing.session.title} — Casus` : 'Casus';
  }, [showing]);
  useEffect(() => {
    const toggle = () => {
      if (document.fullscreenElement) void document.exitFullscreen();
      else void document.documentElement.requestFullscreen().catch(() => undefined);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'f' || e.key === 'F') toggle();
    };
    document.addEventListener('dblclick', toggle);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('dblclick', toggle);
      document.removeEventListener('keydown', onKey);
    };
  }, []);

  return (
    <main className="aud-window" aria-label={t('review.aud.window')}>
      {showing ? (
        <AudienceView state={showing} mode="screen" />
      ) : (
        <div className="aud-idle" role="status">
          <p className="aud-brand">Casus</p>
          <p>{lost ? t('review.aud.lost') : t('review.aud.waiting')}</p>
        </div>
      )}
    </main>
  );
}
