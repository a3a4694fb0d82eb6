package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"

	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/jobs"
)

// WriteRecipients stores one chunk of a launch's fan-out in one
// transaction: the cursor first (refused when it moved: another instance
// wrote the chunk), then the consent requests, the recipients, their
// first messages, and the batches with their jobs.
func (s *CampaignStore) WriteRecipients(ctx context.Context, w *campaign.FanoutChunk) error {
	c := w.Campaign
	return s.db.InTx(ctx, func(tx *Tx) error {
		if err := moveFanout(ctx, tx, c.ID, 0, w.After, w.Next, w.Last, len(w.Recipients), w.Excluded); err != nil {
			return err
		}
		if len(w.Recipients) == 0 {
			return nil
		}
		reqs, err := insertRequests(ctx, tx, c, w)
		if err != nil {
			return err
		}
		base, err := nextBatch(ctx, tx, c.ID, 0)
		if err != nil {
			return err
		}
		for i := range w.Recipients {
			w.Recipients[i].Batch = base + i/campaign.BatchSize
		}
		if err := insertRecipients(ctx, tx, c.ID, w.Recipients, reqs); err != nil {
			return err
		}
		ids := make([]int64, len(w.Recipients))
		batches := make([]int, len(w.Recipients))
		for i, r := range w.Recipients {
			ids[i], batches[i] = r.ID, r.Batch
		}
		return s.insertSends(ctx, tx, c.ID, 0, ids, batches, w.Job)
	})
}

// moveFanout moves the fan-out cursor of step from after to next, adding
// the chunk's counts; the last chunk closes the step.
func moveFanout(ctx context.Context, tx *Tx, id int64, step int, after, next int64, last bool, targeted int, excluded campaign.Tally) error {
	var stored string
	if err := tx.QueryRow(ctx, `SELECT excluded FROM campaigns WHERE id = ?`, id).Scan(&stored); err != nil {
		return NotFound(err, "campaign.not_found")
	}
	tally := campaign.Tally{}
	if err := json.Unmarshal([]byte(nonEmpty(stored, "{}")), &tally); err != nil {
		return err
	}
	for k, v := range excluded {
		tally[k] += v
	}
	enc, err := json.Marshal(tally)
	if err != nil {
		return err
	}
	stepsOut, cursor := step, next
	if last {
		stepsOut, cursor = step+1, 0
	}
	r, err := tx.Exec(ctx, `UPDATE campaigns SET fanout_after = ?, steps_out = ?, targeted = targeted + ?, excluded = ?, updated_at = ?
		WHERE id = ? AND status = 'running' AND steps_out = ? AND fanout_after = ?`,
		cursor, stepsOut, targeted, string(enc), tx.Now.UnixMilli(), id, step, after)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil || n == 0 {
		return errorsJoin(err, campaign.ErrMoved)
	}
	return nil
}

func errorsJoin(err, other error) error {
	if err != nil {
		return err
	}
	return other
}

// nextBatch is the first unused batch number of a step.
func nextBatch(ctx context.Context, tx *Tx, id int64, step int) (int, error) {
	var n int
	err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(batch) + 1, 0) FROM campaign_batches WHERE campaign_id = ? AND step = ?`, id, step).Scan(&n)
	return n, err
}

// insertRequests writes each recipient's consent request (what
// capture.RequestConfirmation writes, in bulk) and returns their ids by
// contact.
func insertRequests(ctx context.Context, tx *Tx, c *campaign.Campaign, w *campaign.FanoutChunk) (map[int64]int64, error) {
	name, texts, now := strconv.FormatInt(c.ID, 10), joinIDs(c.Texts), tx.Now.UnixMilli()
	rs := w.Recipients
	for _, ch := range chunks(len(rs), 500) {
		args := make([]any, 0, 8*(ch[1]-ch[0]))
		for _, r := range rs[ch[0]:ch[1]] {
			args = append(args, r.ContactID, "repermission", name, c.Purpose, texts, r.Language, now, w.Expires.UnixMilli())
		}
		if _, err := tx.Exec(ctx, `INSERT INTO consent_requests (contact_id, kind, campaign, purposes, texts, language, created_at, expires_at)
			VALUES `+Placeholders(ch[1]-ch[0], 8), args...); err != nil {
			return nil, err
		}
	}
	out := make(map[int64]int64, len(rs))
	for _, ch := range chunks(len(rs), 500) {
		ids := make([]any, 0, ch[1]-ch[0]+1)
		ids = append(ids, name)
		for _, r := range rs[ch[0]:ch[1]] {
			ids = append(ids, r.ContactID)
		}
		rows, err := tx.Query(ctx, `SELECT id, contact_id FROM consent_requests WHERE campaign = ? AND kind = 'repermission'
			AND contact_id IN (`+marks(ch[1]-ch[0])+`)`, ids...)
		err = eachRow(rows, err, func(rows *sql.Rows) error {
			var id, contact int64
			err := rows.Scan(&id, &contact)
			out[contact] = id
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// insertRecipients writes the recipients and sets their ids.
func insertRecipients(ctx context.Context, tx *Tx, id int64, rs []campaign.NewRecipient, reqs map[int64]int64) error {
	for _, ch := range chunks(len(rs), 500) {
		args := make([]any, 0, 7*(ch[1]-ch[0]))
		for _, r := range rs[ch[0]:ch[1]] {
			args = append(args, id, r.ContactID, r.Email, campaign.Domain(r.Email), r.Language, r.Source, reqs[r.ContactID])
		}
		if _, err := tx.Exec(ctx, `INSERT INTO campaign_recipients (campaign_id, contact_id, email, domain, language, source, request_id)
			VALUES `+Placeholders(ch[1]-ch[0], 7), args...); err != nil {
			return err
		}
	}
	byContact := make(map[int64]int64, len(rs))
	for _, ch := range chunks(len(rs), 500) {
		args := []any{id}
		for _, r := range rs[ch[0]:ch[1]] {
			args = append(args, r.ContactID)
		}
		rows, err := tx.Query(ctx, `SELECT id, contact_id FROM campaign_recipients WHERE campaign_id = ? AND contact_id IN (`+marks(ch[1]-ch[0])+`)`, args...)
		err = eachRow(rows, err, func(rows *sql.Rows) error {
			var rid, contact int64
			err := rows.Scan(&rid, &contact)
			byContact[contact] = rid
			return err
		})
		if err != nil {
			return err
		}
	}
	for i := range rs {
		rs[i].ID = byContact[rs[i].ContactID]
	}
	return nil
}

// insertSends writes one message row per recipient for step, and the
// batches with their jobs.
func (s *CampaignStore) insertSends(ctx context.Context, tx *Tx, id int64, step int, recipients []int64, batches []int, job func(step, batch int) jobs.Job) error {
	for _, ch := range chunks(len(recipients), 500) {
		args := make([]any, 0, 5*(ch[1]-ch[0]))
		for i := ch[0]; i < ch[1]; i++ {
			args = append(args, id, recipients[i], step, batches[i], campaign.StatePending)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO campaign_sends (campaign_id, recipient_id, step, batch, state) VALUES `+
			Placeholders(ch[1]-ch[0], 5)+` ON CONFLICT (recipient_id, step) DO NOTHING`, args...); err != nil {
			return err
		}
	}
	seen := map[int]bool{}
	for _, b := range batches {
		if seen[b] {
			continue
		}
		seen[b] = true
		if _, err := tx.Exec(ctx, `INSERT INTO campaign_batches (campaign_id, step, batch, state, queued_at) VALUES (?, ?, ?, 'queued', ?)`,
			id, step, b, tx.Now.UnixMilli()); err != nil {
			return err
		}
		if err := s.enqueue(ctx, tx, job(step, b)); err != nil {
			return err
		}
	}
	return nil
}

// Reminded returns the recipients a reminder goes to: sent the request,
// not confirmed, not bounced nor withdrawn.
func (s *CampaignStore) Reminded(ctx context.Context, id, after int64, limit int) ([]int64, error) {
	var out []int64
	rows, err := s.db.Query(ctx, `SELECT r.id FROM campaign_recipients r
		JOIN campaign_sends s0 ON s0.recipient_id = r.id AND s0.step = 0
		WHERE r.campaign_id = ? AND r.id > ? AND r.confirmed_at IS NULL AND r.outcome = '' AND s0.state = 'sent'
		ORDER BY r.id LIMIT ?`, id, after, limit)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var rid int64
		err := rows.Scan(&rid)
		out = append(out, rid)
		return err
	})
	return out, err
}

// WriteReminders stores one chunk of a reminder's fan-out.
func (s *CampaignStore) WriteReminders(ctx context.Context, w *campaign.ReminderChunk) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		if err := moveFanout(ctx, tx, w.CampaignID, w.Step, w.After, w.Next, w.Last, 0, nil); err != nil {
			return err
		}
		if len(w.Recipients) == 0 {
			return nil
		}
		base, err := nextBatch(ctx, tx, w.CampaignID, w.Step)
		if err != nil {
			return err
		}
		batches := make([]int, len(w.Recipients))
		for i := range batches {
			batches[i] = base + i/campaign.BatchSize
		}
		return s.insertSends(ctx, tx, w.CampaignID, w.Step, w.Recipients, batches, w.Job)
	})
}
