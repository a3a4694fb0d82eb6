package sqlstore

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"

	"github.com/gdprkit/gdprkit/internal/consent"
)

const checkpointCols = `id, seq, hash, events, created_at, key_id, signature`

type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func scanCheckpoints(ctx context.Context, q rowsQuerier, query string, args ...any) ([]consent.Checkpoint, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	var out []consent.Checkpoint
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var c consent.Checkpoint
		var hash []byte
		var at int64
		if err := rows.Scan(&c.N, &c.Seq, &hash, &c.Events, &at, &c.KeyID, &c.Signature); err != nil {
			return err
		}
		copy(c.Hash[:], hash)
		c.At = Time(sql.NullInt64{Int64: at, Valid: true})
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ledger: read checkpoints: %w", err)
	}
	return out, nil
}

// AddCheckpoint signs the ledger's head with sign and records it, under
// the head lock so that the checkpoint names a block that is sealed and
// instances do not number checkpoints alike. It returns the latest
// checkpoint and false when the head has not moved since.
func (s *LedgerStore) AddCheckpoint(ctx context.Context, sign func(*consent.Checkpoint)) (*consent.Checkpoint, bool, error) {
	var cp *consent.Checkpoint
	added := false
	err := s.db.InTx(ctx, func(tx *Tx) error {
		if err := s.lock(ctx, tx); err != nil {
			return fmt.Errorf("ledger: lock head: %w", err)
		}
		var seq int64
		var hash []byte
		if err := tx.QueryRow(ctx, `SELECT seq, hash FROM ledger_head WHERE id = 1`).Scan(&seq, &hash); err != nil {
			return fmt.Errorf("ledger: read head: %w", err)
		}
		last, err := scanCheckpoints(ctx, tx, tx.db.Q(`SELECT `+checkpointCols+` FROM ledger_checkpoints ORDER BY id DESC LIMIT 1`))
		if err != nil {
			return err
		}
		if len(last) > 0 && last[0].Seq == seq || seq == 0 {
			if len(last) > 0 {
				cp = &last[0]
			}
			return nil
		}
		cp = &consent.Checkpoint{N: 1, Seq: seq, At: tx.Now}
		if len(last) > 0 {
			cp.N = last[0].N + 1
		}
		copy(cp.Hash[:], hash)
		if err := tx.QueryRow(ctx, `SELECT COALESCE(SUM(events), 0) FROM ledger_blocks WHERE seq <= ?`, seq).Scan(&cp.Events); err != nil {
			return fmt.Errorf("ledger: count events: %w", err)
		}
		sign(cp)
		_, err = tx.Exec(ctx, `INSERT INTO ledger_checkpoints (`+checkpointCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			cp.N, cp.Seq, cp.Hash[:], cp.Events, cp.At.UnixMilli(), cp.KeyID, cp.Signature)
		added = err == nil
		return err
	})
	if err != nil {
		return nil, false, fmt.Errorf("ledger: checkpoint: %w", err)
	}
	return cp, added, nil
}

// Checkpoints returns every checkpoint, oldest first.
func (s *LedgerStore) Checkpoints(ctx context.Context) ([]consent.Checkpoint, error) {
	return scanCheckpoints(ctx, s.db.Read, s.db.Q(`SELECT `+checkpointCols+` FROM ledger_checkpoints ORDER BY id`))
}

// CheckpointCovering returns the first checkpoint at or after block seq,
// or nil when none covers it yet.
func (s *LedgerStore) CheckpointCovering(ctx context.Context, seq int64) (*consent.Checkpoint, error) {
	cps, err := scanCheckpoints(ctx, s.db.Read, s.db.Q(`SELECT `+checkpointCols+` FROM ledger_checkpoints WHERE seq >= ? ORDER BY seq, id LIMIT 1`), seq)
	if err != nil || len(cps) == 0 {
		return nil, err
	}
	return &cps[0], nil
}

// RegisterKey records a public key that signs checkpoints, so proof
// documents can name it. Verification never trusts this table.
func (s *LedgerStore) RegisterKey(ctx context.Context, pub ed25519.PublicKey) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO ledger_keys (key_id, public_key, created_at) VALUES (?, ?, ?) ON CONFLICT (key_id) DO NOTHING`,
			consent.KeyID(pub), []byte(pub), tx.Now.UnixMilli())
		return err
	})
}

// KeyCheck compares the fingerprint of a secret with the one the database
// was first used with, recording it the first time. It reports false when
// they differ.
func (s *LedgerStore) KeyCheck(ctx context.Context, name, value string) (bool, error) {
	same := true
	err := s.db.InTx(ctx, func(tx *Tx) error {
		var stored string
		err := tx.QueryRow(ctx, `SELECT value FROM key_checks WHERE name = ?`, name).Scan(&stored)
		if errors.Is(err, sql.ErrNoRows) {
			_, err = tx.Exec(ctx, `INSERT INTO key_checks (name, value, created_at) VALUES (?, ?, ?)`, name, value, tx.Now.UnixMilli())
			return err
		}
		same = err == nil && stored == value
		return err
	})
	return same, err
}
