import { CasusError } from '../../../core/shared/errors.js';
import { formatDate, renderMessage, type Lang } from '../i18n/format.js';
import { auditMessages } from '../i18n/messages/audit.js';

/**
 * Server refusals the workbench words itself: the server speaks English to every host, while the
 * workbench speaks the user's language. Only refusals with a message of their own here are
 * reworded; every other error passes unchanged.
 */
export function inUserLanguage(e: unknown): unknown {
  if (!(e instanceof CasusError) || e.code !== 'in_the_past') return e;
  // The language the page says it is in (the i18n provider keeps it up to date).
  const lang: Lang = document.documentElement.lang === 'en' ? 'en' : 'nl';
  const details = e.details as { at?: unknown; what?: unknown } | undefined;
  const at = details?.at;
  const when = typeof at === 'string' ? formatDate(lang, at, 'dateTime') : '—';
  return new CasusError(
    e.code,
    renderMessage(
      auditMessages[details?.what === 'search' ? 'audit.travel.noSearch' : 'audit.travel.refused'],
      lang,
      { when },
    ),
    e.details,
  );
}
