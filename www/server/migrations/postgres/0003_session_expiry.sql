-- Every sign-in deletes the sessions that have expired or gone idle
-- (`expires_ms <= now OR seen_ms <= now - idle`): without these, that
-- delete reads every session, and a flood of sign-ins slows down as the
-- table grows.
CREATE INDEX sessions_by_expiry ON sessions (expires_ms);
CREATE INDEX sessions_by_last_use ON sessions (seen_ms);
