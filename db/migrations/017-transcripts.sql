-- Interview transcripts (issue 20): the speaker turns of a transcript and the recording kept
-- beside the project file.

-- A turn is one block of its source's immutable text ("R: words"): written once with the source,
-- like the blocks, and never changed. Its words start after the speaker's label.
CREATE TABLE turns (
  source_id TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  block INTEGER NOT NULL, -- the seq of the turn's block
  start_ms INTEGER NOT NULL CHECK (start_ms >= 0),
  end_ms INTEGER NOT NULL,
  speaker_role TEXT NOT NULL CHECK (speaker_role IN ('interviewer', 'respondent', 'other')),
  -- The interviewer's coder id or the respondent's id; null for others.
  speaker_ref TEXT,
  -- The speaker as the text names it ("I", "R", "FV-R3"); never a real name.
  speaker_label TEXT NOT NULL CHECK (length(speaker_label) > 0),
  words_start INTEGER NOT NULL, -- UTF-16 offsets into sources.text, end exclusive
  words_end INTEGER NOT NULL,
  PRIMARY KEY (source_id, block),
  CHECK (end_ms >= start_ms),
  CHECK (words_start >= 0 AND words_end >= words_start)
) STRICT;
-- "Respondents' words only" tests segments against the turns of their source by role.
CREATE INDEX turns_words ON turns (source_id, speaker_role, words_start, words_end);

-- The recording of a source: the file lies in the folder beside the project
-- (<name>.casus-media/<file_name>), never inside it; its hash says whether it is still the same.
CREATE TABLE source_media (
  source_id TEXT PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
  file_name TEXT NOT NULL, -- <sha256>.<extension>: no name a person gave it
  sha256 TEXT NOT NULL,
  bytes INTEGER NOT NULL CHECK (bytes > 0),
  mime TEXT NOT NULL CHECK (mime IN ('audio/mp4', 'audio/mpeg', 'audio/wav', 'video/mp4', 'audio/webm', 'video/webm')),
  duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
  attached_at TEXT NOT NULL,
  attached_by TEXT REFERENCES coders (id) ON DELETE SET NULL
) STRICT;
