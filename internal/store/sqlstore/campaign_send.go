package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/gdprkit/gdprkit/internal/campaign"
)

// RegisterSender records a sending process.
func (s *CampaignStore) RegisterSender(ctx context.Context, sn *campaign.SenderInfo) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO campaign_senders (owner, host, pid, started, heartbeat_at) VALUES (?, ?, ?, ?, ?)`,
			sn.Owner, sn.Host, sn.PID, sn.Started, sn.Heartbeat.UnixMilli())
		return err
	})
}

// Heartbeat says a sender lives; false when it is registered no more.
func (s *CampaignStore) Heartbeat(ctx context.Context, owner string, now time.Time) (bool, error) {
	var alive bool
	err := s.db.InTx(ctx, func(tx *Tx) error {
		r, err := tx.Exec(ctx, `UPDATE campaign_senders SET heartbeat_at = ? WHERE owner = ?`, now.UnixMilli(), owner)
		if err != nil {
			return err
		}
		n, err := r.RowsAffected()
		alive = n == 1
		return err
	})
	return alive, err
}

// Senders returns the registered senders, and the owners of rows in state
// sending that no registered sender holds (their heartbeat is zero).
func (s *CampaignStore) Senders(ctx context.Context) ([]campaign.SenderInfo, error) {
	var out []campaign.SenderInfo
	rows, err := s.db.Query(ctx, `SELECT owner, host, pid, started, heartbeat_at FROM campaign_senders
		UNION ALL SELECT DISTINCT owner, '', 0, '', 0 FROM campaign_sends
		WHERE state = 'sending' AND owner IS NOT NULL AND owner NOT IN (SELECT owner FROM campaign_senders)`)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var sn campaign.SenderInfo
		var beat int64
		err := rows.Scan(&sn.Owner, &sn.Host, &sn.PID, &sn.Started, &beat)
		sn.Heartbeat = time.UnixMilli(beat).UTC()
		out = append(out, sn)
		return err
	})
	return out, err
}

// ResolveSender settles a dead sender's rows and batches.
func (s *CampaignStore) ResolveSender(ctx context.Context, owner string, handedOver map[int64]int) (campaign.Resolved, error) {
	var res campaign.Resolved
	err := s.db.InTx(ctx, func(tx *Tx) error {
		res = campaign.Resolved{}
		var rows []sendingRow
		q, err := tx.Query(ctx, `SELECT s.id, s.campaign_id, s.step, s.batch, s.attempts, s.message_id, COALESCE(r.request_id, 0)
			FROM campaign_sends s JOIN campaign_recipients r ON r.id = s.recipient_id WHERE s.owner = ? AND s.state = 'sending'`, owner)
		err = eachRow(q, err, func(q *sql.Rows) error {
			var r sendingRow
			err := q.Scan(&r.id, &r.campaign, &r.step, &r.batch, &r.attempts, &r.messageID, &r.request)
			rows = append(rows, r)
			return err
		})
		if err != nil {
			return err
		}
		for _, r := range rows {
			gone := handedOver[r.id] == r.attempts
			if err := settle(ctx, tx, r, gone); err != nil {
				return err
			}
			if gone {
				res.Delivered++
			} else {
				res.Resent++
			}
		}
		n, err := tx.Exec(ctx, `UPDATE campaign_batches SET state = 'ready', owner = NULL, lease_until = NULL, due_at = 0 WHERE owner = ?`, owner)
		if err != nil {
			return err
		}
		k, _ := n.RowsAffected()
		res.Batches = int(k)
		_, err = tx.Exec(ctx, `DELETE FROM campaign_senders WHERE owner = ?`, owner)
		return err
	})
	return res, err
}

type sendingRow struct {
	id, campaign, request int64
	step, batch, attempts int
	messageID             string
}

// settle resolves one row a dead sender left in state sending.
func settle(ctx context.Context, tx *Tx, r sendingRow, handedOver bool) error {
	if handedOver {
		if _, err := tx.Exec(ctx, `UPDATE campaign_sends SET state = 'sent', owner = NULL, sent_at = ?,
			reply = 'dot 0 handed over; the sender stopped before reading the reply' WHERE id = ?`, tx.Now.UnixMilli(), r.id); err != nil {
			return err
		}
		return markRequestSent(ctx, tx, r.request, r.messageID, tx.Now)
	}
	if _, err := tx.Exec(ctx, `UPDATE campaign_sends SET state = 'pending', owner = NULL WHERE id = ?`, r.id); err != nil {
		return err
	}
	// Its batch may be done already (the sender finished the others).
	_, err := tx.Exec(ctx, `UPDATE campaign_batches SET state = 'ready', due_at = 0 WHERE campaign_id = ? AND step = ? AND batch = ? AND state = 'done'`,
		r.campaign, r.step, r.batch)
	return err
}

func markRequestSent(ctx context.Context, tx *Tx, request int64, messageID string, at time.Time) error {
	if request == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE consent_requests SET message_id = ?, sent_at = ? WHERE id = ?`, messageID, at.UnixMilli(), request)
	return err
}

// ClaimBatch leases a batch.
func (s *CampaignStore) ClaimBatch(ctx context.Context, b campaign.BatchKey, owner string, now, until time.Time) (bool, error) {
	var ok bool
	err := s.db.InTx(ctx, func(tx *Tx) error {
		r, err := tx.Exec(ctx, `UPDATE campaign_batches SET state = 'running', owner = ?, lease_until = ?
			WHERE campaign_id = ? AND step = ? AND batch = ?
			AND (state IN ('ready', 'queued') OR (state = 'running' AND (lease_until < ? OR owner = ?)))`,
			owner, until.UnixMilli(), b.CampaignID, b.Step, b.Batch, now.UnixMilli(), owner)
		if err != nil {
			return err
		}
		n, err := r.RowsAffected()
		ok = n == 1
		return err
	})
	return ok, err
}

// BatchSends returns the rows of a batch still to send.
func (s *CampaignStore) BatchSends(ctx context.Context, b campaign.BatchKey, now time.Time) ([]campaign.Send, error) {
	var out []campaign.Send
	rows, err := s.db.Query(ctx, `SELECT s.id, s.recipient_id, r.contact_id, COALESCE(r.request_id, 0), s.step, s.state, s.attempts,
			r.email, r.language, COALESCE(c.first_name, ''), COALESCE(c.last_name, ''), COALESCE(c.name, ''),
			CASE WHEN r.confirmed_at IS NULL THEN 0 ELSE 1 END
		FROM campaign_sends s JOIN campaign_recipients r ON r.id = s.recipient_id LEFT JOIN contacts c ON c.id = r.contact_id
		WHERE s.campaign_id = ? AND s.step = ? AND s.batch = ? AND (s.state = 'pending' OR (s.state = 'retry' AND s.due_at <= ?))
		ORDER BY s.id`, b.CampaignID, b.Step, b.Batch, now.UnixMilli())
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var x campaign.Send
		var confirmed int
		err := rows.Scan(&x.ID, &x.RecipientID, &x.ContactID, &x.RequestID, &x.Step, &x.State, &x.Attempts, &x.Email, &x.Language,
			&x.FirstName, &x.LastName, &x.Name, &confirmed)
		x.Confirmed = confirmed == 1
		out = append(out, x)
		return err
	})
	return out, err
}

// Skip marks rows not to send.
func (s *CampaignStore) Skip(ctx context.Context, skips []campaign.Skip) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		for _, k := range skips {
			if _, err := tx.Exec(ctx, `UPDATE campaign_sends SET state = 'skipped', reply = ?, sent_at = ? WHERE id = ? AND state IN ('pending', 'retry')`,
				k.Reason, tx.Now.UnixMilli(), k.SendID); err != nil {
				return err
			}
			if k.Outcome == "" {
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE campaign_recipients SET outcome = ? WHERE id = ? AND outcome IN ('', 'failed')`, k.Outcome, k.RecipientID); err != nil {
				return err
			}
		}
		return nil
	})
}

// errLeaseLost ends an Advance whose sender lost its batch or its
// registration.
var errLeaseLost = errors.New("campaign: lease lost")
