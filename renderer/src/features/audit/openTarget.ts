import type { ActivityEntry } from '../../../../core/shared/contract/audit.js';
import { coordinateKey } from '../../../../core/shared/contract/synthesis.js';
import { useNav } from '../../shell/nav.js';

export type Target = NonNullable<ActivityEntry['target']>;

/**
 * Opens what an activity entry or a comment thread is about: a passage in the coding view, a
 * code's segments, a synthesis cell in the matrix, a case's report.
 */
export function useOpenTarget(): (target: Target) => void {
  const nav = useNav();
  return (target) => {
    switch (target.kind) {
      case 'source':
        if (target.start !== null && target.end !== null)
          nav.openSource(target.sourceId, { start: target.start, end: target.end });
        else nav.openSource(target.sourceId);
        return;
      case 'code':
        nav.go({ view: 'segments', params: { code: target.codeId } });
        return;
      case 'cell':
        nav.go({ view: 'matrix', params: { cell: coordinateKey(target.coordinate) } });
        return;
      case 'report':
        nav.go({ view: 'report', params: { case: target.caseId } });
        return;
    }
  };
}
