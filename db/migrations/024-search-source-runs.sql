-- The source of a search match without a lookup per match (issue 19). Counting a common word's
-- matches per case looked up each matching block's source in blocks_source_of and grouped
-- 158,000 rows by source (10,000 sources: 170 ms of CPU, against 7 ms for FTS5 to count them).
-- A source's blocks are inserted together and in order (db/repo/sources.ts), so they hold one
-- run of block ids that starts at its first block: the 10,000 first blocks, in id order, say
-- which source every block id belongs to, and a match's source is found by walking the matches
-- (which FTS5 gives in id order) beside those starts (db/queries/fulltext.ts).

-- The first block of every source, in id order.
CREATE INDEX blocks_first ON blocks (id, source_id) WHERE seq = 0;

-- Keeps the runs whole: a block follows its predecessor in the same source, by id and by seq.
-- The past (db/history.ts) copies blocks as they are and drops triggers; the bulk build of the
-- search indexes drops only theirs.
CREATE TRIGGER blocks_in_runs AFTER INSERT ON blocks
WHEN new.seq > 0 AND NOT EXISTS (
  SELECT 1 FROM blocks p WHERE p.id = new.id - 1 AND p.source_id = new.source_id
    AND p.seq = new.seq - 1)
BEGIN
  SELECT RAISE(ABORT, 'the blocks of a source are inserted together, in order of seq');
END;
