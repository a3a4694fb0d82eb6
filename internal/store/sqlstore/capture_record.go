package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// Record writes one consent act in one transaction: the contact, its
// events in a block of their own sealed under the ledger lock, the request
// created or confirmed, the spent token, the texts now in use, the
// suppression list, and the contact's verdicts from its whole history.
func (s *ConsentStore) Record(ctx context.Context, w *capture.Write) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		id, err := recordContact(ctx, tx, w)
		if err != nil {
			return err
		}
		w.ContactIDOut = id
		if err := spend(ctx, tx, w); err != nil {
			return err
		}
		var blockID int64
		if len(w.Events) > 0 {
			if blockID, err = s.recordEvents(ctx, tx, id, w); err != nil {
				return err
			}
		}
		if err := markTextsUsed(ctx, tx, w.TextsUsed); err != nil {
			return err
		}
		if w.Request != nil {
			if err := insertRequest(ctx, tx, id, blockID, w.Request); err != nil {
				return err
			}
		}
		if err := addSuppressions(ctx, tx, w.Suppress, w.SuppressReason); err != nil {
			return err
		}
		if err := removeSuppressions(ctx, tx, w.Lift); err != nil {
			return err
		}
		if w.Decide == nil || id == 0 {
			return nil
		}
		return recordVerdicts(ctx, tx, id, w.Decide)
	})
}

// recordContact returns the contact of w, creating it from its address
// when unknown. Two sign-ups of one new address at once (two instances)
// meet on the unique key: the second finds the first's row.
func recordContact(ctx context.Context, tx *Tx, w *capture.Write) (int64, error) {
	if w.ContactID != 0 {
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM contacts WHERE id = ?`, w.ContactID).Scan(&id)
		return id, NotFound(err, "contacts.not_found")
	}
	if w.Address.Key == "" {
		return 0, nil
	}
	now := tx.Now.UnixMilli()
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO contacts (email_key, email, variant_key, language, status, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (email_key) DO NOTHING RETURNING id`,
		w.Address.Key, w.Address.Canonical, nullString(w.Address.Variant), w.Language, string(contacts.Missing), now, now).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = tx.QueryRow(ctx, `SELECT id FROM contacts WHERE email_key = ?`, w.Address.Key).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("capture: contact: %w", err)
	}
	return id, nil
}

// spend marks the token and the request of w as used; either used before
// is a replay.
func spend(ctx context.Context, tx *Tx, w *capture.Write) error {
	if w.Nonce != nil {
		ok, err := useToken(ctx, tx, w.Nonce, w.NonceExpires)
		if err != nil {
			return err
		}
		if !ok {
			return capture.ErrTokenUsed
		}
	}
	if w.Confirmed == 0 {
		return nil
	}
	r, err := tx.Exec(ctx, `UPDATE consent_requests SET confirmed_at = ? WHERE id = ? AND confirmed_at IS NULL`, tx.Now.UnixMilli(), w.Confirmed)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil || n == 0 {
		return errors.Join(err, capture.ErrTokenUsed)
	}
	// A re-permission campaign's recipient confirmed: its row says so in
	// the same transaction (results, reminders, the purge plan).
	_, err = tx.Exec(ctx, `UPDATE campaign_recipients SET confirmed_at = ?, outcome = 'confirmed' WHERE request_id = ?`, tx.Now.UnixMilli(), w.Confirmed)
	return err
}

// recordEvents appends w's events to the ledger in a block of their own
// and seals it.
func (s *ConsentStore) recordEvents(ctx context.Context, tx *Tx, contactID int64, w *capture.Write) (int64, error) {
	if contactID == 0 {
		return 0, errors.New("capture: events need a contact")
	}
	actor := gdprkit.ActorFrom(ctx).String()
	var blockID int64
	if err := tx.QueryRow(ctx, `INSERT INTO ledger_blocks (created_at, actor) VALUES (?, ?) RETURNING id`,
		tx.Now.UnixMilli(), actor).Scan(&blockID); err != nil {
		return 0, fmt.Errorf("capture: open ledger block: %w", err)
	}
	for i := range w.Events {
		e := &w.Events[i]
		e.BlockID = blockID
		err := tx.QueryRow(ctx, `INSERT INTO consent_events (block_id, contact_id, purpose, action, occurred_at, channel, source, legal_basis,
				commitment, hash, subject, ip, user_agent, detail, salt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			blockID, contactID, e.Purpose, e.Action, Millis(e.OccurredAt), e.Channel, e.Source, e.LegalBasis, e.Commitment[:], e.Hash[:],
			nullString(e.Personal.Subject), nullString(e.Personal.IP), nullString(e.Personal.UserAgent), nullString(e.Personal.Detail),
			nullBytes(e.Salt)).Scan(&e.ID)
		if err != nil {
			return 0, fmt.Errorf("capture: record event: %w", err)
		}
	}
	n := int64(len(w.Events))
	seal := func(prev consent.Hash, seq int64) consent.Hash {
		return consent.Seal(prev, consent.Block{Seq: seq, CreatedAt: tx.Now, Actor: actor, Events: n, Last: w.Last})
	}
	return blockID, SealBlock(ctx, tx, s.lock, blockID, n, w.Last, seal)
}

func markTextsUsed(ctx context.Context, tx *Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE consent_texts SET first_used_at = ? WHERE first_used_at IS NULL AND id IN (`+marks(len(ids))+`)`,
		append([]any{tx.Now.UnixMilli()}, anys(ids)...)...)
	return err
}

func insertRequest(ctx context.Context, tx *Tx, contactID, blockID int64, r *capture.Request) error {
	r.ContactID, r.BlockID, r.CreatedAt = contactID, blockID, tx.Now
	err := tx.QueryRow(ctx, `INSERT INTO consent_requests (contact_id, kind, form_id, campaign, purposes, texts, block_id, language, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, contactID, r.Kind, nullInt(r.FormID), r.Campaign, strings.Join(r.Purposes, " "),
		joinIDs(r.Texts), nullInt(blockID), r.Language, tx.Now.UnixMilli(), r.ExpiresAt.UnixMilli()).Scan(&r.ID)
	if err != nil {
		return fmt.Errorf("capture: consent request: %w", err)
	}
	return nil
}

// recordVerdicts classifies the contact again from its whole history, the
// new events included, and stores the verdicts with the events.
func recordVerdicts(ctx context.Context, tx *Tx, id int64, decide func(*contacts.History) (contacts.Contact, []contacts.Verdict)) error {
	hs, err := loadHistory(ctx, tx, []int64{id})
	if err != nil {
		return err
	}
	h := hs[id]
	if h == nil {
		return gdprkit.Errorf(gdprkit.ENOTFOUND, "contacts.not_found", nil, "contact %d not found", id)
	}
	c, vs := decide(h)
	_, err = tx.Exec(ctx, `UPDATE contacts SET status = ?, reasons = ?, consent_at = ?, consent_channel = ?, purposes = ?, updated_at = ? WHERE id = ?`,
		string(c.Status), JoinReasons(c.Reasons), Millis(c.ConsentAt), c.ConsentChannel, nonEmpty(c.Purposes, "[]"), tx.Now.UnixMilli(), id)
	if err != nil {
		return fmt.Errorf("capture: contact verdict: %w", err)
	}
	w := verdictWriter{tx: tx}
	if err := w.add(ctx, id, vs); err != nil {
		return err
	}
	return w.flush(ctx)
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, " ")
}

func splitIDs(s string) []int64 {
	var out []int64
	for _, f := range strings.Fields(s) {
		if id, err := strconv.ParseInt(f, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}
