import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';

const messagesDir = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'renderer',
  'src',
  'i18n',
  'messages',
);

/**
 * The first parts of the workbench's message keys ('coding', 'matrix', …), read from the
 * message files: text such as "coding.segment.title" on the screen is a key shown untranslated.
 */
export function messageNamespaces(): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(messagesDir).filter((f) => f.endsWith('.ts')))
    for (const m of readFileSync(join(messagesDir, file), 'utf8').matchAll(/^\s*'([a-z]+)\./gm))
      names.add(m[1] as string);
  return [...names];
}

/** Something on the screen that is not a translation: where, and the text. */
export interface Untranslated {
  where: string;
  text: string;
}

/**
 * Scans the page (text and the attributes people hear or see: aria-label, title, placeholder,
 * alt) for message keys, vocabulary keys and ISO dates shown as they are. `keys` are vocabulary
 * keys whose label in the current language differs from the key; `labels` the vocabulary's
 * labels (a label may end in a word that is a key: "Regionaal bestuurder"). The source text
 * itself (imported data) is left out.
 */
export function scanForKeys(
  page: Page,
  where: string,
  namespaces: string[],
  vocabulary: { keys: string[]; labels: string[] },
): Promise<Untranslated[]> {
  return page.evaluate(
    ({ where, namespaces, keys, labels }) => {
      const keyLike = new RegExp(`(^|[^\\w./-])((?:${namespaces.join('|')})\\.[a-zA-Z][\\w.]*\\w)`);
      const isoDate = /\b\d{4}-\d{2}-\d{2}\b/;
      const vocab = new Set(keys);
      const asLabel = new Set(labels);
      const found: { where: string; text: string }[] = [];
      const check = (text: string, el: Element) => {
        if (el.closest('[role="document"], .segment-quote, .segment-text, .snippet, .path')) return;
        const m = keyLike.exec(text);
        if (m) found.push({ where, text: `${m[2]} in "${text.slice(0, 80)}"` });
        const d = isoDate.exec(text);
        if (d) found.push({ where, text: `date ${d[0]} in "${text.slice(0, 80)}"` });
        // A key alone between separators, or first or last word of such a part ("trekker
        // Gemeente X"); a hyphenated key anywhere (no Dutch or English word looks like one).
        for (const part of text.split(/\s*[·,;:()[\]—–|]\s*/)) {
          if (asLabel.has(part.trim())) continue;
          const words = part.trim().split(/\s+/);
          for (const w of new Set([
            part.trim(),
            words[0],
            words.at(-1),
            ...words.filter((x) => x.includes('-')),
          ]))
            if (w && vocab.has(w)) found.push({ where, text: `${w} in "${text.slice(0, 80)}"` });
        }
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent?.trim();
        if (text && n.parentElement) check(text, n.parentElement);
      }
      for (const el of document.body.querySelectorAll(
        '[aria-label], [title], [placeholder], [alt]',
      ))
        for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
          const v = el.getAttribute(attr);
          if (v) check(v, el);
        }
      return found;
    },
    { where, namespaces, keys: vocabulary.keys, labels: vocabulary.labels },
  );
}
