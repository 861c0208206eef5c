import { useEffect, useState } from 'react';
import { followLive } from '../../../../core/client/live.js';
import { AudienceState } from '../../../../core/shared/contract/review.js';
import { api, apiToken } from '../../lib/api.js';

/**
 * Follows what the audience screens show: in the desktop app through the events the main
 * process relays, in browser mode through the local server's event stream. Newer states only.
 */
export function subscribeLive(
  onState: (s: AudienceState) => void,
  onLost?: (message: string | null) => void,
): () => void {
  let last = -1;
  const take = (s: AudienceState) => {
    if (s.seq <= last) return;
    last = s.seq;
    onLost?.(null);
    onState(s);
  };
  const bridge = window.casus;
  if (bridge?.onReviewLive) {
    const off = bridge.onReviewLive((json) => {
      const parsed = AudienceState.safeParse(JSON.parse(json));
      if (parsed.success) take(parsed.data);
    });
    void api.call('review.live', {}).then(take, (e: unknown) => onLost?.(String(e)));
    return off;
  }
  return followLive(window.location.origin, apiToken, {
    onState: take,
    onLost: (m) => onLost?.(m),
  });
}

/** The live state in a component; `lost` says the stream broke off (it reconnects itself). */
export function useLive(): {
  state: AudienceState | null;
  lost: string | null;
  set(s: AudienceState): void;
} {
  const [state, setState] = useState<AudienceState | null>(null);
  const [lost, setLost] = useState<string | null>(null);
  useEffect(
    () => subscribeLive((s) => setState((cur) => (cur && cur.seq >= s.seq ? cur : s)), setLost),
    [],
  );
  return {
    state,
    lost,
    // The presenter's own step: shown at once, without waiting for the stream to bring it back.
    set: (s) => setState((cur) => (cur && cur.seq >= s.seq ? cur : s)),
  };
}
