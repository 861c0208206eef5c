-- Confidentiality (issue 17): the register of identifying terms the team keeps out of what leaves
-- the project (people, organisations, places, phrases, e-mail addresses, phone numbers), each with
-- its replacement and variants; and the candidates the team dismissed, so they are not offered
-- again. Respondents' real names come from `respondents.real_name`, not from here.
--
-- The term, its variants and a dismissed candidate's text are confidential like a real name: the
-- change log leaves them out (db/tables.ts `unlogged`), so a past state rebuilt from the log has
-- these rows with NULL in those columns. That is why they are nullable; the repository always
-- writes them.

CREATE TABLE register_terms (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL
    CHECK (kind IN ('person', 'organisation', 'place', 'phrase', 'email', 'phone', 'other')),
  term TEXT CHECK (length(term) > 0),
  variants TEXT CHECK (json_valid(variants) AND json_type(variants) = 'array'),
  replacement TEXT NOT NULL CHECK (length(replacement) > 0),
  -- Where it came from: typed by the team, a confirmed candidate, or an import (speakers).
  origin TEXT NOT NULL CHECK (origin IN ('team', 'candidate', 'import')),
  created_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE register_dismissals (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('titled-name', 'email', 'phone', 'proper-noun')),
  -- The candidate as written, and its folded key (what a later scan compares).
  text TEXT CHECK (length(text) > 0),
  key TEXT CHECK (length(key) > 0),
  created_by TEXT REFERENCES coders (id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
) STRICT;
