-- sources.list reads light rows only (issue 19): every column the list shows, in one covering
-- index, so listing never reads a source row (the text and the columns stored past it in the
-- text's overflow pages: text_length, previous_version_id, sort, created_at).
CREATE INDEX sources_list ON sources (sort, title, id, case_id, kind, document_type, date,
  respondent_id, validation, original_name, text_length, created_at, previous_version_id);

-- The newer version of a source, looked up by the one it replaces: without it, finding what
-- replaced one source read every source row.
CREATE INDEX sources_replaced_by ON sources (previous_version_id, created_at, id)
  WHERE previous_version_id IS NOT NULL;

-- A segment's source by its integer key, covering: the code tree counts the sources of each
-- code's codings by it, without reading the segment rows (their quoted text) or comparing
-- 36-character ids.
CREATE INDEX segments_source_by_seq ON segments (seq, source_id);
