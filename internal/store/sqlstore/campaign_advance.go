package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/jobs"
)

// Advance records a sender's last outcome and claims its next row, in one
// transaction: the claim commits before the SMTP transaction starts
// (campaign/sender.go).
func (s *CampaignStore) Advance(ctx context.Context, a *campaign.Advance) (campaign.AdvanceResult, error) {
	var res campaign.AdvanceResult
	err := s.db.InTx(ctx, func(tx *Tx) error {
		res = campaign.AdvanceResult{}
		if a.Done != nil {
			if err := recordOutcome(ctx, tx, a.Owner, a.Done); err != nil {
				return err
			}
		}
		if a.Claim == nil {
			return nil
		}
		switch err := renewLease(ctx, tx, a); {
		case errors.Is(err, errLeaseLost):
			res.LeaseLost = true
			return nil // the outcome above still commits
		case err != nil:
			return err
		}
		wait, err := takeRates(ctx, tx, a.Claim)
		if err != nil || !wait.IsZero() {
			res.Wait = wait
			return err
		}
		r, err := tx.Exec(ctx, `UPDATE campaign_sends SET state = 'sending', owner = ?, message_id = ?, attempts = attempts + 1
			WHERE id = ? AND state IN ('pending', 'retry')`, a.Owner, a.Claim.MessageID, a.Claim.SendID)
		if err != nil {
			return err
		}
		n, err := r.RowsAffected()
		res.Claimed = n == 1
		return err
	})
	return res, err
}

// recordOutcome stores what became of a message the sender holds.
func recordOutcome(ctx context.Context, tx *Tx, owner string, o *campaign.Outcome) error {
	v := o.Verdict
	if _, err := tx.Exec(ctx, `UPDATE campaign_sends SET state = ?, reply = ?, sent_at = ?, due_at = ?, owner = NULL
		WHERE id = ? AND owner = ? AND state = 'sending'`, v.State, o.Reply, o.SentAt.UnixMilli(), v.DueAt.UnixMilli(), o.SendID, owner); err != nil {
		return err
	}
	switch v.State {
	case campaign.StateSent:
		return markRequestSent(ctx, tx, o.RequestID, o.MessageID, o.SentAt)
	case campaign.StateBounced:
		_, err := tx.Exec(ctx, `UPDATE campaign_recipients SET outcome = 'bounced' WHERE id = ? AND outcome IN ('', 'failed')`, o.RecipientID)
		return err
	case campaign.StateFailed:
		_, err := tx.Exec(ctx, `UPDATE campaign_recipients SET outcome = 'failed' WHERE id = ? AND outcome = ''`, o.RecipientID)
		return err
	}
	return nil
}

// renewLease extends the sender's lease of its batch; errLeaseLost when
// the batch or the sender's registration is no longer its own (another
// instance took it for dead).
func renewLease(ctx context.Context, tx *Tx, a *campaign.Advance) error {
	var one int
	err := tx.QueryRow(ctx, `SELECT 1 FROM campaign_senders WHERE owner = ?`, a.Owner).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return errLeaseLost
	}
	if err != nil {
		return err
	}
	r, err := tx.Exec(ctx, `UPDATE campaign_batches SET lease_until = ? WHERE campaign_id = ? AND step = ? AND batch = ? AND owner = ? AND state = 'running'`,
		a.LeaseUntil.UnixMilli(), a.Batch.CampaignID, a.Batch.Step, a.Batch.Batch, a.Owner)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil || n == 0 {
		return errorsJoin(err, errLeaseLost)
	}
	return nil
}

// takeRates takes one message from each bucket's current window, in the
// rows every instance shares. When one is full it gives back what it took
// and returns when that window ends.
func takeRates(ctx context.Context, tx *Tx, c *campaign.Claim) (time.Time, error) {
	var taken []campaign.Bucket
	for _, b := range c.Buckets {
		start := b.WindowStart(c.Now).UnixMilli()
		var used int
		err := tx.QueryRow(ctx, `INSERT INTO campaign_rates (bucket, window_start, used) VALUES (?, ?, 1)
			ON CONFLICT (bucket, window_start) DO UPDATE SET used = campaign_rates.used + 1 WHERE campaign_rates.used < ?
			RETURNING used`, b.Key, start, b.Limit).Scan(&used)
		if errors.Is(err, sql.ErrNoRows) {
			for _, t := range taken {
				if _, err := tx.Exec(ctx, `UPDATE campaign_rates SET used = used - 1 WHERE bucket = ? AND window_start = ?`,
					t.Key, t.WindowStart(c.Now).UnixMilli()); err != nil {
					return time.Time{}, err
				}
			}
			_, wait := campaign.Allow(b, b.Limit, c.Now)
			return wait, nil
		}
		if err != nil {
			return time.Time{}, err
		}
		taken = append(taken, b)
	}
	return time.Time{}, nil
}

// ReleaseBatch ends a sender's lease.
func (s *CampaignStore) ReleaseBatch(ctx context.Context, b campaign.BatchKey, owner string, notBefore time.Time) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		var pending int
		var retry sql.NullInt64
		err := tx.QueryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END), 0), MIN(CASE WHEN state = 'retry' THEN due_at END)
			FROM campaign_sends WHERE campaign_id = ? AND step = ? AND batch = ?`, b.CampaignID, b.Step, b.Batch).Scan(&pending, &retry)
		if err != nil {
			return err
		}
		state, due := "done", int64(0)
		switch {
		case pending > 0:
			state, due = "ready", notBefore.UnixMilli()
		case retry.Valid:
			state, due = "ready", max(retry.Int64, notBefore.UnixMilli())
		}
		if due < 0 {
			due = 0
		}
		_, err = tx.Exec(ctx, `UPDATE campaign_batches SET state = ?, due_at = ?, owner = NULL, lease_until = NULL
			WHERE campaign_id = ? AND step = ? AND batch = ? AND owner = ?`, state, due, b.CampaignID, b.Step, b.Batch, owner)
		return err
	})
}

// QueueBatches enqueues the batches due.
func (s *CampaignStore) QueueBatches(ctx context.Context, now, staleBefore time.Time, limit int, job func(campaign.BatchKey) jobs.Job) (int, error) {
	n := 0
	err := s.db.InTx(ctx, func(tx *Tx) error {
		n = 0
		var due []campaign.BatchKey
		rows, err := tx.Query(ctx, `SELECT b.campaign_id, b.step, b.batch FROM campaign_batches b JOIN campaigns c ON c.id = b.campaign_id
			WHERE c.status = 'running' AND ((b.state = 'ready' AND b.due_at <= ?) OR (b.state = 'running' AND b.lease_until < ?)
				OR (b.state = 'queued' AND b.queued_at < ?))
			ORDER BY b.campaign_id, b.step, b.batch LIMIT ?`, now.UnixMilli(), now.UnixMilli(), staleBefore.UnixMilli(), limit)
		err = eachRow(rows, err, func(rows *sql.Rows) error {
			var k campaign.BatchKey
			err := rows.Scan(&k.CampaignID, &k.Step, &k.Batch)
			due = append(due, k)
			return err
		})
		if err != nil {
			return err
		}
		for _, k := range due {
			if _, err := tx.Exec(ctx, `UPDATE campaign_batches SET state = 'queued', queued_at = ?, owner = NULL, lease_until = NULL
				WHERE campaign_id = ? AND step = ? AND batch = ?`, now.UnixMilli(), k.CampaignID, k.Step, k.Batch); err != nil {
				return err
			}
			if err := s.enqueue(ctx, tx, job(k)); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// PruneRates deletes past rate windows.
func (s *CampaignStore) PruneRates(ctx context.Context, before time.Time) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM campaign_rates WHERE window_start < ?`, before.UnixMilli())
		return err
	})
}
