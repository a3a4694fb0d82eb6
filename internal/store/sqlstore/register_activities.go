package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/gdprkit/gdprkit/internal/register"
)

const regActivityCols = `id, ref, name, role, details, created_at, updated_at, version`

func regScanActivity(r scanner) (*register.Activity, error) {
	var a register.Activity
	var id int64
	var ref, name, role, details string
	var created, updated int64
	var version int
	if err := r.Scan(&id, &ref, &name, &role, &details, &created, &updated, &version); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(details), &a); err != nil {
		return nil, fmt.Errorf("activity %d details: %w", id, err)
	}
	a.ID, a.Ref, a.Name, a.Role = id, ref, name, role
	a.CreatedAt, a.UpdatedAt, a.Version = regTime(created), regTime(updated), version
	a.Recipients = nil
	return &a, nil
}

// Activities returns every activity with its recipients.
func (s *RegisterStore) Activities(ctx context.Context) ([]*register.Activity, error) {
	var out []*register.Activity
	rows, err := s.db.Query(ctx, `SELECT `+regActivityCols+` FROM register_activities ORDER BY ref, name, id`)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		a, err := regScanActivity(rows)
		if err == nil {
			out = append(out, a)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("register activities: %w", err)
	}
	recips, err := s.recipients(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, a := range out {
		a.Recipients = recips[a.ID]
	}
	return out, nil
}

// Activity returns one activity.
func (s *RegisterStore) Activity(ctx context.Context, id int64) (*register.Activity, error) {
	a, err := regScanActivity(s.db.QueryRow(ctx, `SELECT `+regActivityCols+` FROM register_activities WHERE id = ?`, id))
	if err != nil {
		return nil, regNotFound(err, register.EntityActivity)
	}
	recips, err := s.recipients(ctx, id)
	if err != nil {
		return nil, err
	}
	a.Recipients = recips[id]
	return a, nil
}

func (s *RegisterStore) recipients(ctx context.Context, id int64) (map[int64][]register.Recipient, error) {
	q := `SELECT activity_id, kind, vendor_id, name, detail, country, mechanism FROM register_activity_recipients`
	var args []any
	if id != 0 {
		q += ` WHERE activity_id = ?`
		args = append(args, id)
	}
	out := map[int64][]register.Recipient{}
	rows, err := s.db.Query(ctx, q+` ORDER BY activity_id, position`, args...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var act int64
		var vendor sql.NullInt64
		var r register.Recipient
		if err := rows.Scan(&act, &r.Kind, &vendor, &r.Name, &r.Detail, &r.Country, &r.Mechanism); err != nil {
			return err
		}
		r.VendorID = vendor.Int64
		out[act] = append(out[act], r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("register recipients: %w", err)
	}
	return out, nil
}

// CreateActivity inserts a and records the change.
func (s *RegisterStore) CreateActivity(ctx context.Context, a *register.Activity, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		a.CreatedAt, a.UpdatedAt, a.Version = tx.Now, tx.Now, 1
		details, err := regActivityDetails(a)
		if err != nil {
			return err
		}
		err = tx.QueryRow(ctx, `INSERT INTO register_activities (ref, name, role, details, created_at, updated_at, version)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, a.Ref, a.Name, a.Role, details, tx.Now.UnixMilli(), tx.Now.UnixMilli(), a.Version).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("register: insert activity: %w", err)
		}
		if err := regWriteRecipients(ctx, tx, a); err != nil {
			return err
		}
		ch.EntityID = a.ID
		return regRecordChange(ctx, tx, ch)
	})
}

// UpdateActivity saves a if its version is still a.Version.
func (s *RegisterStore) UpdateActivity(ctx context.Context, a *register.Activity, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		a.UpdatedAt = tx.Now
		details, err := regActivityDetails(a)
		if err != nil {
			return err
		}
		res, err := tx.Exec(ctx, `UPDATE register_activities SET ref = ?, name = ?, role = ?, details = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, a.Ref, a.Name, a.Role, details, tx.Now.UnixMilli(), a.ID, a.Version)
		if err := regOneRow(res, err, regMissing(ctx, tx, "register_activities", a.ID, register.EntityActivity)); err != nil {
			return err
		}
		a.Version++
		if err := regWriteRecipients(ctx, tx, a); err != nil {
			return err
		}
		return regRecordChange(ctx, tx, ch)
	})
}

// DeleteActivity deletes an activity; its recipients and the links from
// collection methods go with it (ON DELETE CASCADE).
func (s *RegisterStore) DeleteActivity(ctx context.Context, id int64, version int, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		res, err := tx.Exec(ctx, `DELETE FROM register_activities WHERE id = ? AND version = ?`, id, version)
		if err := regOneRow(res, err, regMissing(ctx, tx, "register_activities", id, register.EntityActivity)); err != nil {
			return err
		}
		return regRecordChange(ctx, tx, ch)
	})
}

func regActivityDetails(a *register.Activity) (string, error) {
	d := *a
	d.Recipients = nil
	return regDetails(&d)
}

func regWriteRecipients(ctx context.Context, tx *Tx, a *register.Activity) error {
	if _, err := tx.Exec(ctx, `DELETE FROM register_activity_recipients WHERE activity_id = ?`, a.ID); err != nil {
		return fmt.Errorf("register recipients: %w", err)
	}
	for i, r := range a.Recipients {
		var vendor any
		if r.VendorID != 0 {
			vendor = r.VendorID
		}
		_, err := tx.Exec(ctx, `INSERT INTO register_activity_recipients (activity_id, position, kind, vendor_id, name, detail, country, mechanism)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, i, r.Kind, vendor, r.Name, r.Detail, r.Country, r.Mechanism)
		if err != nil {
			return fmt.Errorf("register recipients: %w", err)
		}
	}
	return nil
}
