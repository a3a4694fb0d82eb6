package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/gdprkit/gdprkit/internal/consent"
)

// AllTexts returns every consent text version, by family, language and
// newest version first: the catalogue page lists them.
func (s *ConsentStore) AllTexts(ctx context.Context) ([]consent.Text, error) {
	rows, err := s.db.Query(ctx, `SELECT `+textCols+` FROM consent_texts ORDER BY name, language, version DESC`)
	out, err := collect(rows, err, scanText)
	if err != nil {
		return nil, fmt.Errorf("consent texts: %w", err)
	}
	return out, nil
}

// SuppressionCounts returns how many entries the suppression list holds
// per reason. An entry is a keyed hash: an address with a provider
// variant has two.
func (s *ConsentStore) SuppressionCounts(ctx context.Context) (map[string]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT reason, COUNT(*) FROM suppressions GROUP BY reason`)
	out := map[string]int64{}
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var reason string
		var n int64
		err := rows.Scan(&reason, &n)
		out[reason] = n
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("suppression counts: %w", err)
	}
	return out, nil
}

// RecentCheckpoints returns the last n checkpoints, newest first.
func (s *ConsentStore) RecentCheckpoints(ctx context.Context, n int) ([]consent.Checkpoint, error) {
	return scanCheckpoints(ctx, s.db.Read, s.db.Q(`SELECT `+checkpointCols+` FROM ledger_checkpoints ORDER BY id DESC LIMIT ?`), n)
}
