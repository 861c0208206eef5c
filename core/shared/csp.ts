/**
 * The Content Security Policy both hosts send: only our own scripts, no inline script, no eval,
 * no plugins, no framing, API calls to our own origin only. Imported content never becomes markup,
 * so nothing here needs loosening for it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // The transcript viewer's player: recordings from our own server (or app:// protocol).
  "media-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
