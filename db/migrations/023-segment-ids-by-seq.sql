-- A segment's text id by its integer key, covering (issue 19). The matrix finds a cell's
-- segments as seqs and hands back their ids: at 10,000 sources a busy cell holds 14,000 of them,
-- and looking each up in the segments table read a row with its quoted text per segment (60 ms);
-- this index holds just the two keys (25 ms), for about 12 MB on a file of 2.5 GB.
CREATE INDEX segments_id_by_seq ON segments (seq, id);
