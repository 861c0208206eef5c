-- Case reports and respondent validation (issue 13). A generated report version is kept whole
-- (the report model as JSON, its hash, and the synthesis versions it was built from), so a later
-- version can be compared with exactly what respondents were sent. A validation round sends one
-- version to respondents of the case; each respondent's answer and each correction they asked
-- for is recorded, with who handled it. Respondents appear by id only: their real names stay in
-- the respondents table and never reach a report.

CREATE TABLE report_versions (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  number INTEGER NOT NULL CHECK (number >= 1),
  lang TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
  content TEXT NOT NULL CHECK (json_valid(content)),
  content_hash TEXT NOT NULL,
  -- JSON [{id, seq}]: each synthesis cell in the report and the change-log entry of its version.
  syntheses TEXT NOT NULL CHECK (json_valid(syntheses)),
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  UNIQUE (case_id, number)
) STRICT;

CREATE TABLE validation_rounds (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  number INTEGER NOT NULL CHECK (number >= 1),
  report_version_id TEXT NOT NULL REFERENCES report_versions (id),
  sent_on TEXT NOT NULL, -- ISO date the report went out
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  UNIQUE (case_id, number)
) STRICT;

CREATE TABLE validation_answers (
  id TEXT PRIMARY KEY,
  round_id TEXT NOT NULL REFERENCES validation_rounds (id) ON DELETE CASCADE,
  respondent_id TEXT NOT NULL REFERENCES respondents (id),
  status TEXT NOT NULL DEFAULT 'none' CHECK (status IN ('none', 'approved', 'corrections')),
  comment TEXT NOT NULL DEFAULT '',
  answered_on TEXT,
  recorded_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (round_id, respondent_id)
) STRICT;

CREATE TABLE validation_corrections (
  id TEXT PRIMARY KEY,
  round_id TEXT NOT NULL REFERENCES validation_rounds (id) ON DELETE CASCADE,
  respondent_id TEXT NOT NULL REFERENCES respondents (id),
  -- JSON: {"coordinate": {...}} for a section of the report, or {"segmentId", "quote"} for a
  -- quoted passage.
  anchor TEXT NOT NULL CHECK (json_valid(anchor)),
  text TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'accepted', 'rejected')),
  reason TEXT NOT NULL DEFAULT '',
  -- The synthesis an accepted correction changed (its history holds the edit).
  synthesis_id TEXT,
  handled_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  handled_at TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT REFERENCES coders (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX validation_corrections_round ON validation_corrections (round_id, state);
