package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/gdprkit/gdprkit/internal/consent"
)

var _ consent.ProofStore = (*ConsentStore)(nil)

// ProofSubject returns the contact with match key key.
func (s *ConsentStore) ProofSubject(ctx context.Context, key string) (int64, string, string, error) {
	var id int64
	var email, lang string
	err := s.db.QueryRow(ctx, `SELECT id, email, language FROM contacts WHERE email_key = ?`, key).Scan(&id, &email, &lang)
	return id, email, lang, NotFound(err, "contacts.not_found")
}

// ProofEvents returns a contact's events with their block position, in
// ledger order.
func (s *ConsentStore) ProofEvents(ctx context.Context, contactID int64) ([]consent.ProofEvent, error) {
	rows, err := s.db.Query(ctx, `SELECT e.id, e.block_id, b.seq, b.created_at, e.purpose, e.action, e.occurred_at, e.channel, e.source,
			e.legal_basis, e.commitment, e.hash, e.salt, e.subject, e.ip, e.user_agent, e.detail
		FROM consent_events e JOIN ledger_blocks b ON b.id = e.block_id
		WHERE e.contact_id = ? ORDER BY b.seq, e.id`, contactID)
	var out []consent.ProofEvent
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var e consent.ProofEvent
		var seq, occurred sql.NullInt64
		var recorded int64
		var commitment, hash []byte
		var subject, ip, ua, detail sql.NullString
		if err := rows.Scan(&e.ID, &e.BlockID, &seq, &recorded, &e.Event.Purpose, &e.Event.Action, &occurred, &e.Event.Channel,
			&e.Event.Source, &e.Event.LegalBasis, &commitment, &hash, &e.Salt, &subject, &ip, &ua, &detail); err != nil {
			return err
		}
		e.Seq, e.RecordedAt, e.Event.OccurredAt = seq.Int64, Time(sql.NullInt64{Int64: recorded, Valid: true}), Time(occurred)
		copy(e.Event.Commitment[:], commitment)
		copy(e.Hash[:], hash)
		e.Personal = consent.Personal{Subject: subject.String, IP: ip.String, UserAgent: ua.String, Detail: detail.String}
		e.Erased = e.Salt == nil
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("proof: events: %w", err)
	}
	return out, nil
}

// ChainBounds returns the stored hash of the event before id in its block
// and the id of the block's last event.
func (s *ConsentStore) ChainBounds(ctx context.Context, blockID, id int64) (consent.Hash, int64, error) {
	var prev consent.Hash
	var h []byte
	err := s.db.QueryRow(ctx, `SELECT hash FROM consent_events WHERE block_id = ? AND id < ? ORDER BY id DESC LIMIT 1`, blockID, id).Scan(&h)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return prev, 0, fmt.Errorf("proof: previous event: %w", err)
	}
	copy(prev[:], h)
	var last int64
	if err := s.db.QueryRow(ctx, `SELECT MAX(id) FROM consent_events WHERE block_id = ?`, blockID).Scan(&last); err != nil {
		return prev, 0, fmt.Errorf("proof: block end: %w", err)
	}
	return prev, last, nil
}

// BlocksBySeq returns the blocks with from <= seq <= to, in order.
func (s *ConsentStore) BlocksBySeq(ctx context.Context, from, to int64) ([]consent.StoredBlock, error) {
	rows, err := s.db.Query(ctx, `SELECT `+blockCols+` FROM ledger_blocks WHERE seq >= ? AND seq <= ? ORDER BY seq`, from, to)
	return scanBlocks(rows, err, int(to-from+1))
}

// Checkpoints returns every checkpoint, oldest first.
func (s *ConsentStore) Checkpoints(ctx context.Context) ([]consent.Checkpoint, error) {
	return scanCheckpoints(ctx, s.db.Read, s.db.Q(`SELECT `+checkpointCols+` FROM ledger_checkpoints ORDER BY id`))
}

// ProofStates returns a contact's verdict per purpose.
func (s *ConsentStore) ProofStates(ctx context.Context, contactID int64) (map[string]consent.StoredState, error) {
	rows, err := s.db.Query(ctx, `SELECT purpose, status, reasons, event_id, consent_at FROM consent_state WHERE contact_id = ?`, contactID)
	out := map[string]consent.StoredState{}
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var purpose string
		var st consent.StoredState
		var event, at sql.NullInt64
		if err := rows.Scan(&purpose, &st.Status, &st.Reasons, &event, &at); err != nil {
			return err
		}
		st.EventID, st.ConsentAt = event.Int64, Time(at)
		out[purpose] = st
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("proof: states: %w", err)
	}
	return out, nil
}
