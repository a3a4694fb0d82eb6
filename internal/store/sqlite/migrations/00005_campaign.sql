-- +goose Up
-- Re-permission campaigns (docs/campaigns.md): the campaign, its frozen
-- target list (one row per recipient), one row per recipient and step
-- (the initial message, each reminder) that the senders claim, the send
-- batches and their leases, the sending processes, the rate windows shared
-- by every instance, and the aggregate record each purge leaves behind.
-- Times are INTEGER Unix milliseconds (UTC); JSON is TEXT. The PostgreSQL
-- migration of the same number has the same columns.

CREATE TABLE campaigns (
    id           INTEGER PRIMARY KEY,
    uid          TEXT    NOT NULL,              -- random, in Message-IDs
    name         TEXT    NOT NULL,
    kind         TEXT    NOT NULL DEFAULT 'repermission',
    purpose      TEXT    NOT NULL,              -- purpose slug asked for
    status       TEXT    NOT NULL,              -- draft, running, ended, purging, purged
    segment      TEXT    NOT NULL DEFAULT '{}', -- JSON: import, statuses, channel, language
    settings     TEXT    NOT NULL DEFAULT '{}', -- JSON: reminders, deadline, rates, Germany, policy update
    templates    TEXT    NOT NULL DEFAULT '{}', -- JSON: per language sender, subject, text, HTML
    texts        TEXT    NOT NULL DEFAULT '',   -- consent_texts ids frozen at launch, space separated
    created_at   INTEGER NOT NULL,
    created_by   TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL,
    launched_at  INTEGER,
    launched_by  TEXT    NOT NULL DEFAULT '',
    deadline_at  INTEGER,
    ended_at     INTEGER,
    fanout_step  INTEGER NOT NULL DEFAULT 0,    -- step being fanned out (0: the initial message)
    fanout_after INTEGER NOT NULL DEFAULT 0,    -- keyset cursor of that fan-out
    steps_out    INTEGER NOT NULL DEFAULT 0,    -- steps whose fan-out is complete
    targeted     INTEGER NOT NULL DEFAULT 0,
    excluded     TEXT    NOT NULL DEFAULT '{}', -- JSON: contacts left out at launch, by reason
    report       TEXT    NOT NULL DEFAULT '',   -- JSON: the final results, frozen before the purge
    purge_mode   TEXT    NOT NULL DEFAULT '',   -- erase, keep
    purge_after  INTEGER NOT NULL DEFAULT 0,    -- keyset cursor of a running purge (recipient id)
    purged_at    INTEGER
);
CREATE INDEX campaigns_status ON campaigns(status, id);

-- The target list, frozen at launch. email, domain and the request are
-- personal data: the purge deletes the rows of the contacts it erases.
CREATE TABLE campaign_recipients (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL,
    contact_id   INTEGER NOT NULL,
    email        TEXT    NOT NULL,
    domain       TEXT    NOT NULL,
    language     TEXT    NOT NULL,
    source       TEXT    NOT NULL DEFAULT '',   -- provider of the contact's first row, "form"…
    request_id   INTEGER,                       -- consent_requests row its links confirm
    confirmed_at INTEGER,                       -- set by the confirmation, in its transaction
    outcome      TEXT    NOT NULL DEFAULT '',   -- confirmed, bounced, withdrawn, failed
    purge        TEXT    NOT NULL DEFAULT ''    -- the purge plan: erase, keep
);
CREATE UNIQUE INDEX campaign_recipients_contact ON campaign_recipients(campaign_id, contact_id);
CREATE INDEX campaign_recipients_request ON campaign_recipients(request_id);
CREATE INDEX campaign_recipients_contact_id ON campaign_recipients(contact_id);

-- One row per recipient and step. A sender moves a row from pending (or
-- retry) to sending in a committed transaction before it starts the SMTP
-- transaction, with the row's deterministic Message-ID; it records the
-- reply in its next transaction. docs/campaigns.md, "Exactly once".
CREATE TABLE campaign_sends (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL,
    recipient_id INTEGER NOT NULL,
    step         INTEGER NOT NULL,              -- 0: the request; 1, 2…: the reminders
    batch        INTEGER NOT NULL,
    state        TEXT    NOT NULL,              -- pending, sending, sent, retry, bounced, failed, skipped
    owner        TEXT,                          -- the sender holding a sending row
    message_id   TEXT    NOT NULL DEFAULT '',
    attempts     INTEGER NOT NULL DEFAULT 0,
    due_at       INTEGER NOT NULL DEFAULT 0,
    sent_at      INTEGER,
    reply        TEXT    NOT NULL DEFAULT ''    -- SMTP reply or skip reason; may name the address
);
CREATE UNIQUE INDEX campaign_sends_step ON campaign_sends(recipient_id, step);
CREATE INDEX campaign_sends_batch ON campaign_sends(campaign_id, step, batch, id);
CREATE INDEX campaign_sends_owner ON campaign_sends(owner) WHERE owner IS NOT NULL;

-- Send batches (about 500 rows): the unit of a job, leased by one sender.
CREATE TABLE campaign_batches (
    campaign_id INTEGER NOT NULL,
    step        INTEGER NOT NULL,
    batch       INTEGER NOT NULL,
    state       TEXT    NOT NULL,               -- ready, queued, running, done
    owner       TEXT,
    lease_until INTEGER,
    due_at      INTEGER NOT NULL DEFAULT 0,     -- earliest retry of its rows
    queued_at   INTEGER,
    PRIMARY KEY (campaign_id, step, batch)
);
CREATE INDEX campaign_batches_state ON campaign_batches(state, due_at);

-- Processes sending right now, so that another can tell a dead one from a
-- slow one: a heartbeat, and where it runs.
CREATE TABLE campaign_senders (
    owner        TEXT    PRIMARY KEY,
    host         TEXT    NOT NULL,
    pid          INTEGER NOT NULL,
    started      TEXT    NOT NULL,              -- the process's start time as the OS knows it
    heartbeat_at INTEGER NOT NULL
);

-- Sending rates shared by every instance: messages per window, per bucket
-- (the global rate, or a keyed hash of a recipient domain).
CREATE TABLE campaign_rates (
    bucket       BLOB    NOT NULL,
    window_start INTEGER NOT NULL,
    used         INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
) WITHOUT ROWID;

-- What each purge did, in numbers only: the accountability record that
-- remains once the personal data is gone.
CREATE TABLE campaign_purges (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL,
    mode         TEXT    NOT NULL,              -- erase, keep
    actor        TEXT    NOT NULL,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER,
    planned      INTEGER NOT NULL DEFAULT 0,
    done         INTEGER NOT NULL DEFAULT 0,
    counts       TEXT    NOT NULL DEFAULT '{}'  -- JSON: rows erased per table
);
CREATE INDEX campaign_purges_campaign ON campaign_purges(campaign_id);

-- +goose Down
DROP TABLE campaign_purges;
DROP TABLE campaign_rates;
DROP TABLE campaign_senders;
DROP TABLE campaign_batches;
DROP TABLE campaign_sends;
DROP TABLE campaign_recipients;
DROP TABLE campaigns;
