import { useNav } from '../../shell/nav.js';
import { Presenter } from './Presenter.js';
import { SessionEditor } from './SessionEditor.js';
import { SessionList } from './SessionList.js';
import './review.css';

/** "Group review" in the navigation: the sessions, one session's preparation, the presenter. */
export function ReviewView() {
  const nav = useNav();
  const params = 'params' in nav.route ? nav.route.params : undefined;
  const sessionId = params?.session;
  const go = (p?: Record<string, string>) => nav.go({ view: 'review', params: p });
  if (!sessionId)
    return (
      <SessionList
        onOpen={(id) => go({ session: id })}
        onPresent={(id) => go({ session: id, mode: 'present' })}
      />
    );
  if (params?.mode === 'present')
    return <Presenter sessionId={sessionId} onBack={() => go({ session: sessionId })} />;
  return (
    <SessionEditor
      sessionId={sessionId}
      onBack={() => go()}
      onPresent={() => go({ session: sessionId, mode: 'present' })}
    />
  );
}
