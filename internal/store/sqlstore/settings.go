package sqlstore

import (
	"context"
	"database/sql"
	"sort"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/settings"
)

// SettingsStore implements settings.Store.
type SettingsStore struct{ db *DB }

// NewSettingsStore returns the settings store of db.
func NewSettingsStore(db *DB) *SettingsStore { return &SettingsStore{db: db} }

var _ settings.Store = (*SettingsStore)(nil)

// Settings returns every stored pair.
func (s *SettingsStore) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := s.db.Query(ctx, `SELECT key, value FROM settings`)
	out := map[string]string{}
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return err
		}
		out[k] = v
		return nil
	})
	return out, err
}

// SaveSettings stores the pairs that changed and records the change in the
// audit trail, naming the keys (not the values).
func (s *SettingsStore) SaveSettings(ctx context.Context, kv map[string]string) error {
	old, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	var changed []string
	for k, v := range kv {
		if old[k] != v {
			changed = append(changed, k)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	sort.Strings(changed)
	actor := gdprkit.ActorFrom(ctx).String()
	return s.db.InTx(ctx, func(tx *Tx) error {
		for _, k := range changed {
			if _, err := tx.Exec(ctx, `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
				k, kv[k], tx.Now.UnixMilli(), actor); err != nil {
				return err
			}
		}
		return recordTx(ctx, tx, auditEntry("changed", "settings", "", jsonObject("keys", changed)))
	})
}
