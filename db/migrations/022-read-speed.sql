-- Counts kept up to date by triggers (issue 19). The source list showed each source's segments
-- by counting them in segments_source (a 36-character id per segment: at 250,000 segments most
-- of the list's time), and the code tree counted each code's codings and, per coding, looked up
-- its segment's source (200,000 index searches: 200 ms on the bench's study). Both are re-read
-- after many actions. The tables below hold the same numbers, kept by the writes themselves.
-- They are derived, like the full-text indexes: not in the change log, rebuilt by the past
-- (db/history.ts). Zero counts are deleted, so the tables hold exactly what a recount gives.
-- A later migration that rebuilds segments or codings must re-create these triggers.

-- Segments per source.
CREATE TABLE source_segment_counts (
  source_id TEXT PRIMARY KEY,
  n INTEGER NOT NULL CHECK (n > 0)
) STRICT, WITHOUT ROWID;

-- Codings per code and source of their segment.
CREATE TABLE code_source_counts (
  code_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n > 0),
  PRIMARY KEY (code_id, source_id)
) STRICT, WITHOUT ROWID;

-- Per code: its codings and the sources they lie in (the rows of code_source_counts).
CREATE TABLE code_counts (
  code_id TEXT PRIMARY KEY,
  codings INTEGER NOT NULL CHECK (codings > 0),
  sources INTEGER NOT NULL CHECK (sources > 0)
) STRICT, WITHOUT ROWID;

INSERT INTO source_segment_counts (source_id, n)
  SELECT source_id, count(*) FROM segments GROUP BY source_id;
INSERT INTO code_source_counts (code_id, source_id, n)
  SELECT k.code_id, g.source_id, count(*) FROM codings k JOIN segments g ON g.seq = k.segment_seq
  GROUP BY k.code_id, g.source_id;
INSERT INTO code_counts (code_id, codings, sources)
  SELECT code_id, sum(n), count(*) FROM code_source_counts GROUP BY code_id;

-- code_counts follows code_source_counts.
CREATE TRIGGER code_source_counts_insert AFTER INSERT ON code_source_counts BEGIN
  INSERT INTO code_counts (code_id, codings, sources) VALUES (new.code_id, new.n, 1)
    ON CONFLICT (code_id) DO UPDATE SET codings = codings + new.n, sources = sources + 1;
END;
CREATE TRIGGER code_source_counts_update AFTER UPDATE OF n ON code_source_counts BEGIN
  UPDATE code_counts SET codings = codings + new.n - old.n WHERE code_id = new.code_id;
END;
CREATE TRIGGER code_source_counts_delete AFTER DELETE ON code_source_counts BEGIN
  DELETE FROM code_counts WHERE code_id = old.code_id AND sources = 1;
  UPDATE code_counts SET codings = codings - old.n, sources = sources - 1
    WHERE code_id = old.code_id;
END;

-- A coding counts for its code in its segment's source.
CREATE TRIGGER codings_count_insert AFTER INSERT ON codings BEGIN
  INSERT INTO code_source_counts (code_id, source_id, n)
    SELECT new.code_id, g.source_id, 1 FROM segments g WHERE g.seq = new.segment_seq
    ON CONFLICT (code_id, source_id) DO UPDATE SET n = n + 1;
END;
-- Uncounted where its segment is gone (deleted with it: see segments_count_delete).
CREATE TRIGGER codings_count_delete AFTER DELETE ON codings BEGIN
  DELETE FROM code_source_counts WHERE code_id = old.code_id AND n = 1
    AND source_id = (SELECT source_id FROM segments WHERE seq = old.segment_seq);
  UPDATE code_source_counts SET n = n - 1 WHERE code_id = old.code_id
    AND source_id = (SELECT source_id FROM segments WHERE seq = old.segment_seq);
END;
CREATE TRIGGER codings_count_update AFTER UPDATE OF code_id, segment_seq ON codings BEGIN
  DELETE FROM code_source_counts WHERE code_id = old.code_id AND n = 1
    AND source_id = (SELECT source_id FROM segments WHERE seq = old.segment_seq);
  UPDATE code_source_counts SET n = n - 1 WHERE code_id = old.code_id
    AND source_id = (SELECT source_id FROM segments WHERE seq = old.segment_seq);
  INSERT INTO code_source_counts (code_id, source_id, n)
    SELECT new.code_id, g.source_id, 1 FROM segments g WHERE g.seq = new.segment_seq
    ON CONFLICT (code_id, source_id) DO UPDATE SET n = n + 1;
END;

-- A segment moved to another source (no action does this today) takes its counts along.
CREATE TRIGGER segments_count_move AFTER UPDATE OF source_id ON segments
WHEN new.source_id IS NOT old.source_id BEGIN
  DELETE FROM source_segment_counts WHERE source_id = old.source_id AND n = 1;
  UPDATE source_segment_counts SET n = n - 1 WHERE source_id = old.source_id;
  INSERT INTO source_segment_counts (source_id, n) VALUES (new.source_id, 1)
    ON CONFLICT (source_id) DO UPDATE SET n = n + 1;
  DELETE FROM code_source_counts WHERE source_id = old.source_id AND n = 1
    AND code_id IN (SELECT code_id FROM codings WHERE segment_id = new.id);
  UPDATE code_source_counts SET n = n - 1 WHERE source_id = old.source_id
    AND code_id IN (SELECT code_id FROM codings WHERE segment_id = new.id);
  INSERT INTO code_source_counts (code_id, source_id, n)
    SELECT code_id, new.source_id, 1 FROM codings WHERE segment_id = new.id
    ON CONFLICT (code_id, source_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER segments_count_insert AFTER INSERT ON segments BEGIN
  INSERT INTO source_segment_counts (source_id, n) VALUES (new.source_id, 1)
    ON CONFLICT (source_id) DO UPDATE SET n = n + 1;
END;
-- Before the row goes: its codings still name it. The codings deleted with it (ON DELETE
-- CASCADE) go after the row, when their own trigger no longer finds its source.
CREATE TRIGGER segments_count_delete BEFORE DELETE ON segments BEGIN
  DELETE FROM source_segment_counts WHERE source_id = old.source_id AND n = 1;
  UPDATE source_segment_counts SET n = n - 1 WHERE source_id = old.source_id;
  DELETE FROM code_source_counts WHERE source_id = old.source_id AND n = 1
    AND code_id IN (SELECT code_id FROM codings WHERE segment_id = old.id);
  UPDATE code_source_counts SET n = n - 1 WHERE source_id = old.source_id
    AND code_id IN (SELECT code_id FROM codings WHERE segment_id = old.id);
END;

-- The context around a retrieved segment is cut from the blocks around it, not from its source's
-- whole text: the blocks that overlap a span, found by their start (covering, page breaks told
-- apart by their type), and a source's length without walking its text's overflow pages
-- (text_length lies past the text in the row).
CREATE INDEX blocks_span ON blocks (source_id, start, type);
CREATE INDEX sources_length ON sources (id, text_length);
