-- +goose Up
-- The web application: accounts, sessions, API tokens, settings, the
-- dashboard's checklists, first-run setup links, login throttling, uploads
-- imported from the browser, and the indexes the contact list pages need.
-- Times are INTEGER Unix milliseconds (UTC); JSON is TEXT. The PostgreSQL
-- migration of the same number has the same columns.

CREATE TABLE users (
    id           INTEGER PRIMARY KEY,
    email        TEXT    NOT NULL,              -- login, lower-cased
    name         TEXT    NOT NULL DEFAULT '',
    role         TEXT    NOT NULL,              -- admin, dpo, marketer, viewer
    password     TEXT    NOT NULL DEFAULT '',   -- argon2id PHC string; empty: cannot log in yet
    language     TEXT    NOT NULL DEFAULT '',   -- preferred language; empty: the browser's
    disabled     INTEGER NOT NULL DEFAULT 0,
    -- session_epoch is stored in every session of the user; bumping it
    -- (password reset, disable, role change) ends those sessions at once,
    -- on every instance.
    session_epoch INTEGER NOT NULL DEFAULT 1,
    failed_logins INTEGER NOT NULL DEFAULT 0,   -- consecutive failures, mirrored from login_throttle
    locked_until  INTEGER,
    last_login_at INTEGER,
    password_changed_at INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email ON users(email);

-- Server-side sessions for scs. The token is kept only as its SHA-256, so
-- a copy of the database does not hold live session cookies.
CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    data       BLOB    NOT NULL,
    expiry     INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expiry);

-- Personal API tokens, stored hashed; role is at most the owner's role.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,              -- first characters, so people tell tokens apart
    token_hash   TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    expires_at   INTEGER,
    revoked_at   INTEGER
);
CREATE UNIQUE INDEX api_tokens_hash ON api_tokens(token_hash);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Organisation settings as key/value pairs: identity, DPO contact,
-- default language, time zone.
CREATE TABLE settings (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT    NOT NULL
);

-- Ticked items of the action plan's checklists, with who and when.
CREATE TABLE checklist (
    action       TEXT    NOT NULL,
    item         TEXT    NOT NULL,
    done_at      INTEGER NOT NULL,
    done_by      TEXT    NOT NULL,              -- actor, "user:12"
    done_by_name TEXT    NOT NULL DEFAULT '',   -- the name at the time, kept if the user goes
    PRIMARY KEY (action, item)
);

-- One-time links: the first administrator's setup, invitations and
-- password resets. Only the token's SHA-256 is stored.
CREATE TABLE setup_tokens (
    token_hash TEXT    PRIMARY KEY,
    purpose    TEXT    NOT NULL,                -- first_admin, invite, reset
    user_id    INTEGER REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
);

-- Failed logins per account (key "acct:" + SHA-256 of the address, for
-- unknown addresses too, so answers do not reveal which accounts exist)
-- and per client address ("ip:…"). In the database so that several
-- instances agree.
CREATE TABLE login_throttle (
    key          TEXT    PRIMARY KEY,
    failures     INTEGER NOT NULL,
    window_start INTEGER NOT NULL,
    locked_until INTEGER
);

-- Files uploaded from the browser, from upload to the end of their import
-- job. Progress is written here so that every instance can show it.
CREATE TABLE uploads (
    id          INTEGER PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    created_by  TEXT    NOT NULL,               -- actor
    status      TEXT    NOT NULL,               -- uploaded, queued, running, done, failed
    dir         TEXT    NOT NULL,               -- folder under the data directory; removed when done
    files       TEXT    NOT NULL DEFAULT '[]',  -- JSON: name, size
    options     TEXT    NOT NULL DEFAULT '{}',  -- JSON: format, mapping, timezone
    import_id   INTEGER,
    stage       TEXT    NOT NULL DEFAULT '',
    done        INTEGER NOT NULL DEFAULT 0,
    total       INTEGER NOT NULL DEFAULT 0,
    error_key   TEXT    NOT NULL DEFAULT '',
    error_args  TEXT    NOT NULL DEFAULT '{}',
    started_at  INTEGER,
    finished_at INTEGER,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX uploads_status ON uploads(status, id);

-- Contact list filters, each served by an index in id order so a page is
-- a short range scan at any size (keyset pagination, newest first).
CREATE INDEX contacts_channel ON contacts(consent_channel, id);
-- One partial index per purpose the readers name. Queries repeat the
-- exact predicate so the planner can use them.
CREATE INDEX contacts_purpose_email ON contacts(id) WHERE purposes LIKE '%"purpose":"email_marketing"%';
CREATE INDEX contacts_purpose_sms ON contacts(id) WHERE purposes LIKE '%"purpose":"sms_marketing"%';
CREATE INDEX contacts_purpose_post ON contacts(id) WHERE purposes LIKE '%"purpose":"direct_mail"%';
CREATE INDEX contacts_purpose_ads ON contacts(id) WHERE purposes LIKE '%"purpose":"online_advertising"%';
-- Name search: prefixes of names folded to lower case without accents
-- (gdprkit_fold is registered by the sqlite package on every connection).
CREATE INDEX contacts_last_name ON contacts(gdprkit_fold(last_name), id) WHERE last_name <> '';
CREATE INDEX contacts_first_name ON contacts(gdprkit_fold(first_name), id) WHERE first_name <> '';
-- The import filter walks an import's sources in contact order.
CREATE INDEX contact_sources_import_contact ON contact_sources(import_id, contact_id);
-- The audit trail is filtered by actor and by action.
CREATE INDEX audit_log_actor ON audit_log(actor, id);
CREATE INDEX audit_log_action ON audit_log(action, id);

-- +goose Down
DROP INDEX audit_log_action;
DROP INDEX audit_log_actor;
DROP INDEX contact_sources_import_contact;
DROP INDEX contacts_first_name;
DROP INDEX contacts_last_name;
DROP INDEX contacts_purpose_ads;
DROP INDEX contacts_purpose_post;
DROP INDEX contacts_purpose_sms;
DROP INDEX contacts_purpose_email;
DROP INDEX contacts_channel;
DROP TABLE uploads;
DROP TABLE login_throttle;
DROP TABLE setup_tokens;
DROP TABLE checklist;
DROP TABLE settings;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE users;
