-- Interview transcripts (issue 20): the speaker turns of a transcript.

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
