-- Team coding (issue 16). How two coders' disagreements were settled, and which coders' copies
-- of the project were merged in. Ids of sources, codes and coders are plain text, as in memos:
-- a foreign-key action would change these rows without the change log seeing it.

-- One decision on one disagreement (a passage of a source where two coders applied a code
-- differently): accept A, accept B, keep both, remove both, or only a comment. The codings it
-- removed and the codings it made are kept, so the agreement before reconciliation (the figure a
-- methods section reports) can still be computed after it.
CREATE TABLE reconciliations (
  id TEXT PRIMARY KEY,
  source_id TEXT NOT NULL,
  code_id TEXT NOT NULL,
  coder_a TEXT NOT NULL,
  coder_b TEXT NOT NULL,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  decision TEXT NOT NULL
    CHECK (decision IN ('accept-a', 'accept-b', 'keep-both', 'remove-both', 'comment')),
  comment TEXT NOT NULL DEFAULT '',
  -- JSON [{codingId, segmentId, coderId, codeId, sourceId, start, end}]
  removed TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(removed)),
  -- JSON [coding id]
  added TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(added)),
  reconciled_by TEXT,
  created_at TEXT NOT NULL,
  CHECK (start >= 0 AND end > start)
) STRICT;
CREATE INDEX reconciliations_source ON reconciliations (source_id, code_id);

-- One merge of another copy of the project. `seen` holds, for each row whose two versions
-- differed, a hash of the other copy's version as merged: a later merge of the same copy (one
-- whose change log still holds `other_tail`, the last change it had) compares with that, so it
-- does not ask again about what neither side changed since.
CREATE TABLE merges (
  id TEXT PRIMARY KEY,
  other_uuid TEXT NOT NULL,
  other_name TEXT NOT NULL,
  other_tail TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL,
  seen TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(seen)),
  counts TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(counts)),
  merged_by TEXT,
  merged_at TEXT NOT NULL
) STRICT;

-- Agreement reads every coding of the chosen codes with its segment's source and range: this
-- answers that join without reading the segment rows (which carry the quoted text).
CREATE INDEX segments_span ON segments (id, source_id, start, end);
