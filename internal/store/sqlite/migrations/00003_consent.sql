-- +goose Up
-- Consent capture, double opt-in, the suppression list, "may I send?" and
-- signed ledger checkpoints. Times are INTEGER Unix milliseconds (UTC).
-- The PostgreSQL migration of the same number has the same columns.

-- The purposes a contact can consent to. Labels are content the DPO edits,
-- in both languages; dpv and kantara name the purpose in the export
-- vocabularies; channel says which addresses an e-mail unsubscribe reaches.
CREATE TABLE purposes (
    id             INTEGER PRIMARY KEY,
    slug           TEXT    NOT NULL,            -- stored in consent_events.purpose
    label_en       TEXT    NOT NULL,
    label_fr       TEXT    NOT NULL,
    description_en TEXT    NOT NULL DEFAULT '',
    description_fr TEXT    NOT NULL DEFAULT '',
    channel        TEXT    NOT NULL DEFAULT 'email', -- email, sms, post, web
    dpv            TEXT    NOT NULL DEFAULT 'dpv:DirectMarketing',
    kantara        TEXT    NOT NULL DEFAULT '6 - Marketing',
    third_party    INTEGER NOT NULL DEFAULT 0,  -- data shared with partners
    archived_at    INTEGER,
    created_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX purposes_slug ON purposes(slug);
INSERT INTO purposes (slug, label_en, label_fr, description_en, description_fr, channel, dpv, kantara, third_party, created_at) VALUES
 ('email_marketing', 'Newsletter and offers by e-mail', 'Lettre d''information et offres par e-mail',
  'News and offers from us, by e-mail.', 'Nos actualités et nos offres, par e-mail.', 'email', 'dpv:DirectMarketing', '6 - Marketing', 0, 0),
 ('partner_offers', 'Offers from our partners', 'Offres de nos partenaires',
  'Offers from partners we select, sent by us by e-mail.', 'Des offres de partenaires que nous sélectionnons, envoyées par nous par e-mail.', 'email', 'dpv:DirectMarketing', '7 - MarketingThirdParties', 1, 0),
 ('profiling', 'Personalised content (profiling)', 'Contenus personnalisés (profilage)',
  'Messages adapted to your interests, from how you read our e-mails and use our site.', 'Des messages adaptés à vos centres d''intérêt, d''après votre lecture de nos e-mails et votre usage de notre site.', 'email', 'dpv:PersonalisedAdvertising', '5 - PersonalizedExperience', 0, 0),
 ('sms_marketing', 'Offers by SMS', 'Offres par SMS',
  'News and offers from us, by text message.', 'Nos actualités et nos offres, par SMS.', 'sms', 'dpv:DirectMarketing', '6 - Marketing', 0, 0);

-- Consent texts: exactly what a person was shown, per language, versioned.
-- Once first_used_at is set (a consent was recorded with it) a version is
-- immutable; the store refuses to change it and the triggers below stop a
-- direct UPDATE or DELETE too.
CREATE TABLE consent_texts (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,             -- the family: "newsletter-form"
    version       INTEGER NOT NULL,
    language      TEXT    NOT NULL,
    format        TEXT    NOT NULL,             -- text or html
    body          TEXT    NOT NULL,
    sha256        TEXT    NOT NULL,             -- hex SHA-256 of body's UTF-8 bytes
    created_at    INTEGER NOT NULL,
    first_used_at INTEGER
);
CREATE UNIQUE INDEX consent_texts_version ON consent_texts(name, language, version);
-- +goose StatementBegin
CREATE TRIGGER consent_texts_immutable BEFORE UPDATE OF name, version, language, format, body, sha256 ON consent_texts
WHEN OLD.first_used_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'consent text in use: create a new version');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER consent_texts_kept BEFORE DELETE ON consent_texts
WHEN OLD.first_used_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'consent text in use: it is kept as proof');
END;
-- +goose StatementEnd

-- Sign-up forms: a hosted page or the JSON API of one list.
CREATE TABLE forms (
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL,             -- in the form's URL
    name          TEXT    NOT NULL,
    list          TEXT    NOT NULL DEFAULT '',
    double_optin  INTEGER NOT NULL DEFAULT 1,
    language      TEXT    NOT NULL DEFAULT 'en', -- default language of the page and e-mail
    success_url   TEXT    NOT NULL DEFAULT '',  -- after submitting
    confirmed_url TEXT    NOT NULL DEFAULT '',  -- after confirming
    archived_at   INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX forms_slug ON forms(slug);

-- The purposes a form offers, one unticked box each, in order.
CREATE TABLE form_purposes (
    form_id    INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
    purpose_id INTEGER NOT NULL REFERENCES purposes(id),
    position   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (form_id, purpose_id)
);

-- The text versions a form shows per language: purpose_id 0 is the
-- notice under the form, another is the label of that purpose's box.
CREATE TABLE form_texts (
    form_id    INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
    language   TEXT    NOT NULL,
    purpose_id INTEGER NOT NULL DEFAULT 0,
    text_id    INTEGER NOT NULL REFERENCES consent_texts(id),
    PRIMARY KEY (form_id, language, purpose_id)
);

-- Confirmations gdprkit asked for: a double opt-in after a sign-up, a
-- re-permission request. The e-mailed token names the row; the
-- confirmation event copies its form, texts and campaign.
CREATE TABLE consent_requests (
    id           INTEGER PRIMARY KEY,
    contact_id   INTEGER NOT NULL,
    kind         TEXT    NOT NULL,              -- doi, repermission
    form_id      INTEGER,
    campaign     TEXT    NOT NULL DEFAULT '',
    purposes     TEXT    NOT NULL,              -- purpose slugs, space separated
    texts        TEXT    NOT NULL DEFAULT '',   -- consent_texts ids shown, space separated
    block_id     INTEGER,                       -- ledger block of the sign-up it confirms
    language     TEXT    NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    message_id   TEXT    NOT NULL DEFAULT '',   -- of the e-mail that carried the link
    sent_at      INTEGER,
    confirmed_at INTEGER
);
CREATE INDEX consent_requests_contact ON consent_requests(contact_id);

-- Keys that sign links (confirmation, preferences, unsubscribe). The key
-- is stored encrypted with a key derived from the instance secret, which
-- is not in the database: a copy of the database cannot forge links.
CREATE TABLE token_keys (
    id         INTEGER PRIMARY KEY,             -- the key id inside tokens
    created_at INTEGER NOT NULL,
    retired_at INTEGER,                         -- stops signing; verifies until its tokens expire
    wrapped    BLOB    NOT NULL
);

-- Single-use tokens already spent: replaying one is refused.
CREATE TABLE used_tokens (
    nonce      BLOB    PRIMARY KEY,
    used_at    INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX used_tokens_expires ON used_tokens(expires_at);

-- The suppression list: a keyed hash (HMAC-SHA256 with a key derived from
-- the instance secret) of an address's match key and of its provider
-- variant, and nothing else about the person.
CREATE TABLE suppressions (
    hash       BLOB    PRIMARY KEY,
    reason     TEXT    NOT NULL,                -- withdrawn, complaint, bounced, erased, purged, manual
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- Signed checkpoints of the ledger (docs/ledger.md).
CREATE TABLE ledger_checkpoints (
    id         INTEGER PRIMARY KEY,             -- N in the signed bytes: 1, 2, 3…
    seq        INTEGER NOT NULL,
    hash       BLOB    NOT NULL,
    events     INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    key_id     TEXT    NOT NULL,
    signature  BLOB    NOT NULL
);
CREATE INDEX ledger_checkpoints_seq ON ledger_checkpoints(seq);

-- Public keys that signed checkpoints, for proof documents. Verification
-- trusts only keys given to it (the key file, --public-key), never these.
CREATE TABLE ledger_keys (
    key_id     TEXT    PRIMARY KEY,
    public_key BLOB    NOT NULL,
    created_at INTEGER NOT NULL
);

-- Fingerprints of the secrets this database was set up with, so an
-- instance started with other keys stops instead of writing hashes no
-- other instance can match.
CREATE TABLE key_checks (
    name       TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

-- Fixed-window request counters shared by every instance. bucket is a
-- keyed hash of what is limited (an IP is personal data).
CREATE TABLE rate_limits (
    bucket       BLOB    NOT NULL,
    window_start INTEGER NOT NULL,
    hits         INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
) WITHOUT ROWID;
CREATE INDEX rate_limits_window ON rate_limits(window_start);

-- The current verdict per contact and purpose, written in the same
-- transaction as the events that decide it, so "may I send?" is one
-- indexed lookup. status and reasons are the audit rules' (contacts
-- package); event_id is the deciding event.
CREATE TABLE consent_state (
    contact_id INTEGER NOT NULL,
    purpose    TEXT    NOT NULL,
    status     TEXT    NOT NULL,
    reasons    TEXT    NOT NULL DEFAULT '',
    event_id   INTEGER,
    consent_at INTEGER,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (contact_id, purpose)
) WITHOUT ROWID;

-- Contacts imported before this migration: their verdicts, from the
-- per-purpose assessments stored with them. Their deciding event is filled
-- when an import or a consent next touches the contact.
INSERT OR IGNORE INTO consent_state (contact_id, purpose, status, reasons, event_id, consent_at, updated_at)
SELECT c.id, json_extract(p.value, '$.purpose'), json_extract(p.value, '$.status'),
       COALESCE((SELECT group_concat(r.value, ' ') FROM json_each(p.value, '$.reasons') r), ''), NULL,
       CAST(unixepoch(json_extract(p.value, '$.consent_at')) AS INTEGER) * 1000, c.updated_at
FROM contacts c, json_each(c.purposes) p
WHERE json_valid(c.purposes);

-- +goose Down
DROP TABLE consent_state;
DROP TABLE rate_limits;
DROP TABLE key_checks;
DROP TABLE ledger_keys;
DROP TABLE ledger_checkpoints;
DROP TABLE suppressions;
DROP TABLE used_tokens;
DROP TABLE token_keys;
DROP TABLE consent_requests;
DROP TABLE form_texts;
DROP TABLE form_purposes;
DROP TABLE forms;
DROP TABLE consent_texts;
DROP TABLE purposes;
