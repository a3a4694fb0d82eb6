package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/jobs"
)

// plannedWhere selects the purge plan: recipients who never confirmed,
// not kept already, without documented consent for the purpose gained
// another way, and holding no documented consent nor other legal basis for
// another purpose either: erasing the whole contact would destroy data
// lawfully held for that other purpose. Those stay, and "may I send?"
// keeps denying the campaign's purpose to them, since its consent is
// still not documented.
const plannedWhere = `r.campaign_id = ? AND r.confirmed_at IS NULL AND r.purge = ''
	AND NOT EXISTS (SELECT 1 FROM consent_state st WHERE st.contact_id = r.contact_id
		AND (st.status = 'documented' OR (st.status = 'other_basis' AND st.purpose <> ?)))`

// Planned returns the next recipients of the purge plan.
func (s *CampaignStore) Planned(ctx context.Context, id int64, purpose string, after int64, limit int) ([]campaign.PlanRow, error) {
	var out []campaign.PlanRow
	rows, err := s.db.Query(ctx, `SELECT r.id, r.contact_id, r.email, c.email_key, COALESCE(c.variant_key, ''), c.first_name, c.last_name,
			r.language, r.source, r.outcome
		FROM campaign_recipients r JOIN contacts c ON c.id = r.contact_id
		WHERE `+plannedWhere+` AND r.id > ? ORDER BY r.id LIMIT ?`, id, purpose, after, limit)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var p campaign.PlanRow
		err := rows.Scan(&p.RecipientID, &p.ContactID, &p.Email, &p.Key, &p.Variant, &p.FirstName, &p.LastName, &p.Language, &p.Source, &p.Outcome)
		out = append(out, p)
		return err
	})
	return out, err
}

// DryRun counts what the purge would touch, in a transaction it rolls
// back: the erasure runs for real on every chunk, is counted, and undone.
func (s *CampaignStore) DryRun(ctx context.Context, id int64, purpose string) (campaign.PurgeCounts, error) {
	var total campaign.PurgeCounts
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return total, err
	}
	defer tx.Rollback() //nolint:errcheck // a dry run always rolls back
	for {
		rows, err := plannedTx(ctx, tx, id, purpose, campaign.PurgeSize)
		if err != nil || len(rows) == 0 {
			return total, err
		}
		n, err := EraseContacts(ctx, tx, erasees(rows))
		if err != nil {
			return total, err
		}
		c := countsOf(n)
		c.Suppressions = len(rows)
		total.Add(c)
	}
}

// plannedTx reads the plan inside a transaction (the dry run's erasure
// removes each chunk, so the next read starts at the next chunk).
func plannedTx(ctx context.Context, tx *Tx, id int64, purpose string, limit int) ([]campaign.PlanRow, error) {
	var out []campaign.PlanRow
	rows, err := tx.Query(ctx, `SELECT r.id, r.contact_id, r.email, c.email_key FROM campaign_recipients r JOIN contacts c ON c.id = r.contact_id
		WHERE `+plannedWhere+` ORDER BY r.id LIMIT ?`, id, purpose, limit)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var p campaign.PlanRow
		err := rows.Scan(&p.RecipientID, &p.ContactID, &p.Email, &p.Key)
		out = append(out, p)
		return err
	})
	return out, err
}

func erasees(rows []campaign.PlanRow) []Erasee {
	out := make([]Erasee, len(rows))
	for i, r := range rows {
		out[i] = Erasee{ContactID: r.ContactID, Email: r.Email, Key: r.Key}
	}
	return out
}

func countsOf(n EraseCounts) campaign.PurgeCounts {
	return campaign.PurgeCounts{Contacts: n.Contacts, Sources: n.Sources, Events: n.Events, States: n.States, Requests: n.Requests,
		Recipients: n.Recipients, Sends: n.Sends, Rejects: n.Rejects, AuditEntries: n.AuditEntries + n.Sessions}
}

// StartPurge moves an ended campaign to purging.
func (s *CampaignStore) StartPurge(ctx context.Context, id int64, mode, report string, planned int, job jobs.Job) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		r, err := tx.Exec(ctx, `UPDATE campaigns SET status = 'purging', purge_mode = ?, purge_after = 0, report = ?, updated_at = ?
			WHERE id = ? AND status = 'ended'`, mode, report, tx.Now.UnixMilli(), id)
		if err := oneRow(r, err, "campaign.not_ended"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO campaign_purges (campaign_id, mode, actor, started_at, planned) VALUES (?, ?, ?, ?, ?)`,
			id, mode, gdprkit.ActorFrom(ctx).String(), tx.Now.UnixMilli(), planned); err != nil {
			return err
		}
		return s.enqueue(ctx, tx, job)
	})
}

// PurgeChunk applies one chunk of a purge.
func (s *CampaignStore) PurgeChunk(ctx context.Context, p *campaign.PurgeChunk) (campaign.PurgeCounts, error) {
	var total campaign.PurgeCounts
	err := s.db.InTx(ctx, func(tx *Tx) error {
		if err := movePurge(ctx, tx, p); err != nil {
			return err
		}
		rows, hashes, err := stillPlanned(ctx, tx, p)
		if err != nil {
			return err
		}
		if s.db.Dialect.Name() == "sqlite" {
			// Freed pages are overwritten, so the erased rows do not
			// linger in the file.
			if _, err := tx.Exec(ctx, `PRAGMA secure_delete = ON`); err != nil {
				return err
			}
		}
		var c campaign.PurgeCounts
		for _, hs := range hashes {
			if err := addSuppressions(ctx, tx, hs, p.Reason); err != nil {
				return err
			}
		}
		c.Suppressions = len(rows)
		if p.Mode == campaign.PurgeKeep {
			err = keepAsDoNotContact(ctx, tx, rows, p.Now)
			c.Contacts = len(rows)
		} else {
			var n EraseCounts
			n, err = EraseContacts(ctx, tx, erasees(rows))
			sup := c.Suppressions
			c = countsOf(n)
			c.Suppressions = sup
		}
		if err != nil {
			return err
		}
		total, err = addToPurge(ctx, tx, p, len(rows), c)
		return err
	})
	if err == nil && p.Last && s.db.Dialect.Name() == "sqlite" {
		// Empty the WAL of the erased rows' old pages too.
		_, _ = s.db.Write.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	return total, err
}

// movePurge moves the purge cursor, refusing a chunk applied already.
func movePurge(ctx context.Context, tx *Tx, p *campaign.PurgeChunk) error {
	status, purged := string(campaign.Purging), any(nil)
	if p.Last {
		status, purged = string(campaign.Purged), p.Now.UnixMilli()
	}
	r, err := tx.Exec(ctx, `UPDATE campaigns SET purge_after = ?, status = ?, purged_at = COALESCE(?, purged_at), updated_at = ?
		WHERE id = ? AND status = 'purging' AND purge_after = ?`, p.Next, status, purged, tx.Now.UnixMilli(), p.CampaignID, p.After)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil || n == 0 {
		return errorsJoin(err, campaign.ErrMoved)
	}
	return nil
}

// stillPlanned keeps the chunk's rows that still qualify inside the
// transaction: someone who gave documented consent a moment ago is not
// erased.
func stillPlanned(ctx context.Context, tx *Tx, p *campaign.PurgeChunk) ([]campaign.PlanRow, [][][]byte, error) {
	if len(p.Rows) == 0 {
		return nil, nil, nil
	}
	args := []any{p.CampaignID, p.Purpose}
	for _, r := range p.Rows {
		args = append(args, r.RecipientID)
	}
	ok := map[int64]bool{}
	rows, err := tx.Query(ctx, `SELECT r.id FROM campaign_recipients r WHERE `+plannedWhere+` AND r.id IN (`+marks(len(p.Rows))+`)`, args...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var id int64
		err := rows.Scan(&id)
		ok[id] = true
		return err
	})
	var keep []campaign.PlanRow
	var hashes [][][]byte
	for i, r := range p.Rows {
		if ok[r.RecipientID] {
			keep = append(keep, r)
			if i < len(p.Hashes) {
				hashes = append(hashes, p.Hashes[i])
			}
		}
	}
	return keep, hashes, err
}

// keepAsDoNotContact suppresses and keeps: every verdict of the contacts
// becomes withdrawn (reason suppressed), as contacts.Reassess decides for
// a suppressed address, and the plan row is marked kept.
func keepAsDoNotContact(ctx context.Context, tx *Tx, rows []campaign.PlanRow, now time.Time) error {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ContactID
	}
	hs, err := loadHistory(ctx, tx, ids)
	if err != nil {
		return err
	}
	w := verdictWriter{tx: tx}
	for _, id := range ids {
		h := hs[id]
		if h == nil {
			continue
		}
		c, vs := contacts.Reassess(h, now, true)
		if _, err := tx.Exec(ctx, `UPDATE contacts SET status = ?, reasons = ?, consent_at = ?, consent_channel = ?, purposes = ?, updated_at = ? WHERE id = ?`,
			string(c.Status), JoinReasons(c.Reasons), Millis(c.ConsentAt), c.ConsentChannel, nonEmpty(c.Purposes, "[]"), tx.Now.UnixMilli(), id); err != nil {
			return err
		}
		if err := w.add(ctx, id, vs); err != nil {
			return err
		}
	}
	if err := w.flush(ctx); err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := tx.Exec(ctx, `UPDATE campaign_recipients SET purge = 'keep' WHERE id = ?`, r.RecipientID); err != nil {
			return err
		}
	}
	return nil
}

// addToPurge adds a chunk to the purge's record and returns its totals.
func addToPurge(ctx context.Context, tx *Tx, p *campaign.PurgeChunk, done int, c campaign.PurgeCounts) (campaign.PurgeCounts, error) {
	var id int64
	var stored string
	err := tx.QueryRow(ctx, `SELECT id, counts FROM campaign_purges WHERE campaign_id = ? ORDER BY id DESC LIMIT 1`, p.CampaignID).Scan(&id, &stored)
	if err != nil {
		return c, NotFound(err, "campaign.not_found")
	}
	var total campaign.PurgeCounts
	if err := json.Unmarshal([]byte(nonEmpty(stored, "{}")), &total); err != nil {
		return c, err
	}
	total.Add(c)
	enc, err := json.Marshal(total)
	if err != nil {
		return c, err
	}
	finished := any(nil)
	if p.Last {
		finished = tx.Now.UnixMilli()
	}
	_, err = tx.Exec(ctx, `UPDATE campaign_purges SET done = done + ?, counts = ?, finished_at = COALESCE(?, finished_at) WHERE id = ?`,
		done, string(enc), finished, id)
	return total, err
}

// Purges returns a campaign's purge records.
func (s *CampaignStore) Purges(ctx context.Context, id int64) ([]campaign.PurgeRecord, error) {
	var out []campaign.PurgeRecord
	rows, err := s.db.Query(ctx, `SELECT id, mode, actor, started_at, finished_at, planned, done, counts FROM campaign_purges
		WHERE campaign_id = ? ORDER BY id`, id)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var p campaign.PurgeRecord
		var started int64
		var finished sql.NullInt64
		var counts string
		if err := rows.Scan(&p.ID, &p.Mode, &p.Actor, &started, &finished, &p.Planned, &p.Done, &counts); err != nil {
			return err
		}
		p.StartedAt, p.FinishedAt = time.UnixMilli(started).UTC(), Time(finished)
		if err := json.Unmarshal([]byte(nonEmpty(counts, "{}")), &p.Counts); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	return out, err
}
