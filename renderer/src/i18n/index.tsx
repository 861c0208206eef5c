import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Bilingual } from '../../../core/shared/template/types.js';
import { codingMessages } from './messages/coding.js';
import { coreMessages } from './messages/core.js';
import { importMessages } from './messages/import.js';
import { matrixMessages } from './messages/matrix.js';
import { refiMessages } from './messages/refi.js';
import { reviewMessages } from './messages/review.js';
import { searchMessages } from './messages/search.js';

export type Lang = 'nl' | 'en';

const messages: Record<string, readonly [string, string]> = {
  ...coreMessages,
  ...importMessages,
  ...codingMessages,
  ...searchMessages,
  ...matrixMessages,
  ...refiMessages,
  ...reviewMessages,
};

export type MessageKey = keyof typeof coreMessages | (string & {});

interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  /** Translates a key; `{name}` placeholders are filled from `vars`. Unknown keys show as-is. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** Picks the label of a bilingual value in the current language. */
  label(value: Bilingual): string;
}

const I18nContext = createContext<I18n | null>(null);
const STORAGE_KEY = 'casus.lang';

function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' || stored === 'nl' ? stored : 'nl';
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
        let text = pair ? pair[lang === 'nl' ? 0 : 1] : key;
        if (vars)
          for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
        return text;
      },
      label: (v) => (lang === 'nl' ? v.nl || v.en : v.en || v.nl),
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
