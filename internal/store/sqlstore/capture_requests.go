package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// ConsentRequest returns a request with its contact's address.
func (s *ConsentStore) ConsentRequest(ctx context.Context, id int64) (*capture.Request, error) {
	var r capture.Request
	var form, block, sent, confirmed sql.NullInt64
	var purposes, texts string
	var created, expires int64
	err := s.db.QueryRow(ctx, `SELECT r.id, r.contact_id, r.kind, r.form_id, r.campaign, r.purposes, r.texts, r.block_id, r.language,
			r.created_at, r.expires_at, r.message_id, r.sent_at, r.confirmed_at, c.email
		FROM consent_requests r JOIN contacts c ON c.id = r.contact_id WHERE r.id = ?`, id).
		Scan(&r.ID, &r.ContactID, &r.Kind, &form, &r.Campaign, &purposes, &texts, &block, &r.Language,
			&created, &expires, &r.MessageID, &sent, &confirmed, &r.Email)
	if err != nil {
		return nil, NotFound(err, "capture.request_not_found")
	}
	r.FormID, r.BlockID = form.Int64, block.Int64
	r.Purposes, r.Texts = strings.Fields(purposes), splitIDs(texts)
	r.CreatedAt, r.ExpiresAt = Time(sql.NullInt64{Int64: created, Valid: true}), Time(sql.NullInt64{Int64: expires, Valid: true})
	r.SentAt, r.ConfirmedAt = Time(sent), Time(confirmed)
	return &r, nil
}

// RequestEvents returns the events of the sign-up a request confirms.
func (s *ConsentStore) RequestEvents(ctx context.Context, r *capture.Request) ([]contacts.Event, error) {
	if r.BlockID == 0 {
		return nil, nil
	}
	hs, err := loadHistory(ctx, readQuerier{s.db}, []int64{r.ContactID})
	if err != nil || hs[r.ContactID] == nil {
		return nil, err
	}
	var out []contacts.Event
	for _, e := range hs[r.ContactID].Events {
		if e.BlockID == r.BlockID {
			out = append(out, e)
		}
	}
	return out, nil
}

// MarkRequestSent records the e-mail that carried a request's link.
func (s *ConsentStore) MarkRequestSent(ctx context.Context, id int64, messageID string, at time.Time) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		r, err := tx.Exec(ctx, `UPDATE consent_requests SET message_id = ?, sent_at = ? WHERE id = ?`, messageID, at.UnixMilli(), id)
		return oneRow(r, err, "capture.request_not_found")
	})
}

// Subscriber returns a contact's address, language and verdicts.
func (s *ConsentStore) Subscriber(ctx context.Context, id int64) (*capture.Subscriber, error) {
	sub := capture.Subscriber{ContactID: id}
	var variant sql.NullString
	err := s.db.QueryRow(ctx, `SELECT email, email_key, variant_key, language FROM contacts WHERE id = ?`, id).
		Scan(&sub.Email, &sub.Key, &variant, &sub.Language)
	if err != nil {
		return nil, NotFound(err, "contacts.not_found")
	}
	sub.Variant = variant.String
	rows, err := s.db.Query(ctx, `SELECT purpose, status, reasons, event_id, consent_at FROM consent_state WHERE contact_id = ? ORDER BY purpose`, id)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var v contacts.Verdict
		var status, reasons string
		var event, at sql.NullInt64
		if err := rows.Scan(&v.Purpose, &status, &reasons, &event, &at); err != nil {
			return err
		}
		v.Status, v.Reasons, v.EventID, v.ConsentAt = contacts.Status(status), SplitReasons(reasons), event.Int64, Time(at)
		sub.Verdicts = append(sub.Verdicts, v)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("consent state: %w", err)
	}
	return &sub, nil
}

// SubscriberByKey is Subscriber by match key.
func (s *ConsentStore) SubscriberByKey(ctx context.Context, key string) (*capture.Subscriber, error) {
	var id int64
	if err := s.db.QueryRow(ctx, `SELECT id FROM contacts WHERE email_key = ?`, key).Scan(&id); err != nil {
		return nil, NotFound(err, "contacts.not_found")
	}
	return s.Subscriber(ctx, id)
}
