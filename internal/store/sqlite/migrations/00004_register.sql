-- +goose Up
-- The registers of issue 6: vendors (Art. 28), the record of processing
-- activities (Art. 30), collection methods, vendor questionnaires and the
-- history of every change. Times are INTEGER Unix milliseconds (UTC).
--
-- Each entry keeps the columns the lists sort and filter on, plus a
-- details column holding the entry as the register package's JSON form
-- (the fields of its Go type). Links between entries are real tables with
-- foreign keys, so the database refuses a dangling link. version counts
-- writes, for optimistic concurrency: an update names the version it read.
-- AUTOINCREMENT keeps SQLite from reusing the ID of a deleted entry, which
-- the history would then mix up with the new one (PostgreSQL identities
-- never reuse).

CREATE TABLE register_organisation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    details    TEXT    NOT NULL DEFAULT '{}',
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL
);

CREATE TABLE register_vendors (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    review_due  INTEGER,
    details     TEXT    NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX register_vendors_name ON register_vendors(name);

-- Sub-processors: vendor_id uses sub_processor_id for our data.
CREATE TABLE register_vendor_links (
    vendor_id        INTEGER NOT NULL REFERENCES register_vendors(id) ON DELETE CASCADE,
    sub_processor_id INTEGER NOT NULL REFERENCES register_vendors(id),
    position         INTEGER NOT NULL,
    PRIMARY KEY (vendor_id, sub_processor_id)
);
CREATE INDEX register_vendor_links_sub ON register_vendor_links(sub_processor_id);

CREATE TABLE register_activities (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ref         TEXT    NOT NULL DEFAULT '',
    name        TEXT    NOT NULL,
    role        TEXT    NOT NULL,           -- controller (Art. 30(1)) or processor (Art. 30(2))
    details     TEXT    NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL
);

-- Every recipient of an activity, in order: internal teams, external
-- bodies, and vendors of the register (vendor_id set).
CREATE TABLE register_activity_recipients (
    activity_id INTEGER NOT NULL REFERENCES register_activities(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    vendor_id   INTEGER REFERENCES register_vendors(id),
    name        TEXT    NOT NULL DEFAULT '',
    detail      TEXT    NOT NULL DEFAULT '',
    country     TEXT    NOT NULL DEFAULT '',
    mechanism   TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (activity_id, position)
);
CREATE INDEX register_activity_recipients_vendor ON register_activity_recipients(vendor_id);

CREATE TABLE register_methods (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    audience    TEXT    NOT NULL,
    legal_basis TEXT    NOT NULL DEFAULT '',
    provider_id INTEGER REFERENCES register_vendors(id),
    details     TEXT    NOT NULL DEFAULT '{}',
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL
);
CREATE INDEX register_methods_provider ON register_methods(provider_id);

CREATE TABLE register_method_activities (
    method_id   INTEGER NOT NULL REFERENCES register_methods(id) ON DELETE CASCADE,
    activity_id INTEGER NOT NULL REFERENCES register_activities(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    PRIMARY KEY (method_id, activity_id)
);
CREATE INDEX register_method_activities_activity ON register_method_activities(activity_id);

-- A questionnaire sent to a vendor. token_hash is the SHA-256 of the
-- link's token; the token itself is never stored.
CREATE TABLE register_questionnaires (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    vendor_id   INTEGER NOT NULL REFERENCES register_vendors(id) ON DELETE CASCADE,
    template    TEXT    NOT NULL,
    lang        TEXT    NOT NULL,
    status      TEXT    NOT NULL,           -- sent, answered, revoked
    token_hash  BLOB    NOT NULL,
    expires_at  INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    created_by  TEXT    NOT NULL DEFAULT '',
    answered_at INTEGER,
    respondent  TEXT    NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX register_questionnaires_token ON register_questionnaires(token_hash);
CREATE INDEX register_questionnaires_vendor ON register_questionnaires(vendor_id, id);

CREATE TABLE register_answers (
    questionnaire_id INTEGER NOT NULL REFERENCES register_questionnaires(id) ON DELETE CASCADE,
    question         TEXT    NOT NULL,
    value            TEXT    NOT NULL,
    position         INTEGER NOT NULL,
    PRIMARY KEY (questionnaire_id, question)
);

-- Who changed what, when: one row per write, in the write's transaction.
-- fields is the field-level diff as JSON ({"name": {"old": …, "new": …}}).
-- It is kept when the entry is deleted: the history outlives it.
CREATE TABLE register_changes (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    actor     TEXT    NOT NULL,
    entity    TEXT    NOT NULL,
    entity_id INTEGER NOT NULL,
    action    TEXT    NOT NULL,
    fields    TEXT    NOT NULL DEFAULT '{}'
);
CREATE INDEX register_changes_entity ON register_changes(entity, entity_id, id);

-- Keys the register signs links with, shared by every instance.
CREATE TABLE register_secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);

-- +goose Down
DROP TABLE register_secrets;
DROP TABLE register_changes;
DROP TABLE register_answers;
DROP TABLE register_questionnaires;
DROP TABLE register_method_activities;
DROP TABLE register_methods;
DROP TABLE register_activity_recipients;
DROP TABLE register_activities;
DROP TABLE register_vendor_links;
DROP TABLE register_vendors;
DROP TABLE register_organisation;
