package store_test

import (
	"context"
	"testing"

	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

func TestOpenMigrates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		var seq int64
		if err := s.DB.QueryRow(context.Background(), `SELECT seq FROM ledger_head WHERE id = 1`).Scan(&seq); err != nil {
			t.Fatalf("ledger head: %v", err)
		}
		if seq != 0 {
			t.Errorf("fresh ledger seq = %d, want 0", seq)
		}
	})
}
