-- The history a project made by an earlier version can be rebuilt from: one 'baseline' entry per
-- row of every table, the row as it is now (what the log leaves out of a row stays out: a
-- source's text and marks, confidential columns). Earlier entries may lack columns added since
-- or miss rows written before every write was logged; time travel starts at this baseline
-- (db/history.ts historyFloor). A project made by this version has empty tables here.
CREATE TEMP TABLE baseline_moment AS SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at;
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'project', "id", NULL,
  json_object('id', "id", 'uuid', "uuid", 'name', "name", 'description', "description", 'template', "template", 'created_at', "created_at", 'settings', "settings")
FROM "project";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'coders', "id", NULL,
  json_object('id', "id", 'name', "name", 'initials', "initials", 'color', "color", 'created_at', "created_at")
FROM "coders";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'vocabulary', "kind" || ':' || "key", NULL,
  json_object('kind', "kind", 'key', "key", 'label_nl', "label_nl", 'label_en', "label_en", 'sort', "sort")
FROM "vocabulary";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'attributes', "id", NULL,
  json_object('id', "id", 'scope', "scope", 'key', "key", 'label_nl', "label_nl", 'label_en', "label_en", 'type', "type", 'choices', "choices", 'sort', "sort")
FROM "attributes";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'cases', "id", NULL,
  json_object('id', "id", 'key', "key", 'label_nl', "label_nl", 'label_en', "label_en", 'description', "description", 'sort', "sort", 'created_at', "created_at")
FROM "cases";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'case_attribute_values', "case_id" || ':' || "attribute_id", NULL,
  json_object('case_id', "case_id", 'attribute_id', "attribute_id", 'value', "value")
FROM "case_attribute_values";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'respondents', "id", NULL,
  json_object('id', "id", 'pseudonym', "pseudonym", 'role', "role", 'organisation', "organisation", 'case_id', "case_id", 'created_at', "created_at")
FROM "respondents";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'sources', "id", NULL,
  json_object('id', "id", 'case_id', "case_id", 'title', "title", 'kind', "kind", 'document_type', "document_type", 'date', "date", 'respondent_id', "respondent_id", 'validation', "validation", 'original_name', "original_name", 'sha256', "sha256", 'text_sha256', "text_sha256", 'text_length', "text_length", 'previous_version_id', "previous_version_id", 'sort', "sort", 'created_at', "created_at", 'created_by', "created_by")
FROM "sources";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'codes', "id", NULL,
  json_object('id', "id", 'parent_id', "parent_id", 'key', "key", 'dimension', "dimension", 'label_nl', "label_nl", 'label_en', "label_en", 'description_nl', "description_nl", 'description_en', "description_en", 'color', "color", 'sort', "sort", 'created_at', "created_at")
FROM "codes";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'segments', "id", NULL,
  json_object('seq', "seq", 'id', "id", 'source_id', "source_id", 'start', "start", 'end', "end", 'text', "text", 'created_by', "created_by", 'created_at', "created_at")
FROM "segments";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'codings', "id", NULL,
  json_object('id', "id", 'segment_id', "segment_id", 'segment_seq', "segment_seq", 'code_id', "code_id", 'coder_id', "coder_id", 'created_at', "created_at")
FROM "codings";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'memos', "id", NULL,
  json_object('id', "id", 'target_type', "target_type", 'target_id', "target_id", 'title', "title", 'body', "body", 'body_text', "body_text", 'author_id', "author_id", 'created_at', "created_at", 'updated_at', "updated_at")
FROM "memos";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'matrix_definitions', "id", NULL,
  json_object('id', "id", 'name_nl', "name_nl", 'name_en', "name_en", 'spec', "spec", 'builtin', "builtin", 'sort', "sort", 'created_at', "created_at")
FROM "matrix_definitions";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'synthesis_cells', "id", NULL,
  json_object('id', "id", 'coordinate', "coordinate", 'body', "body", 'body_text', "body_text", 'status', "status", 'status_by', "status_by", 'status_at', "status_at", 'refs', "refs", 'updated_by', "updated_by", 'updated_at', "updated_at", 'created_at', "created_at")
FROM "synthesis_cells";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'report_versions', "id", NULL,
  json_object('id', "id", 'case_id', "case_id", 'number', "number", 'lang', "lang", 'content', "content", 'content_hash', "content_hash", 'syntheses', "syntheses", 'created_at', "created_at", 'created_by', "created_by")
FROM "report_versions";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'validation_rounds', "id", NULL,
  json_object('id', "id", 'case_id', "case_id", 'number', "number", 'report_version_id', "report_version_id", 'sent_on', "sent_on", 'note', "note", 'created_at', "created_at", 'created_by', "created_by")
FROM "validation_rounds";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'validation_answers', "id", NULL,
  json_object('id', "id", 'round_id', "round_id", 'respondent_id', "respondent_id", 'status', "status", 'comment', "comment", 'answered_on', "answered_on", 'recorded_by', "recorded_by", 'updated_at', "updated_at")
FROM "validation_answers";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'validation_corrections', "id", NULL,
  json_object('id', "id", 'round_id', "round_id", 'respondent_id', "respondent_id", 'anchor', "anchor", 'text', "text", 'state', "state", 'reason', "reason", 'synthesis_id', "synthesis_id", 'handled_by', "handled_by", 'handled_at', "handled_at", 'created_at', "created_at", 'created_by', "created_by")
FROM "validation_corrections";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'reconciliations', "id", NULL,
  json_object('id', "id", 'source_id', "source_id", 'code_id', "code_id", 'coder_a', "coder_a", 'coder_b', "coder_b", 'start', "start", 'end', "end", 'decision', "decision", 'comment', "comment", 'removed', "removed", 'added', "added", 'reconciled_by', "reconciled_by", 'created_at', "created_at")
FROM "reconciliations";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'merges', "id", NULL,
  json_object('id', "id", 'other_uuid', "other_uuid", 'other_name', "other_name", 'other_tail', "other_tail", 'file_name', "file_name", 'seen', "seen", 'counts', "counts", 'merged_by', "merged_by", 'merged_at', "merged_at")
FROM "merges";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'comments', "id", NULL,
  json_object('id', "id", 'target_type', "target_type", 'target_id', "target_id", 'parent_id', "parent_id", 'author_id', "author_id", 'text', "text", 'mentions', "mentions", 'resolved_at', "resolved_at", 'resolved_by', "resolved_by", 'created_at', "created_at")
FROM "comments";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'segment_reviews', "segment_id", NULL,
  json_object('segment_id', "segment_id", 'state', "state", 'reviewed_by', "reviewed_by", 'reviewed_at', "reviewed_at")
FROM "segment_reviews";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'review_sessions', "id", NULL,
  json_object('id', "id", 'title', "title", 'date', "date", 'closed_at', "closed_at", 'created_by', "created_by", 'created_at', "created_at", 'updated_at', "updated_at")
FROM "review_sessions";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'review_participants', "id", NULL,
  json_object('id', "id", 'session_id', "session_id", 'name', "name", 'organisation', "organisation", 'case_id', "case_id", 'role', "role", 'listing', "listing", 'sort', "sort", 'created_at', "created_at")
FROM "review_participants";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'review_items', "id", NULL,
  json_object('id', "id", 'session_id', "session_id", 'position', "position", 'matrix_id', "matrix_id", 'name_nl', "name_nl", 'name_en', "name_en", 'spec', "spec", 'focus', "focus", 'focus_row', "focus_row", 'focus_col', "focus_col", 'question', "question", 'show_counts', "show_counts", 'show_syntheses', "show_syntheses", 'quotes', "quotes", 'hide_cases', "hide_cases", 'reveal', "reveal", 'notes', "notes", 'created_at', "created_at")
FROM "review_items";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'review_snapshots', "id", NULL,
  json_object('id', "id", 'session_id', "session_id", 'item_id', "item_id", 'taken_at', "taken_at")
FROM "review_snapshots";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'review_remarks', "id", NULL,
  json_object('id', "id", 'session_id', "session_id", 'item_id', "item_id", 'snapshot_id', "snapshot_id", 'n', "n", 'tag', "tag", 'text', "text", 'participant_id', "participant_id", 'cell_row', "cell_row", 'cell_col', "cell_col", 'coordinate', "coordinate", 'shown', "shown", 'created_by', "created_by", 'created_at', "created_at")
FROM "review_remarks";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'review_followups', "id", NULL,
  json_object('id', "id", 'remark_id', "remark_id", 'coordinate', "coordinate", 'state', "state", 'reason', "reason", 'synthesis_seq', "synthesis_seq", 'resolved_by', "resolved_by", 'resolved_at', "resolved_at", 'created_at', "created_at")
FROM "review_followups";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'register_terms', "id", NULL,
  json_object('id', "id", 'kind', "kind", 'replacement', "replacement", 'origin', "origin", 'created_by', "created_by", 'created_at', "created_at", 'updated_at', "updated_at")
FROM "register_terms";
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT 'baseline', (SELECT at FROM baseline_moment), NULL, NULL, 'baseline', 'register_dismissals', "id", NULL,
  json_object('id', "id", 'kind', "kind", 'created_by', "created_by", 'created_at', "created_at")
FROM "register_dismissals";
DROP TABLE baseline_moment;
