-- Search inside words: a trigram index over the same block text as blocks_fts, so that
-- `welvaart` finds `bredewelvaartsopgave` and `arts` finds `huisarts` (Dutch compounds the
-- unicode61 tokenizer keeps whole). Case and diacritics are folded as in blocks_fts.
-- Measured (bench/search.ts, 2,000 sources, 36 MB of block text): word index 6.6 MB, trigram
-- index 72 MB, about 11 times the word index and twice the text itself. So word search stays the
-- default and this index serves the opt-in "inside words" search; it follows `blocks` by
-- triggers in the same transaction as blocks_fts.
CREATE VIRTUAL TABLE blocks_trigram USING fts5 (
  text,
  content = 'blocks',
  content_rowid = 'id',
  tokenize = 'trigram remove_diacritics 1'
);
CREATE TRIGGER blocks_trigram_insert AFTER INSERT ON blocks BEGIN
  INSERT INTO blocks_trigram (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER blocks_trigram_delete AFTER DELETE ON blocks BEGIN
  INSERT INTO blocks_trigram (blocks_trigram, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER blocks_trigram_update AFTER UPDATE ON blocks BEGIN
  INSERT INTO blocks_trigram (blocks_trigram, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO blocks_trigram (rowid, text) VALUES (new.id, new.text);
END;
-- Index the blocks that existed before this migration.
INSERT INTO blocks_trigram (blocks_trigram) VALUES ('rebuild');
