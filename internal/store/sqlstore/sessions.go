package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// FindSession returns the data of an unexpired session.
func (s *AuthStore) FindSession(ctx context.Context, hash string) ([]byte, bool, error) {
	var b []byte
	err := s.db.QueryRow(ctx, `SELECT data FROM sessions WHERE token_hash = ? AND expiry > ?`, hash, s.db.Now().UnixMilli()).Scan(&b)
	if err == sql.ErrNoRows {
		return nil, false, nil
	}
	return b, err == nil, err
}

// CommitSession stores a session's data.
func (s *AuthStore) CommitSession(ctx context.Context, hash string, data []byte, expiry time.Time) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO sessions (token_hash, data, expiry) VALUES (?, ?, ?)
			ON CONFLICT (token_hash) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`, hash, data, expiry.UnixMilli())
		return err
	})
}

// DeleteSession removes a session.
func (s *AuthStore) DeleteSession(ctx context.Context, hash string) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash)
		return err
	})
}

// DeleteExpired removes expired sessions, links used or expired for a
// week, and throttle entries whose lock and window are long over.
func (s *AuthStore) DeleteExpired(ctx context.Context) (int64, error) {
	var total int64
	err := s.db.InTx(ctx, func(tx *Tx) error {
		now, week, day := tx.Now.UnixMilli(), tx.Now.Add(-7*24*time.Hour).UnixMilli(), tx.Now.Add(-24*time.Hour).UnixMilli()
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`DELETE FROM sessions WHERE expiry <= ?`, []any{now}},
			{`DELETE FROM setup_tokens WHERE expires_at <= ? OR used_at <= ?`, []any{week, week}},
			{`DELETE FROM login_throttle WHERE window_start <= ? AND (locked_until IS NULL OR locked_until <= ?)`, []any{day, now}},
		} {
			res, err := tx.Exec(ctx, q.sql, q.args...)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			total += n
		}
		return nil
	})
	return total, err
}
