import { isAppUrl } from './ipc.js';

/**
 * The one web permission the window uses: writing text to the clipboard (the copy buttons call
 * navigator.clipboard.writeText, which Chromium gates as "clipboard-sanitized-write"). It is
 * granted to our own renderer's main frame only; camera, microphone, geolocation, notifications,
 * clipboard reading and everything else are refused, whether asked (request) or probed (check).
 */
const ALLOWED = new Set(['clipboard-sanitized-write']);

export function allowsPermission(
  permission: string,
  details: { requestingUrl?: string | undefined; isMainFrame: boolean },
): boolean {
  return ALLOWED.has(permission) && details.isMainFrame && isAppUrl(details.requestingUrl);
}
