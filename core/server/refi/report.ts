import type { Guid } from './model.js';
import type { PositionRule } from './positions.js';

export interface RefiCounts {
  users: number;
  codes: number;
  sources: number;
  segments: number;
  codings: number;
  notes: number;
  cases: number;
  variables: number;
  sets: number;
}

export type RefiSkippedKind =
  | 'user'
  | 'code'
  | 'source'
  | 'selection'
  | 'coding'
  | 'note'
  | 'case'
  | 'variable'
  | 'set'
  | 'link'
  | 'graph'
  | 'file';

/** One item of the file that Casus did not import, with the reason in plain English. */
export interface RefiSkipped {
  kind: RefiSkippedKind;
  guid?: Guid;
  name?: string;
  reason: string;
}

export interface RefiSourcePositionRule {
  sourceGuid: Guid;
  sourceName: string;
  rule: PositionRule;
  /** True when every candidate reading gave the same offsets (plain ASCII, no CRLF, ...). */
  ambiguous: boolean;
  /** Selections whose boundaries fell on word boundaries under the chosen rule / all checked. */
  boundaryHits: number;
  boundaryChecks: number;
}

export interface RefiImportReport {
  /** File name only, never a full path (reports may be shared). */
  file: string;
  format: 'qdpx' | 'qde' | 'qdc';
  /** The `origin` attribute: which program wrote the file. */
  origin?: string;
  counts: RefiCounts;
  skipped: RefiSkipped[];
  /** Notes that do not mean data loss, e.g. a GUID that had to be replaced. */
  warnings: string[];
  /** The rule used for most sources ('utf16' when there was nothing to decide). */
  positionRule: PositionRule;
  positionRuleText: string;
  positionRules: RefiSourcePositionRule[];
}

export function emptyCounts(): RefiCounts {
  return {
    users: 0,
    codes: 0,
    sources: 0,
    segments: 0,
    codings: 0,
    notes: 0,
    cases: 0,
    variables: 0,
    sets: 0,
  };
}
