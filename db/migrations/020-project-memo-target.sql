-- Notes on the project that a REFI-QDA import of an earlier version stored under the project's
-- uuid, where no one looks: the project's memo is kept under target id '1' (the project row;
-- db/repo/memos.ts PROJECT_MEMO_TARGET). They are moved there. The move is logged as one action
-- with each memo before and after, so history and the activity log see it like any change.
CREATE TEMP TABLE m020_moved AS
SELECT m.*, lower(hex(randomblob(16))) AS group_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at
FROM memos m
WHERE m.target_type = 'project' AND m.target_id <> '1'
  AND m.target_id = (SELECT uuid FROM project WHERE id = 1);
-- One group for all of them.
UPDATE m020_moved SET group_id = (SELECT min(group_id) FROM m020_moved),
  at = (SELECT min(at) FROM m020_moved);
INSERT INTO change_log (group_id, at, coder_id, session_id, action, entity, entity_id, before, after)
SELECT group_id, at, NULL, NULL, 'upgrade.projectMemos', 'memos', id,
  json_object('id', id, 'target_type', target_type, 'target_id', target_id, 'title', title, 'body', body, 'body_text', body_text, 'author_id', author_id, 'created_at', created_at, 'updated_at', updated_at),
  json_object('id', id, 'target_type', target_type, 'target_id', '1', 'title', title, 'body', body, 'body_text', body_text, 'author_id', author_id, 'created_at', created_at, 'updated_at', updated_at)
FROM m020_moved ORDER BY created_at, id;
UPDATE memos SET target_id = '1' WHERE id IN (SELECT id FROM m020_moved);
DROP TABLE m020_moved;
