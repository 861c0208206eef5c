-- Inside-word search answers a substring of letters and digits from the words of the word index
-- (issue 19; db/queries/fulltext.ts, indexedWords) unless a block's text holds a NUL: the trigram
-- tokenizer skips that character, unicode61 ends a word at it. Imports drop NUL, so normally no
-- block has one; this partial index lists those that do, so that asking is one lookup instead of
-- reading the text of every block (10,000 sources: ~220 ms of CPU). Built on upgrade by that one
-- read; SQLite keeps it with every write to blocks, including the past's copy (db/history.ts).
CREATE INDEX blocks_with_nul ON blocks (id) WHERE instr(text, char(0)) > 0;
