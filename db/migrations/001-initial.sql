-- Casus project schema, version 1.
-- Every entity another tool or another coder's copy may need to match has a UUID text id.
-- Offsets are UTF-16 code units into sources.text, end exclusive; they are validated in
-- JavaScript because SQLite's length()/substr() count code points.

CREATE TABLE project (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  uuid TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  template TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- JSON object: expectedDimensions, search options and other per-project settings.
  settings TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE TABLE coders (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  initials TEXT NOT NULL,
  color TEXT NOT NULL,
  created_at TEXT NOT NULL
) STRICT;

-- Controlled vocabularies from the template: respondent roles and document types.
CREATE TABLE vocabulary (
  kind TEXT NOT NULL CHECK (kind IN ('role', 'document-type')),
  key TEXT NOT NULL,
  label_nl TEXT NOT NULL,
  label_en TEXT NOT NULL,
  sort INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (kind, key)
) STRICT;

CREATE TABLE attributes (
  id TEXT PRIMARY KEY,
  scope TEXT NOT NULL CHECK (scope IN ('case', 'source')),
  key TEXT NOT NULL,
  label_nl TEXT NOT NULL,
  label_en TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'boolean', 'choice')),
  choices TEXT, -- JSON array for 'choice'
  sort INTEGER NOT NULL DEFAULT 0,
  UNIQUE (scope, key)
) STRICT;

CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  key TEXT NOT NULL UNIQUE,
  label_nl TEXT NOT NULL,
  label_en TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  sort INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE case_attribute_values (
  case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  attribute_id TEXT NOT NULL REFERENCES attributes (id) ON DELETE CASCADE,
  value TEXT NOT NULL,
  PRIMARY KEY (case_id, attribute_id)
) STRICT;

CREATE TABLE respondents (
  id TEXT PRIMARY KEY,
  pseudonym TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  organisation TEXT NOT NULL DEFAULT '',
  case_id TEXT REFERENCES cases (id) ON DELETE SET NULL,
  -- Confidential: never exported or shown outside the team views.
  real_name TEXT,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE sources (
  id TEXT PRIMARY KEY,
  case_id TEXT REFERENCES cases (id) ON DELETE SET NULL,
  title TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('interview', 'document')),
  document_type TEXT NOT NULL DEFAULT 'other',
  date TEXT, -- ISO date
  respondent_id TEXT REFERENCES respondents (id) ON DELETE SET NULL,
  validation TEXT CHECK (validation IN ('draft', 'sent', 'approved', 'corrections')),
  original_name TEXT NOT NULL,
  sha256 TEXT NOT NULL, -- of the original bytes
  text TEXT NOT NULL, -- immutable plain text, NFC, \n line endings
  text_sha256 TEXT NOT NULL,
  text_length INTEGER NOT NULL, -- UTF-16 code units
  marks TEXT NOT NULL DEFAULT '[]', -- JSON InlineMark[]
  previous_version_id TEXT REFERENCES sources (id) ON DELETE SET NULL,
  sort INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES coders (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX sources_case ON sources (case_id);
CREATE INDEX sources_sha ON sources (sha256);

CREATE TRIGGER sources_text_immutable BEFORE UPDATE OF text ON sources
WHEN OLD.text IS NOT NEW.text
BEGIN
  SELECT RAISE(ABORT, 'the plain text of a source is immutable');
END;

-- The original file, kept for provenance; separate so listing sources stays light.
CREATE TABLE source_files (
  source_id TEXT PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
  bytes BLOB NOT NULL
) STRICT;

-- Block structure as offsets into sources.text; text is a copy of the block's range for the
-- full-text index (external content FTS).
CREATE TABLE blocks (
  id INTEGER PRIMARY KEY,
  source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('heading', 'paragraph', 'list_item', 'table_cell', 'page_break')),
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  attrs TEXT NOT NULL DEFAULT '{}', -- JSON: level, ordered, table/row/col/header, page
  text TEXT NOT NULL,
  CHECK (end >= start AND start >= 0),
  UNIQUE (source_id, seq)
) STRICT;

CREATE VIRTUAL TABLE blocks_fts USING fts5 (
  text,
  content = 'blocks',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER blocks_fts_insert AFTER INSERT ON blocks BEGIN
  INSERT INTO blocks_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER blocks_fts_delete AFTER DELETE ON blocks BEGIN
  INSERT INTO blocks_fts (blocks_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER blocks_fts_update AFTER UPDATE ON blocks BEGIN
  INSERT INTO blocks_fts (blocks_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO blocks_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE TABLE codes (
  id TEXT PRIMARY KEY,
  parent_id TEXT REFERENCES codes (id) ON DELETE RESTRICT,
  key TEXT UNIQUE, -- short alias for palette and CLI; NULL for codes without one
  dimension TEXT NOT NULL CHECK (dimension IN ('principle', 'category', 'phase', 'facet', 'free')),
  label_nl TEXT NOT NULL,
  label_en TEXT NOT NULL,
  description_nl TEXT NOT NULL DEFAULT '',
  description_en TEXT NOT NULL DEFAULT '',
  color TEXT NOT NULL,
  sort INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX codes_parent ON codes (parent_id);

CREATE TABLE segments (
  id TEXT PRIMARY KEY,
  source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  start INTEGER NOT NULL,
  end INTEGER NOT NULL,
  text TEXT NOT NULL, -- the quoted text, sources.text.slice(start, end)
  created_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  CHECK (start >= 0 AND end > start)
) STRICT;
CREATE INDEX segments_source ON segments (source_id, start);

CREATE TABLE codings (
  id TEXT PRIMARY KEY,
  segment_id TEXT NOT NULL REFERENCES segments (id) ON DELETE CASCADE,
  code_id TEXT NOT NULL REFERENCES codes (id) ON DELETE CASCADE,
  coder_id TEXT REFERENCES coders (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  UNIQUE (segment_id, code_id)
) STRICT;
-- Covering index for matrices: code → segment.
CREATE INDEX codings_code ON codings (code_id, segment_id, coder_id);

CREATE TABLE memos (
  id TEXT PRIMARY KEY,
  target_type TEXT NOT NULL CHECK (target_type IN ('project', 'case', 'source', 'code', 'segment', 'cell')),
  target_id TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '', -- Lexical editor state JSON, or '' when empty
  body_text TEXT NOT NULL DEFAULT '', -- plain-text rendering for search and export
  author_id TEXT REFERENCES coders (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX memos_target ON memos (target_type, target_id);

-- Append-only: every user action is one group of entries (who, when, what, before/after).
CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  group_id TEXT NOT NULL,
  at TEXT NOT NULL,
  coder_id TEXT,
  action TEXT NOT NULL, -- e.g. 'coding.apply', 'undo'
  entity TEXT NOT NULL, -- table name
  entity_id TEXT NOT NULL,
  before TEXT, -- JSON row or NULL
  after TEXT -- JSON row or NULL
) STRICT;
CREATE INDEX change_log_group ON change_log (group_id);
CREATE INDEX change_log_entity ON change_log (entity, entity_id);
CREATE TRIGGER change_log_no_update BEFORE UPDATE ON change_log BEGIN
  SELECT RAISE(ABORT, 'the change log is append-only');
END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log BEGIN
  SELECT RAISE(ABORT, 'the change log is append-only');
END;
