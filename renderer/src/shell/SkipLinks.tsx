import { useI18n } from '../i18n/index.js';
import { focusText } from './textFocus.js';

/** Focuses an element found by a selector; true when there was one. */
function focusFirst(selector: string): boolean {
  const el = document.querySelector<HTMLElement>(selector);
  el?.focus();
  return Boolean(el);
}

/**
 * The first two stops of the Tab order, visible only while focused: to the text of the open
 * source (the main pane when none is open), and to the list of sources. A keyboard user reaches
 * the text in one Tab, a source's text in three keys, not after every control of the top bar.
 */
export function SkipLinks() {
  const { t } = useI18n();
  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          if (!focusText()) focusFirst('#main');
        }}
      >
        {t('skip.text')}
      </a>
      <a
        className="skip-link"
        href="#sources"
        onClick={(e) => {
          e.preventDefault();
          if (!focusFirst('.sidebar [aria-current="page"], .sidebar .source-link'))
            focusFirst('#main');
        }}
      >
        {t('skip.sources')}
      </a>
    </>
  );
}
