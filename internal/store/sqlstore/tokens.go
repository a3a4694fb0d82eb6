package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
)

//nolint:gosec // column names, not a credential
const tokenColumns = `id, user_id, name, prefix, token_hash, role, created_at, last_used_at, expires_at, revoked_at`

func scanToken(r scanner) (*auth.Token, error) {
	var t auth.Token
	var created int64
	var used, expires, revoked sql.NullInt64
	if err := r.Scan(&t.ID, &t.UserID, &t.Name, &t.Prefix, &t.Hash, &t.Role, &created, &used, &expires, &revoked); err != nil {
		return nil, err
	}
	t.CreatedAt, t.LastUsedAt, t.ExpiresAt, t.RevokedAt = msTime(created), Time(used), Time(expires), Time(revoked)
	return &t, nil
}

// CreateToken stores t and sets its ID.
func (s *AuthStore) CreateToken(ctx context.Context, t *auth.Token) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO api_tokens (user_id, name, prefix, token_hash, role, created_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			t.UserID, t.Name, t.Prefix, t.Hash, string(t.Role), t.CreatedAt.UnixMilli(), Millis(t.ExpiresAt)).Scan(&t.ID)
	})
}

// TokenByHash returns the token with the hash.
func (s *AuthStore) TokenByHash(ctx context.Context, hash string) (*auth.Token, error) {
	t, err := scanToken(s.db.QueryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = ?`, hash))
	return t, NotFound(err, "auth.token_invalid")
}

// Tokens lists a user's tokens, newest first.
func (s *AuthStore) Tokens(ctx context.Context, userID int64) ([]auth.Token, error) {
	rows, err := s.db.Query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	out, err := collect(rows, err, deref(scanToken))
	if err != nil {
		return nil, fmt.Errorf("list tokens: %w", err)
	}
	return out, nil
}

// RevokeToken revokes one of a user's tokens.
func (s *AuthStore) RevokeToken(ctx context.Context, userID, id int64) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL`,
			tx.Now.UnixMilli(), id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return gdprkit.Errorf(gdprkit.ENOTFOUND, "tokens.not_found", nil, "token %d not found", id)
		}
		return nil
	})
}

// TouchToken records that a token was used.
func (s *AuthStore) TouchToken(ctx context.Context, id int64) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE id = ?`, tx.Now.UnixMilli(), id)
		return err
	})
}
