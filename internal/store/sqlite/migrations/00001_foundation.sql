-- +goose Up
-- Times are INTEGER Unix milliseconds (UTC); JSON is TEXT. Both dialects
-- keep the same columns so one set of portable queries serves both.

CREATE TABLE imports (
    id            INTEGER PRIMARY KEY,
    created_at    INTEGER NOT NULL,
    finished_at   INTEGER,
    actor         TEXT    NOT NULL,
    status        TEXT    NOT NULL,            -- running, done, failed
    options       TEXT    NOT NULL DEFAULT '{}',
    rows_read     INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    contacts_new       INTEGER NOT NULL DEFAULT 0,
    contacts_updated   INTEGER NOT NULL DEFAULT 0,
    contacts_unchanged INTEGER NOT NULL DEFAULT 0,
    events_added  INTEGER NOT NULL DEFAULT 0,
    summary       TEXT    NOT NULL DEFAULT '{}' -- the audit summary of the files, JSON
);

CREATE TABLE import_files (
    id          INTEGER PRIMARY KEY,
    import_id   INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    sha256      TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    format      TEXT    NOT NULL,
    encoding    TEXT    NOT NULL,
    delimiter   TEXT    NOT NULL,
    list        TEXT    NOT NULL DEFAULT '',
    file_status TEXT    NOT NULL DEFAULT '',
    mapping     TEXT    NOT NULL DEFAULT '{}',
    rows_read   INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX import_files_import ON import_files(import_id);
CREATE INDEX import_files_sha256 ON import_files(sha256);

-- Rejected rows are kept so the rejects report can be downloaded again.
-- raw may hold personal data; it is erased with the import.
CREATE TABLE import_rejects (
    id        INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id) ON DELETE CASCADE,
    file_id   INTEGER NOT NULL,
    line      INTEGER NOT NULL,
    col       TEXT    NOT NULL DEFAULT '',
    code      TEXT    NOT NULL,
    detail    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX import_rejects_import ON import_rejects(import_id);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    email_key   TEXT    NOT NULL,               -- normalised key: lower-cased, A-label domain
    email       TEXT    NOT NULL,               -- the address as consented
    variant_key TEXT,                            -- Gmail-style key for likely duplicates; NULL where no provider rule applies
    first_name  TEXT    NOT NULL DEFAULT '',
    last_name   TEXT    NOT NULL DEFAULT '',
    name        TEXT    NOT NULL DEFAULT '',
    language    TEXT    NOT NULL DEFAULT '',
    phone       TEXT    NOT NULL DEFAULT '',
    attributes  TEXT    NOT NULL DEFAULT '{}',
    status      TEXT    NOT NULL,               -- audit status of the primary purpose
    reasons     TEXT    NOT NULL DEFAULT '',    -- reason codes, space separated
    consent_at  INTEGER,
    consent_channel TEXT NOT NULL DEFAULT '',      -- channel of the evidence that decided the status
    purposes    TEXT    NOT NULL DEFAULT '[]',  -- per-purpose assessments, JSON
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX contacts_email_key ON contacts(email_key);
-- (status, id) serves the status filter with keyset pagination and the
-- dashboard's counts without a table scan.
CREATE INDEX contacts_status ON contacts(status, id);
CREATE INDEX contacts_variant ON contacts(variant_key) WHERE variant_key IS NOT NULL;

-- Where each contact came from: one row per distinct file row. row_hash
-- identifies the row's content so re-importing it adds nothing.
-- The import tables carry no foreign keys: a million-row import would pay a
-- lookup per row for them. The one code path that writes them keeps them
-- consistent, and erasure deletes a contact's rows explicitly.
CREATE TABLE contact_sources (
    id          INTEGER PRIMARY KEY,
    contact_id  INTEGER NOT NULL,
    import_id   INTEGER NOT NULL,
    file_id     INTEGER NOT NULL,
    line        INTEGER NOT NULL,
    row_hash    BLOB    NOT NULL,
    added_at    INTEGER,                         -- provider's own dates for the row
    changed_at  INTEGER,
    raw         TEXT                             -- the original row, erasable
);
CREATE INDEX contact_sources_contact ON contact_sources(contact_id);
CREATE INDEX contact_sources_import ON contact_sources(import_id, file_id);

-- The consent ledger. Events are appended, never updated, except that the
-- erasable columns (subject, ip, user_agent, detail, salt) are blanked when
-- a person's data is erased; the hash chain covers a salted commitment to
-- them, so it still verifies afterwards.
CREATE TABLE ledger_blocks (
    id         INTEGER PRIMARY KEY,
    seq        INTEGER UNIQUE,                  -- chain position, set at commit
    created_at INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    import_id  INTEGER,
    events     INTEGER NOT NULL DEFAULT 0,
    digest     BLOB,                            -- running hash of the block's events
    prev_hash  BLOB,
    hash       BLOB
);

CREATE TABLE consent_events (
    id          INTEGER PRIMARY KEY,
    block_id    INTEGER NOT NULL,
    contact_id  INTEGER,                         -- NULL once the contact is erased
    purpose     TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    occurred_at INTEGER,                         -- NULL when the evidence gives no time
    channel     TEXT    NOT NULL DEFAULT '',
    source      TEXT    NOT NULL DEFAULT '',
    legal_basis TEXT    NOT NULL DEFAULT '',
    source_id   INTEGER,                         -- contact_sources row it was read from
    commitment  BLOB    NOT NULL,
    hash        BLOB    NOT NULL,
    subject     TEXT,                            -- erasable: the address as consented
    ip          TEXT,
    user_agent  TEXT,
    detail      TEXT,                            -- erasable: JSON of method, columns, free text
    salt        BLOB
);
CREATE INDEX consent_events_contact ON consent_events(contact_id);
CREATE INDEX consent_events_block ON consent_events(block_id, id);

CREATE TABLE ledger_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    seq       INTEGER NOT NULL,
    hash      BLOB    NOT NULL
);
INSERT INTO ledger_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

-- Who viewed, changed or exported which personal data, when and from where.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    object_type TEXT    NOT NULL,
    object_id   TEXT    NOT NULL DEFAULT '',
    detail      TEXT    NOT NULL DEFAULT '{}',
    remote      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE ledger_head;
DROP TABLE consent_events;
DROP TABLE ledger_blocks;
DROP TABLE contact_sources;
DROP TABLE contacts;
DROP TABLE import_rejects;
DROP TABLE import_files;
DROP TABLE imports;
