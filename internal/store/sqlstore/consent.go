package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// ConsentStore implements the stores of consent capture, the suppression
// list, "may I send?" and the link-signing keys: the consent, capture and
// suppression packages each declare the part they need.
type ConsentStore struct {
	db   *DB
	lock LockFunc
	// perm is the prepared "may I send?" lookup; see permissions.go.
	perm permissionStmts
}

// NewConsentStore returns the consent store of db.
func NewConsentStore(db *DB, lock LockFunc) *ConsentStore {
	return &ConsentStore{db: db, lock: lock}
}

// AddSuppressions records hashes with reason; a hash already listed keeps
// its first reason and time.
func (s *ConsentStore) AddSuppressions(ctx context.Context, hashes [][]byte, reason string) error {
	return s.db.InTx(ctx, func(tx *Tx) error { return addSuppressions(ctx, tx, hashes, reason) })
}

func addSuppressions(ctx context.Context, tx *Tx, hashes [][]byte, reason string) error {
	for _, c := range chunks(len(hashes), 300) {
		part := hashes[c[0]:c[1]]
		args := make([]any, 0, 3*len(part))
		for _, h := range part {
			args = append(args, h, reason, tx.Now.UnixMilli())
		}
		if _, err := tx.Exec(ctx, `INSERT INTO suppressions (hash, reason, created_at) VALUES `+Placeholders(len(part), 3)+
			` ON CONFLICT (hash) DO NOTHING`, args...); err != nil {
			return fmt.Errorf("suppression: add: %w", err)
		}
	}
	return nil
}

// SuppressedHashes returns which of hashes are listed.
func (s *ConsentStore) SuppressedHashes(ctx context.Context, hashes [][]byte) (map[string]bool, error) {
	out := map[string]bool{}
	for _, c := range chunks(len(hashes), 500) {
		part := hashes[c[0]:c[1]]
		rows, err := s.db.Query(ctx, `SELECT hash FROM suppressions WHERE hash IN (`+marks(len(part))+`)`, anys(part)...)
		err = eachRow(rows, err, func(rows *sql.Rows) error {
			var h []byte
			if err := rows.Scan(&h); err != nil {
				return err
			}
			out[string(h)] = true
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("suppression: look up: %w", err)
		}
	}
	return out, nil
}

// RemoveSuppressions lifts hashes.
func (s *ConsentStore) RemoveSuppressions(ctx context.Context, hashes [][]byte) error {
	return s.db.InTx(ctx, func(tx *Tx) error { return removeSuppressions(ctx, tx, hashes) })
}

func removeSuppressions(ctx context.Context, tx *Tx, hashes [][]byte) error {
	if len(hashes) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM suppressions WHERE hash IN (`+marks(len(hashes))+`)`, anys(hashes)...); err != nil {
		return fmt.Errorf("suppression: lift: %w", err)
	}
	return nil
}
