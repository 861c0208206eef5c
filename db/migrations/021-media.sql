-- The recording beside a transcript (issue 20): an audio or video file stored beside the project
-- (`<project>.casus-media/<sha256>.<ext>`), never inside this file. The row names it by its
-- hash, so a file that went missing or changed is noticed, never played as if it were the one.
CREATE TABLE source_media (
  source_id TEXT PRIMARY KEY REFERENCES sources (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('audio', 'video')),
  ext TEXT NOT NULL CHECK (ext IN ('m4a', 'mp3', 'wav', 'mp4', 'webm')),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  size INTEGER NOT NULL CHECK (size >= 0),
  -- The file's name as the user chose it (shown in the viewer; never a path).
  original_name TEXT NOT NULL,
  attached_by TEXT,
  attached_at TEXT NOT NULL
) STRICT;
