import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Bilingual } from '../../../core/shared/template/types.js';
import { agreementMessages } from './messages/agreement.js';
import {
  formatDate,
  formatNumber,
  renderMessage,
  type DateStyle,
  type Lang,
  type MessagePair,
  type Vars,
} from './format.js';
import { auditMessages } from './messages/audit.js';
import { codingMessages } from './messages/coding.js';
import { coreMessages } from './messages/core.js';
import { historyMessages } from './messages/history.js';
import { importMessages } from './messages/import.js';
import { matrixMessages } from './messages/matrix.js';
import { memoMessages } from './messages/memos.js';
import { projectMessages } from './messages/project.js';
import { refiMessages } from './messages/refi.js';
import { reportMessages } from './messages/report.js';
import { reviewMessages } from './messages/review.js';
import { confidentialityMessages } from './messages/confidentiality.js';
import { searchMessages } from './messages/search.js';
import { snapshotsMessages } from './messages/snapshots.js';
import { transcriptsMessages } from './messages/transcripts.js';

export type { Lang } from './format.js';

/** Every message of the workbench by key (exported for the message tests). */
export const messages: Record<string, MessagePair> = {
  ...coreMessages,
  ...importMessages,
  ...codingMessages,
  ...searchMessages,
  ...matrixMessages,
  ...refiMessages,
  ...reportMessages,
  ...agreementMessages,
  ...projectMessages,
  ...memoMessages,
  ...snapshotsMessages,
  ...historyMessages,
  ...reviewMessages,
  ...transcriptsMessages,
  ...auditMessages,
  ...confidentialityMessages,
};

/** Whether a message exists (for optional, more specific wordings). */
export const hasMessage = (key: string): boolean => Object.hasOwn(messages, key);

export type MessageKey = keyof typeof coreMessages | (string & {});

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /**
   * Translates a key; `{name}` placeholders are filled from `vars` (numbers formatted for the
   * language), a message with plural forms takes the one for `vars.n`. An unknown key shows
   * as-is and is reported (console error `[i18n] missing message: key`), which the tests catch.
   */
  t(key: MessageKey, vars?: Vars): string;
  /** Picks the label of a bilingual value in the current language. */
  label(value: Bilingual): string;
  /** A number in the language's notation: 1.996 / 1,996. */
  number(n: number): string;
  /** A date (YYYY-MM-DD or a timestamp) in the language: 1 december 2026. */
  date(iso: string, style?: DateStyle): string;
}

const reported = new Set<string>();
function missing(key: string): string {
  if (!reported.has(key)) {
    reported.add(key);
    console.error(`[i18n] missing message: ${key}`);
  }
  return key;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'casus.lang';

function initialLang(): Lang {
  // The page says its language from the start (screen readers, hyphenation), not only after a switch.
  const stored = localStorage.getItem(STORAGE_KEY);
  const lang = stored === 'en' || stored === 'nl' ? stored : 'nl';
  document.documentElement.lang = lang;
  return lang;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l;
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t(key, vars) {
        const pair = messages[key];
        return pair ? renderMessage(pair, lang, vars) : missing(key);
      },
      label: (v) => (lang === 'nl' ? v.nl || v.en : v.en || v.nl),
      number: (n) => formatNumber(lang, n),
      date: (iso, style) => formatDate(lang, iso, style),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
