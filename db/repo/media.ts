import type { Reader, Writer } from '../access.js';
import { reading, writing } from '../internal/access.js';
import { sql } from '../sql.js';
import type { SourceMediaRow } from '../tables.js';

/*
 * The recordings attached to sources (migration 021). The row names the file beside the project
 * by its hash; the file itself is the media store's (core/server/media/store.ts).
 */

const mediaOne = sql.rows<SourceMediaRow, { id: string }>(
  'SELECT * FROM source_media WHERE source_id = @id',
);
const mediaAll = sql.rows<SourceMediaRow>('SELECT * FROM source_media ORDER BY source_id');

export const mediaOf = (r: Reader, sourceId: string): SourceMediaRow | undefined =>
  reading(r).get(mediaOne, { id: sourceId });

export const allMedia = (r: Reader): SourceMediaRow[] => reading(r).all(mediaAll);

/** Attaches a recording, or replaces the one attached (logged, like every write). */
export function putMedia(w: Writer, row: SourceMediaRow): SourceMediaRow {
  const tx = writing(w);
  const before = mediaOf(w, row.source_id);
  return before ? tx.update('source_media', before, row) : tx.insert('source_media', row);
}

export function deleteMedia(w: Writer, row: SourceMediaRow): void {
  writing(w).remove('source_media', row);
}
