package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/gdprkit/gdprkit/internal/capture"
)

// TokenKeys returns every link-signing key, oldest first.
func (s *ConsentStore) TokenKeys(ctx context.Context) ([]capture.StoredKey, error) {
	rows, err := s.db.Query(ctx, `SELECT id, created_at, retired_at, wrapped FROM token_keys ORDER BY id`)
	var out []capture.StoredKey
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var k capture.StoredKey
		var created int64
		var retired sql.NullInt64
		if err := rows.Scan(&k.ID, &created, &retired, &k.Wrapped); err != nil {
			return err
		}
		k.CreatedAt, k.RetiredAt = Time(sql.NullInt64{Int64: created, Valid: true}), Time(retired)
		out = append(out, k)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("token keys: %w", err)
	}
	return out, nil
}

// AddTokenKey stores a new signing key and retires the others.
func (s *ConsentStore) AddTokenKey(ctx context.Context, wrapped []byte) (int64, error) {
	var id int64
	err := s.db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE token_keys SET retired_at = ? WHERE retired_at IS NULL`, tx.Now.UnixMilli()); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO token_keys (created_at, wrapped) VALUES (?, ?) RETURNING id`, tx.Now.UnixMilli(), wrapped).Scan(&id)
	})
	return id, err
}

// DeleteTokenKeys removes keys retired before t.
func (s *ConsentStore) DeleteTokenKeys(ctx context.Context, retiredBefore time.Time) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM token_keys WHERE retired_at IS NOT NULL AND retired_at < ?`, retiredBefore.UnixMilli())
		return err
	})
}

// useToken records a single-use token as spent, in the transaction that
// acts on it; false means it was spent already.
func useToken(ctx context.Context, tx *Tx, nonce []byte, expires time.Time) (bool, error) {
	r, err := tx.Exec(ctx, `INSERT INTO used_tokens (nonce, used_at, expires_at) VALUES (?, ?, ?) ON CONFLICT (nonce) DO NOTHING`,
		nonce, tx.Now.UnixMilli(), expires.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("spend token: %w", err)
	}
	n, err := r.RowsAffected()
	return n == 1, err
}

// PruneUsedTokens deletes the records of spent tokens that have expired:
// an expired token is refused anyway.
func (s *ConsentStore) PruneUsedTokens(ctx context.Context, now time.Time) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM used_tokens WHERE expires_at < ?`, now.UnixMilli())
		return err
	})
}
