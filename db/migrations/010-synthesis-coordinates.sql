-- A synthesis belongs to a cell of the study's cube, not to a (row, column) of one matrix layout:
-- stored by (row key, column key) alone, a synthesis written with cases = Foodvalley appeared
-- under Achterhoek when the case filter changed. Each cell now carries its coordinate: the value
-- of every dimension its view fixed, as canonical JSON in cube order (principle, category, phase,
-- facet, free, case, sourceType, role), e.g. {"principle":"<code id>","case":"<case id>"}.
--
-- Existing cells get the coordinate their keys name: each ':'-part of a key is a code (its
-- dimension), a case, or a role or document type. The change log does not record the filter a
-- cell was written under, so the keys are all there is; a cell written under a filter keeps its
-- text and history and appears in the unfiltered view of its row and column, as before.
-- A cell whose keys name something else (a coder, a deleted code), or whose coordinate another,
-- more recently edited cell already has, is kept whole in synthesis_cells_unmigrated.

CREATE TABLE synthesis_cells_v10 (
  id TEXT PRIMARY KEY,
  coordinate TEXT NOT NULL UNIQUE CHECK (json_valid(coordinate) AND json_type(coordinate) = 'object'),
  body TEXT NOT NULL DEFAULT '',
  body_text TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'empty'
    CHECK (status IN ('empty', 'draft', 'agreed', 'validated', 'reviewed')),
  status_by TEXT,
  status_at TEXT,
  refs TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(refs)),
  updated_by TEXT,
  updated_at TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE synthesis_cells_unmigrated (
  id TEXT PRIMARY KEY,
  row_key TEXT NOT NULL,
  col_key TEXT NOT NULL,
  body TEXT NOT NULL,
  body_text TEXT NOT NULL,
  status TEXT NOT NULL,
  status_by TEXT,
  status_at TEXT,
  refs TEXT NOT NULL,
  updated_by TEXT,
  updated_at TEXT NOT NULL,
  created_at TEXT NOT NULL,
  reason TEXT NOT NULL
) STRICT;

CREATE TEMP TABLE v10_parts AS
WITH split AS (
  SELECT id, updated_at,
    CASE WHEN instr(row_key, ':') > 0 THEN substr(row_key, 1, instr(row_key, ':') - 1) ELSE row_key END AS r1,
    CASE WHEN instr(row_key, ':') > 0 THEN substr(row_key, instr(row_key, ':') + 1) END AS r2,
    CASE WHEN instr(col_key, ':') > 0 THEN substr(col_key, 1, instr(col_key, ':') - 1) ELSE col_key END AS c1,
    CASE WHEN instr(col_key, ':') > 0 THEN substr(col_key, instr(col_key, ':') + 1) END AS c2
  FROM synthesis_cells
),
part AS (
  SELECT id, updated_at, 1 AS n, r1 AS v FROM split
  UNION ALL SELECT id, updated_at, 2, r2 FROM split WHERE r2 IS NOT NULL
  UNION ALL SELECT id, updated_at, 3, c1 FROM split
  UNION ALL SELECT id, updated_at, 4, c2 FROM split WHERE c2 IS NOT NULL
)
SELECT part.id, part.updated_at, part.v,
  coalesce(
    (SELECT dimension FROM codes WHERE codes.id = part.v),
    (SELECT 'case' FROM cases WHERE cases.id = part.v),
    (SELECT CASE kind WHEN 'role' THEN 'role' ELSE 'sourceType' END FROM vocabulary
       WHERE vocabulary.key = part.v ORDER BY kind DESC LIMIT 1)
  ) AS dim
FROM part;

CREATE TEMP TABLE v10_coords AS
SELECT id, updated_at,
  CASE WHEN count(*) = count(dim) AND count(DISTINCT dim) = count(dim) THEN
    json_patch('{}', json_object(
      'principle', max(CASE WHEN dim = 'principle' THEN v END),
      'category', max(CASE WHEN dim = 'category' THEN v END),
      'phase', max(CASE WHEN dim = 'phase' THEN v END),
      'facet', max(CASE WHEN dim = 'facet' THEN v END),
      'free', max(CASE WHEN dim = 'free' THEN v END),
      'case', max(CASE WHEN dim = 'case' THEN v END),
      'sourceType', max(CASE WHEN dim = 'sourceType' THEN v END),
      'role', max(CASE WHEN dim = 'role' THEN v END)))
  END AS coordinate
FROM v10_parts GROUP BY id, updated_at;

-- The most recently edited cell of each coordinate moves over.
INSERT INTO synthesis_cells_v10 (id, coordinate, body, body_text, status, status_by, status_at,
  refs, updated_by, updated_at, created_at)
SELECT c.id, k.coordinate, c.body, c.body_text, c.status, c.status_by, c.status_at, c.refs,
  c.updated_by, c.updated_at, c.created_at
FROM synthesis_cells c JOIN v10_coords k ON k.id = c.id
WHERE k.coordinate IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM v10_coords o WHERE o.coordinate = k.coordinate
    AND (o.updated_at > k.updated_at OR (o.updated_at = k.updated_at AND o.id > k.id)));

INSERT INTO synthesis_cells_unmigrated
SELECT c.*, CASE WHEN k.coordinate IS NULL
    THEN 'its row or column names something that is not a dimension of the study (a coder, a deleted code)'
    ELSE 'a more recently edited cell has the same coordinate' END
FROM synthesis_cells c JOIN v10_coords k ON k.id = c.id
WHERE c.id NOT IN (SELECT id FROM synthesis_cells_v10);

DROP TABLE v10_parts;
DROP TABLE v10_coords;
DROP TABLE synthesis_cells;
ALTER TABLE synthesis_cells_v10 RENAME TO synthesis_cells;
