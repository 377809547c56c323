-- The reference server's tables on SQLite (migrations/postgres holds the
-- same tables in PostgreSQL's words). Applied once by sqlx's migrator; SQLite's
-- own locking serialises processes that start together.

-- An account: its chat ids are handed out from `next_chat`, one by one, in
-- the transaction that inserts the chat.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    next_chat BIGINT NOT NULL DEFAULT 1
);

-- Every version of every account's policy (who saved it, when, the document).
CREATE TABLE policy_versions (
    account TEXT NOT NULL REFERENCES accounts (id),
    version BIGINT NOT NULL,
    author TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    document TEXT NOT NULL,
    PRIMARY KEY (account, version)
);

-- A chat and what lists show of it (kept by the statements that add messages).
-- Flags are 0/1 integers on both databases: one set of queries (sqlx Any).
CREATE TABLE chats (
    account TEXT NOT NULL REFERENCES accounts (id),
    id BIGINT NOT NULL,
    number TEXT NOT NULL,
    customer TEXT NOT NULL,
    assignee TEXT,
    resolved INTEGER NOT NULL DEFAULT 0,
    blocked INTEGER NOT NULL DEFAULT 0,
    last_ms BIGINT NOT NULL,
    message_count BIGINT NOT NULL DEFAULT 0,
    last_message TEXT,
    PRIMARY KEY (account, id)
);
-- The inbox, newest activity first; and the same per assignee (a tab).
CREATE INDEX chats_by_activity ON chats (account, number, last_ms DESC, id DESC);
CREATE INDEX chats_by_assignee ON chats (account, number, assignee, last_ms DESC, id DESC);

-- Messages: a reply inserts a row.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    chat BIGINT NOT NULL,
    author TEXT,
    body TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    FOREIGN KEY (account, chat) REFERENCES chats (account, id) ON DELETE CASCADE
);
CREATE INDEX messages_by_chat ON messages (account, chat, id DESC);

-- The activity log (S003.3); its order is the database's.
CREATE TABLE activity (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    at_ms BIGINT NOT NULL,
    member TEXT NOT NULL,
    action TEXT NOT NULL,
    number TEXT,
    chat BIGINT,
    code TEXT NOT NULL,
    allowed INTEGER NOT NULL,
    version BIGINT NOT NULL,
    detail TEXT
);
CREATE INDEX activity_by_account ON activity (account, seq DESC);

-- Sessions: the SHA-256 of a random token (the cookie holds the token).
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    member TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    seen_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
);
CREATE INDEX sessions_by_member ON sessions (account, member);
