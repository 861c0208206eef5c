-- Matrices: saved definitions and framework-matrix (synthesis) cells.

CREATE TABLE matrix_definitions (
  id TEXT PRIMARY KEY,
  name_nl TEXT NOT NULL,
  name_en TEXT NOT NULL,
  spec TEXT NOT NULL CHECK (json_valid(spec)), -- JSON MatrixSpec (dimensions, filter, measure)
  builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
  sort INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;

-- One synthesis per (row, column): keys are the matrix header ids (a split row is 'id:id'), so
-- the same principle × case cell is shared by every matrix that shows it.
-- refs is a JSON array of {segmentId, sourceId, start, end, quote} in citation order; kept in the
-- row (not a table with a foreign key) so that a reference outlives its segment and is flagged,
-- and so that every version in change_log holds the complete cell for restoring.
CREATE TABLE synthesis_cells (
  id TEXT PRIMARY KEY,
  row_key TEXT NOT NULL,
  col_key TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '', -- Lexical editor state JSON, or ''
  body_text TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'empty'
    CHECK (status IN ('empty', 'draft', 'agreed', 'validated', 'reviewed')),
  status_by TEXT,
  status_at TEXT,
  refs TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(refs)),
  updated_by TEXT,
  updated_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (row_key, col_key)
) STRICT;

-- The Regio Deals template ships two matrices; new projects get them from installMatrixDefaults.
INSERT OR IGNORE INTO matrix_definitions (id, name_nl, name_en, spec, builtin, sort, created_at)
SELECT 'regio-deals-principles-cases', 'Uitgangspunten × casussen', 'Principles × cases',
  '{"rows":{"dim":"principle","split":"category"},"cols":{"dim":"case"},"filter":{},"measure":"segments","percent":"none"}',
  1, 0, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM project WHERE template = 'regio-deals';
INSERT OR IGNORE INTO matrix_definitions (id, name_nl, name_en, spec, builtin, sort, created_at)
SELECT 'regio-deals-factors-cases', 'Factoren × casussen', 'Factors × cases',
  '{"rows":{"dim":"category"},"cols":{"dim":"case"},"filter":{},"measure":"segments","percent":"none"}',
  1, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM project WHERE template = 'regio-deals';
