-- Matrix speed: covering indexes so the matrix engine never reads the wide source and segment
-- rows (a source row holds the whole text, and `sort` lies past it in overflow pages).

-- Sources in matrix order (sort, title) with every fact a matrix axis or filter needs.
CREATE INDEX sources_matrix ON sources (sort, title, id, case_id, kind, validation, document_type,
  respondent_id);

-- A source's segments in text order with their span come from segments_order (migration 007).
