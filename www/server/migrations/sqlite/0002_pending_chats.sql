-- The Pending tab (chats assigned to nobody), newest activity first: a
-- partial index, because `assignee IS NULL` does not let the planner read
-- chats_by_assignee in order (PostgreSQL sorted 180,000 pending chats for a
-- 50-row page without statistics; the scale run found it).
CREATE INDEX chats_pending ON chats (account, number, last_ms DESC, id DESC) WHERE assignee IS NULL;
