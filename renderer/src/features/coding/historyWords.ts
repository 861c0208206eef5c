import type { HistoryStep } from '../../../../core/shared/contract/coding.js';
import type { Bilingual } from '../../../../core/shared/template/types.js';
import { formatList, type Lang } from '../../i18n/format.js';
import { hasMessage } from '../../i18n/index.js';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

/**
 * Undo and redo in words, from the server's description of the action: what it was ("codering
 * ‘multi-level’ in ‘Interview …’"), for the buttons' names, and the sentence after undoing or
 * redoing it ("Codering ‘multi-level’ verwijderd").
 */
export function historyWords(
  step: HistoryStep,
  i18n: { t: Translate; label: (v: Bilingual) => string; lang: Lang },
): { what: string; undone: string; redone: string } {
  const { t, label, lang } = i18n;
  const names = step.codes.map((c) => `‘${label(c)}’`);
  if (step.moreCodes > 0) names.push(t('history.moreCodes', { n: step.moreCodes }));
  const [only] = step.sources;
  const vars = {
    codes: formatList(lang, names),
    in:
      step.sources.length > 1
        ? t('history.inSources', { n: step.sources.length })
        : only
          ? t('history.in', { source: only })
          : '',
    n:
      step.action === 'search.autocode' || step.action === 'transcripts.codeSpeaker'
        ? step.segments
        : Math.max(1, step.codes.length + step.moreCodes),
  };
  const whatKey = `history.what.${step.action}`;
  const what = t(hasMessage(whatKey) ? whatKey : 'history.what.other', vars);
  const undoneKey = `history.undone.${step.action}`;
  return {
    what,
    undone: hasMessage(undoneKey) ? t(undoneKey, vars) : t('history.undone', { what }),
    redone: t('history.redone', { what }),
  };
}
