-- Group review (issue 14): a facilitator's session with the room. A session has participants and
-- an agenda of items (a matrix view with a focus, a question and what the room may see); while it
-- runs, each item shown is kept as a snapshot (what the room saw, whatever changes later), and the
-- room's remarks are captured per item and cell. Remarks tagged disputed, addition or decision
-- become follow-ups on their cell of the study's cube (its coordinate), which the researchers
-- close afterwards. Children are deleted by the service (logged), never by cascade.

CREATE TABLE review_sessions (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL CHECK (length(title) > 0),
  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  -- Set when the facilitator ends the session: from then on it reopens read-only.
  closed_at TEXT,
  created_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

-- People in the room. They are not respondents: they are named in the minutes only as the
-- facilitator chooses (listing: by name, by organisation and role only, or not at all).
CREATE TABLE review_participants (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES review_sessions (id),
  name TEXT NOT NULL CHECK (length(name) > 0),
  organisation TEXT NOT NULL DEFAULT '',
  case_id TEXT REFERENCES cases (id) ON DELETE SET NULL,
  role TEXT NOT NULL DEFAULT '',
  listing TEXT NOT NULL DEFAULT 'name' CHECK (listing IN ('name', 'role', 'hidden')),
  sort INTEGER NOT NULL,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX review_participants_session ON review_participants (session_id, sort);

-- The agenda. The matrix spec is copied from the saved matrix, so an item shows what was
-- prepared even when that matrix is changed or deleted later (matrix_id only says where it came
-- from). Positions run 1..n per session.
CREATE TABLE review_items (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES review_sessions (id),
  position INTEGER NOT NULL CHECK (position >= 1),
  matrix_id TEXT,
  name_nl TEXT NOT NULL,
  name_en TEXT NOT NULL,
  spec TEXT NOT NULL CHECK (json_valid(spec)),
  focus TEXT NOT NULL DEFAULT 'grid' CHECK (focus IN ('grid', 'row', 'cell')),
  focus_row TEXT,
  focus_col TEXT,
  question TEXT NOT NULL DEFAULT '',
  show_counts INTEGER NOT NULL DEFAULT 1 CHECK (show_counts IN (0, 1)),
  show_syntheses INTEGER NOT NULL DEFAULT 0 CHECK (show_syntheses IN (0, 1)),
  quotes INTEGER NOT NULL DEFAULT 0 CHECK (quotes BETWEEN 0 AND 10),
  hide_cases INTEGER NOT NULL DEFAULT 0 CHECK (hide_cases IN (0, 1)),
  reveal TEXT NOT NULL DEFAULT 'all' CHECK (reveal IN ('all', 'rows', 'cells', 'synthesis-quotes')),
  -- The facilitator's private notes: never shown to the room.
  notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  CHECK ((focus = 'grid') OR (focus = 'row' AND focus_row IS NOT NULL)
    OR (focus = 'cell' AND focus_row IS NOT NULL AND focus_col IS NOT NULL))
) STRICT;
CREATE INDEX review_items_session ON review_items (session_id, position);

-- What the room saw of an item: the matrix, syntheses and quotes as JSON at the moment it was
-- first shown (or refreshed). Never updated: a later edit of a synthesis leaves it as it was.
CREATE TABLE review_snapshots (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES review_sessions (id),
  item_id TEXT NOT NULL REFERENCES review_items (id),
  taken_at TEXT NOT NULL,
  content TEXT NOT NULL CHECK (json_valid(content))
) STRICT;
CREATE INDEX review_snapshots_item ON review_snapshots (item_id, taken_at);

-- The room's remarks in the order they were made (n per session), linked to the item and the
-- snapshot on screen, and to a cell of it (row and column of the item's view, and the cell's
-- coordinate in the cube) when the remark is about one.
CREATE TABLE review_remarks (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES review_sessions (id),
  item_id TEXT NOT NULL REFERENCES review_items (id),
  snapshot_id TEXT REFERENCES review_snapshots (id),
  n INTEGER NOT NULL,
  tag TEXT NOT NULL CHECK (tag IN ('recognised', 'disputed', 'addition', 'question', 'decision')),
  text TEXT NOT NULL CHECK (length(text) > 0),
  -- NULL: the room as a whole.
  participant_id TEXT REFERENCES review_participants (id),
  cell_row TEXT,
  cell_col TEXT,
  coordinate TEXT CHECK (coordinate IS NULL OR json_valid(coordinate)),
  -- Shown to the room in the audience footer at some point.
  shown INTEGER NOT NULL DEFAULT 0 CHECK (shown IN (0, 1)),
  created_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  UNIQUE (session_id, n),
  CHECK ((cell_row IS NULL) = (cell_col IS NULL))
) STRICT;

-- A disputed, addition or decision remark to act on: open, then done (perhaps through an edited
-- synthesis, whose version in the change log it names) or dismissed with a reason.
CREATE TABLE review_followups (
  id TEXT PRIMARY KEY,
  remark_id TEXT NOT NULL UNIQUE REFERENCES review_remarks (id),
  -- The remark's cell coordinate (canonical JSON), or NULL for a remark on the item as a whole.
  coordinate TEXT CHECK (coordinate IS NULL OR json_valid(coordinate)),
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'dismissed')),
  reason TEXT NOT NULL DEFAULT '',
  synthesis_seq INTEGER,
  resolved_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  resolved_at TEXT,
  created_at TEXT NOT NULL,
  CHECK (state <> 'dismissed' OR length(reason) > 0)
) STRICT;
CREATE INDEX review_followups_coordinate ON review_followups (coordinate, state);
