import { useCall } from '../../lib/useCall.js';

/** The moment the project is shown as of (time travel), or null for the present. */
export function usePast(): { at: string; seq: number } | null {
  return useCall('session.get', {}).data?.asOf ?? null;
}
