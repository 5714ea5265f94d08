-- A session whose stream fell silent without a session_ended event is closed by SessionReaper:
-- ended_at is then its last event's time, end_reason 'silent' and closed_at when it was closed (the
-- platform's clock). A session_ended event leaves end_reason NULL. A silent-closed session that
-- gets events again is reopened (ended_at, end_reason and closed_at back to NULL).
ALTER TABLE live_session ADD COLUMN end_reason VARCHAR(16);
ALTER TABLE live_session ADD COLUMN closed_at TIMESTAMP WITH TIME ZONE;
