-- Colleague review (issue 15): threaded comments on a coding (its segment), a synthesis cell (by
-- its coordinate, which a case report section also is), a code or a source; and the review state
-- of a coded segment. Both are logged like every row, so the audit trail shows who said what.

CREATE TABLE comments (
  id TEXT PRIMARY KEY,
  target_type TEXT NOT NULL CHECK (target_type IN ('segment', 'cell', 'code', 'source')),
  -- A segment, code or source id; for a cell the canonical JSON of its coordinate.
  target_id TEXT NOT NULL,
  -- The thread's first comment; null for that first comment itself.
  parent_id TEXT REFERENCES comments (id) ON DELETE CASCADE,
  author_id TEXT REFERENCES coders (id) ON DELETE SET NULL,
  text TEXT NOT NULL CHECK (length(text) > 0),
  mentions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(mentions)), -- coder ids
  resolved_at TEXT,
  resolved_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX comments_target ON comments (target_type, target_id);
CREATE INDEX comments_thread ON comments (parent_id);

-- Unreviewed is the absence of a row.
CREATE TABLE segment_reviews (
  segment_id TEXT PRIMARY KEY REFERENCES segments (id) ON DELETE CASCADE,
  state TEXT NOT NULL CHECK (state IN ('ok', 'questioned', 'settled')),
  reviewed_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  reviewed_at TEXT NOT NULL
) STRICT;
