package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/gdprkit/gdprkit/internal/auth"
)

// LockedUntil returns the latest lock among keys that is still in force.
func (s *AuthStore) LockedUntil(ctx context.Context, keys []string) (time.Time, error) {
	args := append(anys(keys), s.db.Now().UnixMilli())
	var until sql.NullInt64
	err := s.db.QueryRow(ctx, `SELECT MAX(locked_until) FROM login_throttle WHERE key IN (`+marks(len(keys))+`) AND locked_until > ?`, args...).Scan(&until)
	return Time(until), err
}

// RecordFailure counts a failed login for key in one atomic upsert, so
// several instances counting at once do not lose failures; the window
// restarts when the previous one is over. Reaching the limit locks the key
// and starts a new count.
func (s *AuthStore) RecordFailure(ctx context.Context, key string, l auth.Limit, userID int64) (int, time.Time, error) {
	var n int
	var until time.Time
	err := s.db.InTx(ctx, func(tx *Tx) error {
		now, expired := tx.Now.UnixMilli(), tx.Now.Add(-l.Window).UnixMilli()
		err := tx.QueryRow(ctx, `INSERT INTO login_throttle (key, failures, window_start) VALUES (?, 1, ?)
			ON CONFLICT (key) DO UPDATE SET
				failures = CASE WHEN login_throttle.window_start <= ? THEN 1 ELSE login_throttle.failures + 1 END,
				window_start = CASE WHEN login_throttle.window_start <= ? THEN ? ELSE login_throttle.window_start END
			RETURNING failures`, key, now, expired, expired, now).Scan(&n)
		if err != nil {
			return err
		}
		if n >= l.Failures {
			until = tx.Now.Add(l.Lock)
			if _, err := tx.Exec(ctx, `UPDATE login_throttle SET locked_until = ?, failures = 0, window_start = ? WHERE key = ?`,
				until.UnixMilli(), now, key); err != nil {
				return err
			}
		}
		if userID == 0 {
			return nil
		}
		_, err = tx.Exec(ctx, `UPDATE users SET failed_logins = failed_logins + 1, locked_until = ? WHERE id = ?`, Millis(until), userID)
		return err
	})
	return n, until, err
}

// ClearFailures forgets a key's failures and lock.
func (s *AuthStore) ClearFailures(ctx context.Context, key string) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM login_throttle WHERE key = ?`, key)
		return err
	})
}
