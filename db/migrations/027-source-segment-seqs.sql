-- Each source's segments' seqs in text order, kept beside their count (issue 19). The cold
-- matrix read every segment from segments_order to list each source's segments in text order:
-- at 10,000 sources a walk of 250,000 index entries and a JSON array built from them, 57 ms of
-- a ~200 ms grid. The same lists kept per source as JSON arrays are read and joined in 19 ms.
-- Derived like the counts beside them (022): kept by the triggers below, not in the change log,
-- recounted by time travel and bulk builds (db/internal/kept-counts.ts). Each array holds the
-- source's seqs once each, in the order of segments_order (start, end, id), so what the
-- triggers keep is what a recount gives, byte for byte. A segment that comes after the last one
-- of its source (coding in reading order, a new version's segments moved over in order) is
-- appended; any other is placed by reading the source's segments again from segments_order. A
-- segment that goes is cut out of the array where it is found, and read again otherwise.

DROP TRIGGER segments_count_insert;
DROP TRIGGER segments_count_move;
DROP TRIGGER segments_count_delete;
DROP TABLE source_segment_counts;

CREATE TABLE source_segment_counts (
  source_id TEXT PRIMARY KEY,
  n INTEGER NOT NULL CHECK (n > 0),
  seqs TEXT NOT NULL -- JSON array of the source's segments' seq in text order, n of them
) STRICT, WITHOUT ROWID;

INSERT INTO source_segment_counts (source_id, n, seqs)
  SELECT source_id, count(*), json_group_array(seq ORDER BY start, "end", id)
  FROM segments GROUP BY source_id;

-- The source's segments' seqs in text order, read from segments_order.
CREATE TRIGGER segments_count_insert AFTER INSERT ON segments BEGIN
  INSERT INTO source_segment_counts (source_id, n, seqs)
    VALUES (new.source_id, 1, json_array(new.seq))
    ON CONFLICT (source_id) DO UPDATE SET n = n + 1,
      seqs = CASE WHEN (SELECT (g.start, g."end", g.id) < (new.start, new."end", new.id)
          FROM segments g WHERE g.seq = json_extract(seqs, '$[#-1]'))
        THEN json_insert(seqs, '$[#]', new.seq)
        ELSE (SELECT json_group_array(seq) FROM (SELECT seq FROM segments INDEXED BY segments_order
          WHERE source_id = new.source_id ORDER BY start, "end", id)) END;
END;

-- A segment whose span changed in its source (a coding's passage widened) may move in its
-- order. (A move to another source is placed by segments_count_move.)
CREATE TRIGGER segments_count_span AFTER UPDATE OF start, "end" ON segments
WHEN new.source_id IS old.source_id AND (new.start IS NOT old.start OR new."end" IS NOT old."end")
BEGIN
  UPDATE source_segment_counts
    SET seqs = (SELECT json_group_array(seq) FROM (SELECT seq FROM segments INDEXED BY segments_order
      WHERE source_id = new.source_id ORDER BY start, "end", id))
    WHERE source_id = new.source_id;
END;

-- As in 025, with the seq cut out of the old source's array and placed in the new one's.
CREATE TRIGGER segments_count_move AFTER UPDATE OF source_id ON segments
WHEN new.source_id IS NOT old.source_id BEGIN
  DELETE FROM source_segment_counts WHERE source_id = old.source_id AND n = 1;
  UPDATE source_segment_counts SET n = n - 1,
      seqs = coalesce(json_remove(seqs, (SELECT j.fullkey FROM json_each(source_segment_counts.seqs) j
          WHERE j.value = old.seq LIMIT 1)),
        (SELECT json_group_array(seq) FROM (SELECT seq FROM segments INDEXED BY segments_order
          WHERE source_id = old.source_id ORDER BY start, "end", id)))
    WHERE source_id = old.source_id;
  INSERT INTO source_segment_counts (source_id, n, seqs)
    VALUES (new.source_id, 1, json_array(new.seq))
    ON CONFLICT (source_id) DO UPDATE SET n = n + 1,
      seqs = CASE WHEN (SELECT (g.start, g."end", g.id) < (new.start, new."end", new.id)
          FROM segments g WHERE g.seq = json_extract(seqs, '$[#-1]'))
        THEN json_insert(seqs, '$[#]', new.seq)
        ELSE (SELECT json_group_array(seq) FROM (SELECT seq FROM segments INDEXED BY segments_order
          WHERE source_id = new.source_id ORDER BY start, "end", id)) END;
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

-- Before the row goes (as in 025).
CREATE TRIGGER segments_count_delete BEFORE DELETE ON segments BEGIN
  DELETE FROM source_segment_counts WHERE source_id = old.source_id AND n = 1;
  UPDATE source_segment_counts SET n = n - 1,
      seqs = coalesce(json_remove(seqs, (SELECT j.fullkey FROM json_each(source_segment_counts.seqs) j
          WHERE j.value = old.seq LIMIT 1)),
        (SELECT json_group_array(seq) FROM (SELECT seq FROM segments INDEXED BY segments_order
          WHERE source_id = old.source_id AND seq != old.seq ORDER BY start, "end", id)))
    WHERE source_id = old.source_id;
  DELETE FROM code_source_counts WHERE source_id = old.source_id AND n = 1
    AND code_id IN (SELECT code_id FROM codings WHERE segment_id = old.id);
  UPDATE code_source_counts SET n = n - 1,
      seqs = json_remove(seqs, coalesce((SELECT j.fullkey FROM json_each(code_source_counts.seqs) j
        WHERE j.value = old.seq), '$.none'))
    WHERE source_id = old.source_id
      AND code_id IN (SELECT code_id FROM codings WHERE segment_id = old.id);
END;
