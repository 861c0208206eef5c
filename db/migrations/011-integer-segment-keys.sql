-- Integer keys for the joins of retrieval and matrices (issue 10). Retrieval tested every
-- segment against the codings of a code by its text id (36-byte UUIDs read from codings_code);
-- an integer is smaller in every index page and compares in one step. `segments.seq` is an
-- explicit INTEGER PRIMARY KEY (an implicit rowid may change on VACUUM); AUTOINCREMENT keeps a
-- deleted segment's seq free, so undo can put the segment back under the seq its codings and
-- the change log know. The text id stays the identity every API and the change log use.
-- A coding names its segment both ways; the composite foreign key keeps the two in step.
--
-- The tables are rebuilt. The new ones are created beside the old ones and take over their
-- names once the old ones are dropped: codings first (nothing refers to it), then segments (no
-- coding refers to it any more), so no ON DELETE CASCADE fires on the copied rows.

CREATE TABLE segments_new (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL, -- the quoted text, sources.text.slice(start, end)
  created_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  UNIQUE (id, seq),
  CHECK (start >= 0 AND end > start)
) STRICT;
INSERT INTO segments_new (id, source_id, start, end, text, created_by, created_at)
  SELECT id, source_id, start, end, text, created_by, created_at FROM segments ORDER BY rowid;

CREATE TABLE codings_new (
  id TEXT PRIMARY KEY,
  segment_id TEXT NOT NULL,
  segment_seq INTEGER NOT NULL,
  code_id TEXT NOT NULL REFERENCES codes (id) ON DELETE CASCADE,
  coder_id TEXT REFERENCES coders (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  UNIQUE (segment_id, code_id),
  FOREIGN KEY (segment_id, segment_seq) REFERENCES segments_new (id, seq) ON DELETE CASCADE
) STRICT;
INSERT INTO codings_new (id, segment_id, segment_seq, code_id, coder_id, created_at)
  SELECT k.id, k.segment_id, g.seq, k.code_id, k.coder_id, k.created_at
  FROM codings k JOIN segments_new g ON g.id = k.segment_id ORDER BY k.rowid;

DROP TABLE codings;
DROP TABLE segments;
ALTER TABLE segments_new RENAME TO segments;
ALTER TABLE codings_new RENAME TO codings;

-- The indexes of 001 and 007, on the new tables.
CREATE INDEX segments_source ON segments (source_id, start);
-- Segments in reading order with their span and id (and seq, the rowid every index carries).
CREATE INDEX segments_order ON segments (source_id, start, end, id);
-- Code → segment, covering: retrieval and matrices read a code's segments as integers.
CREATE INDEX codings_code ON codings (code_id, segment_seq, coder_id);
-- The codes of the listed segments with their coder, without a table lookup per coding.
CREATE INDEX codings_segment ON codings (segment_id, code_id, coder_id);
