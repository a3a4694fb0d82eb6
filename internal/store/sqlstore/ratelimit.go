package sqlstore

import (
	"context"
	"time"
)

// Hit adds one to a rate-limit counter in one atomic upsert, so that
// instances counting at once lose no hit.
func (s *ConsentStore) Hit(ctx context.Context, bucket []byte, start time.Time) (int, error) {
	var n int
	err := s.db.InTx(ctx, func(tx *Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO rate_limits (bucket, window_start, hits) VALUES (?, ?, 1)
			ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1 RETURNING hits`,
			bucket, start.UnixMilli()).Scan(&n)
	})
	return n, err
}

// PruneRateLimits deletes windows that started before t.
func (s *ConsentStore) PruneRateLimits(ctx context.Context, before time.Time) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM rate_limits WHERE window_start < ?`, before.UnixMilli())
		return err
	})
}
