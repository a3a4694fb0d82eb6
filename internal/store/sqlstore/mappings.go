package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

var _ contacts.MappingStore = (*ContactStore)(nil)

// SaveMapping stores m under its name, replacing an older one.
func (s *ContactStore) SaveMapping(ctx context.Context, m *contacts.SavedMapping) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		m.CreatedAt, m.CreatedBy = tx.Now, gdprkit.ActorFrom(ctx).String()
		err := tx.QueryRow(ctx, `INSERT INTO column_mappings (name, signature, mapping, created_at, created_by) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET signature = excluded.signature, mapping = excluded.mapping,
				created_at = excluded.created_at, created_by = excluded.created_by
			RETURNING id`, m.Name, m.Signature, m.Mapping.String(), m.CreatedAt.UnixMilli(), m.CreatedBy).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("save mapping: %w", err)
		}
		return nil
	})
}

// Mappings lists saved mappings, most recently used (or saved) first.
func (s *ContactStore) Mappings(ctx context.Context) ([]contacts.SavedMapping, error) {
	rows, err := s.db.Query(ctx, `SELECT id, name, signature, mapping, created_at, created_by, used_at FROM column_mappings
		ORDER BY COALESCE(used_at, created_at) DESC, id DESC`)
	var out []contacts.SavedMapping
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var m contacts.SavedMapping
		var spec string
		var created int64
		var used sql.NullInt64
		if err := rows.Scan(&m.ID, &m.Name, &m.Signature, &spec, &created, &m.CreatedBy, &used); err != nil {
			return err
		}
		mapping, err := esp.ParseMapping(spec)
		if err != nil {
			return fmt.Errorf("mapping %q: %w", m.Name, err)
		}
		m.Mapping, m.CreatedAt, m.UsedAt = mapping, Time(sql.NullInt64{Int64: created, Valid: true}), Time(used)
		out = append(out, m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list mappings: %w", err)
	}
	return out, nil
}

// MappingUsed records that the named mapping was applied.
func (s *ContactStore) MappingUsed(ctx context.Context, name string) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		_, err := tx.Exec(ctx, `UPDATE column_mappings SET used_at = ? WHERE name = ?`, tx.Now.UnixMilli(), name)
		return err
	})
}
