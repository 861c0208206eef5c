-- Undo acts on one coder's own actions in one session (a window, a server run, a CLI call), so
-- one coder's undo never takes back what another coder or process did meanwhile. The change log
-- records the session of every change; entries from before this version have none.
ALTER TABLE change_log ADD COLUMN session_id TEXT;
CREATE INDEX change_log_session ON change_log (session_id, coder_id, seq);
-- The project as it was at a moment: entries by time.
CREATE INDEX change_log_at ON change_log (at, seq);
