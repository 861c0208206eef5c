-- Indexes for search.query and segments.query on large studies (issue 7; bench/search.ts,
-- 2,000 sources, 42,000 blocks, 50,000 segments). The queries name them with INDEXED BY.

-- Block → source without reading the block row (text and all): the per-case counts of search
-- hits join every matching block, and a common word matches most of them.
CREATE INDEX blocks_source_of ON blocks (id, source_id);

-- What retrieval filters and sorts sources by. `sort` comes after `text` in the row, so reading
-- it from the table walks the text's overflow pages; this index never does.
CREATE INDEX sources_listing ON sources (id, case_id, respondent_id, kind, document_type, date,
  sort, title);

-- Segments in reading order with their span and id: the per-source counts of retrieval scan
-- this and test the code conditions on the id without reading the segment rows.
CREATE INDEX segments_order ON segments (source_id, start, end, id);

-- The codes of the listed segments with their coder, without a table lookup per coding.
CREATE INDEX codings_segment ON codings (segment_id, code_id, coder_id);
