-- The seqs of each code's codings per source, kept beside their count (issue 19). The matrix
-- read every code's segments from codings_code: at 10,000 sources 670,000 entries of about 88
-- bytes (a text code id, a text coder id and the rowid beside each seq), 58 MB that did not fit
-- the page cache beside the segments' lists, so every cold matrix read them again from the OS
-- (80 ms of CPU). The same seqs as short JSON arrays per (code, source) take 7 MB more here and
-- are read in 28 ms. Derived like the counts beside them: kept by the same triggers, not in the
-- change log, recounted by time travel and bulk builds (db/internal/kept-counts.ts). Each array
-- holds its seqs once each, ascending, so what the triggers keep is what a recount gives, byte
-- for byte.

DROP TRIGGER codings_count_insert;
DROP TRIGGER codings_count_delete;
DROP TRIGGER codings_count_update;
DROP TRIGGER segments_count_move;
DROP TRIGGER segments_count_delete;
-- Its own triggers (code_counts follows it) go with it.
DROP TABLE code_source_counts;
DELETE FROM code_counts;

CREATE TABLE code_source_counts (
  code_id TEXT NOT NULL,
  source_id TEXT NOT NULL,
  n INTEGER NOT NULL CHECK (n > 0),
  seqs TEXT NOT NULL, -- JSON array of the codings' segment_seq, n of them
  PRIMARY KEY (code_id, source_id)
) STRICT, WITHOUT ROWID;

INSERT INTO code_source_counts (code_id, source_id, n, seqs)
  SELECT k.code_id, g.source_id, count(*), json_group_array(k.segment_seq ORDER BY k.segment_seq)
  FROM codings k JOIN segments g ON g.seq = k.segment_seq
  GROUP BY k.code_id, g.source_id;
INSERT INTO code_counts (code_id, codings, sources)
  SELECT code_id, sum(n), count(*) FROM code_source_counts GROUP BY code_id;

-- code_counts follows code_source_counts (as in 022).
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

-- As in 022, each count now with its seq added in order or removed. A seq missing from its array (which
-- the invariant tests rule out) is removed as nothing ('$.none' names no element of an array)
-- rather than failing the user's write.
CREATE TRIGGER codings_count_insert AFTER INSERT ON codings BEGIN
  INSERT INTO code_source_counts (code_id, source_id, n, seqs)
    SELECT new.code_id, g.source_id, 1, json_array(new.segment_seq)
    FROM segments g WHERE g.seq = new.segment_seq
    ON CONFLICT (code_id, source_id) DO UPDATE
      SET n = n + 1, seqs = (SELECT json_group_array(v) FROM (SELECT j.value AS v
        FROM json_each(code_source_counts.seqs) j UNION ALL SELECT new.segment_seq ORDER BY 1));
END;
-- Uncounted where its segment is gone (deleted with it: see segments_count_delete).
CREATE TRIGGER codings_count_delete AFTER DELETE ON codings BEGIN
  DELETE FROM code_source_counts WHERE code_id = old.code_id AND n = 1
    AND source_id = (SELECT source_id FROM segments WHERE seq = old.segment_seq);
  UPDATE code_source_counts SET n = n - 1,
      seqs = json_remove(seqs, coalesce((SELECT j.fullkey FROM json_each(code_source_counts.seqs) j
        WHERE j.value = old.segment_seq), '$.none'))
    WHERE code_id = old.code_id
      AND source_id = (SELECT source_id FROM segments WHERE seq = old.segment_seq);
END;
CREATE TRIGGER codings_count_update AFTER UPDATE OF code_id, segment_seq ON codings BEGIN
  DELETE FROM code_source_counts WHERE code_id = old.code_id AND n = 1
    AND source_id = (SELECT source_id FROM segments WHERE seq = old.segment_seq);
  UPDATE code_source_counts SET n = n - 1,
      seqs = json_remove(seqs, coalesce((SELECT j.fullkey FROM json_each(code_source_counts.seqs) j
        WHERE j.value = old.segment_seq), '$.none'))
    WHERE code_id = old.code_id
      AND source_id = (SELECT source_id FROM segments WHERE seq = old.segment_seq);
  INSERT INTO code_source_counts (code_id, source_id, n, seqs)
    SELECT new.code_id, g.source_id, 1, json_array(new.segment_seq)
    FROM segments g WHERE g.seq = new.segment_seq
    ON CONFLICT (code_id, source_id) DO UPDATE
      SET n = n + 1, seqs = (SELECT json_group_array(v) FROM (SELECT j.value AS v
        FROM json_each(code_source_counts.seqs) j UNION ALL SELECT new.segment_seq ORDER BY 1));
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
  UPDATE code_source_counts SET n = n - 1,
      seqs = json_remove(seqs, coalesce((SELECT j.fullkey FROM json_each(code_source_counts.seqs) j
        WHERE j.value = old.seq), '$.none'))
    WHERE source_id = old.source_id
      AND code_id IN (SELECT code_id FROM codings WHERE segment_id = new.id);
  INSERT INTO code_source_counts (code_id, source_id, n, seqs)
    SELECT code_id, new.source_id, 1, json_array(new.seq) FROM codings WHERE segment_id = new.id
    ON CONFLICT (code_id, source_id) DO UPDATE
      SET n = n + 1, seqs = (SELECT json_group_array(v) FROM (SELECT j.value AS v
        FROM json_each(code_source_counts.seqs) j UNION ALL SELECT new.seq ORDER BY 1));
END;

-- Before the row goes: its codings still name it. The codings deleted with it (ON DELETE
-- CASCADE) go after the row, when their own trigger no longer finds its source.
CREATE TRIGGER segments_count_delete BEFORE DELETE ON segments BEGIN
  DELETE FROM source_segment_counts WHERE source_id = old.source_id AND n = 1;
  UPDATE source_segment_counts SET n = n - 1 WHERE source_id = old.source_id;
  DELETE FROM code_source_counts WHERE source_id = old.source_id AND n = 1
    AND code_id IN (SELECT code_id FROM codings WHERE segment_id = old.id);
  UPDATE code_source_counts SET n = n - 1,
      seqs = json_remove(seqs, coalesce((SELECT j.fullkey FROM json_each(code_source_counts.seqs) j
        WHERE j.value = old.seq), '$.none'))
    WHERE source_id = old.source_id
      AND code_id IN (SELECT code_id FROM codings WHERE segment_id = old.id);
END;
