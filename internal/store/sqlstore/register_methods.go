package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/gdprkit/gdprkit/internal/register"
)

const regMethodCols = `id, kind, name, audience, legal_basis, provider_id, details, created_at, updated_at, version`

func regScanMethod(r scanner) (*register.CollectionMethod, error) {
	var m register.CollectionMethod
	var id int64
	var kind, name, audience, basis, details string
	var provider sql.NullInt64
	var created, updated int64
	var version int
	if err := r.Scan(&id, &kind, &name, &audience, &basis, &provider, &details, &created, &updated, &version); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(details), &m); err != nil {
		return nil, fmt.Errorf("collection method %d details: %w", id, err)
	}
	m.ID, m.Kind, m.Name, m.Audience, m.LegalBasis, m.ProviderID = id, kind, name, audience, basis, provider.Int64
	m.CreatedAt, m.UpdatedAt, m.Version = regTime(created), regTime(updated), version
	m.ActivityIDs = nil
	return &m, nil
}

// Methods returns every collection method with its activities, by name.
func (s *RegisterStore) Methods(ctx context.Context) ([]*register.CollectionMethod, error) {
	var out []*register.CollectionMethod
	rows, err := s.db.Query(ctx, `SELECT `+regMethodCols+` FROM register_methods ORDER BY name, id`)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		m, err := regScanMethod(rows)
		if err == nil {
			out = append(out, m)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("register methods: %w", err)
	}
	links, err := s.methodActivities(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, m := range out {
		m.ActivityIDs = links[m.ID]
	}
	return out, nil
}

// Method returns one collection method.
func (s *RegisterStore) Method(ctx context.Context, id int64) (*register.CollectionMethod, error) {
	m, err := regScanMethod(s.db.QueryRow(ctx, `SELECT `+regMethodCols+` FROM register_methods WHERE id = ?`, id))
	if err != nil {
		return nil, regNotFound(err, register.EntityMethod)
	}
	links, err := s.methodActivities(ctx, id)
	if err != nil {
		return nil, err
	}
	m.ActivityIDs = links[id]
	return m, nil
}

func (s *RegisterStore) methodActivities(ctx context.Context, id int64) (map[int64][]int64, error) {
	q := `SELECT method_id, activity_id FROM register_method_activities`
	var args []any
	if id != 0 {
		q += ` WHERE method_id = ?`
		args = append(args, id)
	}
	out := map[int64][]int64{}
	rows, err := s.db.Query(ctx, q+` ORDER BY method_id, position`, args...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var m, a int64
		if err := rows.Scan(&m, &a); err != nil {
			return err
		}
		out[m] = append(out[m], a)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("register method activities: %w", err)
	}
	return out, nil
}

// CreateMethod inserts m and records the change.
func (s *RegisterStore) CreateMethod(ctx context.Context, m *register.CollectionMethod, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		m.CreatedAt, m.UpdatedAt, m.Version = tx.Now, tx.Now, 1
		details, err := regMethodDetails(m)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO register_methods (kind, name, audience, legal_basis, provider_id, details, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, m.Kind, m.Name, m.Audience, m.LegalBasis, nullInt(m.ProviderID), details,
			tx.Now.UnixMilli(), tx.Now.UnixMilli(), m.Version).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("register: insert collection method: %w", err)
		}
		if err := regWriteMethodActivities(ctx, tx, m); err != nil {
			return err
		}
		ch.EntityID = m.ID
		return regRecordChange(ctx, tx, ch)
	})
}

// UpdateMethod saves m if its version is still m.Version.
func (s *RegisterStore) UpdateMethod(ctx context.Context, m *register.CollectionMethod, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		m.UpdatedAt = tx.Now
		details, err := regMethodDetails(m)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE register_methods SET kind = ?, name = ?, audience = ?, legal_basis = ?, provider_id = ?, details = ?,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`, m.Kind, m.Name, m.Audience, m.LegalBasis, nullInt(m.ProviderID),
			details, tx.Now.UnixMilli(), m.ID, m.Version)
		if err := regOneRow(res, err, regMissing(ctx, tx, "register_methods", m.ID, register.EntityMethod)); err != nil {
			return err
		}
		m.Version++
		if err := regWriteMethodActivities(ctx, tx, m); err != nil {
			return err
		}
		return regRecordChange(ctx, tx, ch)
	})
}

// DeleteMethod deletes a collection method and its activity links.
func (s *RegisterStore) DeleteMethod(ctx context.Context, id int64, version int, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM register_methods WHERE id = ? AND version = ?`, id, version)
		if err := regOneRow(res, err, regMissing(ctx, tx, "register_methods", id, register.EntityMethod)); err != nil {
			return err
		}
		return regRecordChange(ctx, tx, ch)
	})
}

func regMethodDetails(m *register.CollectionMethod) (string, error) {
	d := *m
	d.ActivityIDs = nil
	return regDetails(&d)
}

func regWriteMethodActivities(ctx context.Context, tx *Tx, m *register.CollectionMethod) error {
	if _, err := tx.Exec(ctx, `DELETE FROM register_method_activities WHERE method_id = ?`, m.ID); err != nil {
		return fmt.Errorf("register method activities: %w", err)
	}
	for i, a := range m.ActivityIDs {
		_, err := tx.Exec(ctx, `INSERT INTO register_method_activities (method_id, activity_id, position) VALUES (?, ?, ?)`, m.ID, a, i)
		if err != nil {
			return fmt.Errorf("register method activities: %w", err)
		}
	}
	return nil
}
