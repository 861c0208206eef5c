import { readFileSync } from 'node:fs';

/**
 * The ordered list of migrations. Explicit rather than a directory scan so that a packaged app
 * applies exactly these. Released migrations never change (a checksum test guards them).
 */
export interface Migration {
  version: number;
  file: string;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, file: '001-initial.sql' },
  { version: 3, file: '003-search.sql' },
  { version: 4, file: '004-matrix.sql' },
  { version: 7, file: '007-search-speed.sql' },
  { version: 8, file: '008-matrix-speed.sql' },
  { version: 9, file: '009-change-log-session.sql' },
  { version: 10, file: '010-synthesis-coordinates.sql' },
  { version: 11, file: '011-integer-segment-keys.sql' },
  { version: 12, file: '012-validation.sql' },
  { version: 13, file: '013-group-review.sql' },
  { version: 14, file: '014-team-coding.sql' },
  { version: 15, file: '015-comments-reviews.sql' },
  { version: 16, file: '016-confidentiality.sql' },
  { version: 17, file: '017-transcripts.sql' },
  { version: 18, file: '018-history-baseline.sql' },
  { version: 19, file: '019-light-source-list.sql' },
  { version: 20, file: '020-project-memo-target.sql' },
  { version: 21, file: '021-media.sql' },
  { version: 22, file: '022-read-speed.sql' },
  { version: 23, file: '023-segment-ids-by-seq.sql' },
  { version: 24, file: '024-search-source-runs.sql' },
  { version: 25, file: '025-code-source-seqs.sql' },
  { version: 26, file: '026-search-nul-blocks.sql' },
  { version: 27, file: '027-source-segment-seqs.sql' },
];

export const LATEST_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0);

export function migrationSql(m: Migration): string {
  return readFileSync(new URL(`./${m.file}`, import.meta.url), 'utf8');
}
