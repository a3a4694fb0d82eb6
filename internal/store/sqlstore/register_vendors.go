package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/register"
)

const regVendorCols = `id, name, category, role, review_due, details, created_at, updated_at, version`

func regScanVendor(r scanner) (*register.Vendor, error) {
	var v register.Vendor
	var details string
	var id int64
	var name, category, role string
	var due sql.NullInt64
	var created, updated int64
	var version int
	if err := r.Scan(&id, &name, &category, &role, &due, &details, &created, &updated, &version); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(details), &v); err != nil {
		return nil, fmt.Errorf("vendor %d details: %w", id, err)
	}
	// The columns are authoritative; links come from their own table.
	v.ID, v.Name, v.Category, v.Role, v.ReviewDue = id, name, category, role, Time(due)
	v.CreatedAt, v.UpdatedAt, v.Version = regTime(created), regTime(updated), version
	v.SubProcessors = nil
	return &v, nil
}

// Vendors returns every vendor with its sub-processor links, by name.
func (s *RegisterStore) Vendors(ctx context.Context) ([]*register.Vendor, error) {
	var out []*register.Vendor
	rows, err := s.db.Query(ctx, `SELECT `+regVendorCols+` FROM register_vendors ORDER BY name, id`)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		v, err := regScanVendor(rows)
		if err == nil {
			out = append(out, v)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("register vendors: %w", err)
	}
	links, err := s.vendorLinks(ctx, 0)
	if err != nil {
		return nil, err
	}
	for _, v := range out {
		v.SubProcessors = links[v.ID]
	}
	return out, nil
}

// Vendor returns one vendor.
func (s *RegisterStore) Vendor(ctx context.Context, id int64) (*register.Vendor, error) {
	v, err := regScanVendor(s.db.QueryRow(ctx, `SELECT `+regVendorCols+` FROM register_vendors WHERE id = ?`, id))
	if err != nil {
		return nil, regNotFound(err, register.EntityVendor)
	}
	links, err := s.vendorLinks(ctx, id)
	if err != nil {
		return nil, err
	}
	v.SubProcessors = links[id]
	return v, nil
}

// vendorLinks returns sub-processor IDs by vendor, of one vendor or all (0).
func (s *RegisterStore) vendorLinks(ctx context.Context, id int64) (map[int64][]int64, error) {
	q := `SELECT vendor_id, sub_processor_id FROM register_vendor_links`
	var args []any
	if id != 0 {
		q += ` WHERE vendor_id = ?`
		args = append(args, id)
	}
	out := map[int64][]int64{}
	rows, err := s.db.Query(ctx, q+` ORDER BY vendor_id, position`, args...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var v, sub int64
		if err := rows.Scan(&v, &sub); err != nil {
			return err
		}
		out[v] = append(out[v], sub)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("register vendor links: %w", err)
	}
	return out, nil
}

// CreateVendor inserts v and records the change.
func (s *RegisterStore) CreateVendor(ctx context.Context, v *register.Vendor, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		if err := regInsertVendor(ctx, tx, v); err != nil {
			return err
		}
		if err := regWriteVendorLinks(ctx, tx, v); err != nil {
			return err
		}
		ch.EntityID = v.ID
		return regRecordChange(ctx, tx, ch)
	})
}

// UpdateVendor saves v if its version is still v.Version.
func (s *RegisterStore) UpdateVendor(ctx context.Context, v *register.Vendor, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		if err := regUpdateVendor(ctx, tx, v); err != nil {
			return err
		}
		if err := regWriteVendorLinks(ctx, tx, v); err != nil {
			return err
		}
		return regRecordChange(ctx, tx, ch)
	})
}

// SaveVendors creates and updates vendors in one transaction (a bulk
// import): new vendors first, so placeholder links between them can be
// resolved, then updates, then every vendor's links.
func (s *RegisterStore) SaveVendors(ctx context.Context, vs []*register.Vendor, chs []*register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		for _, v := range vs {
			if v.ID == 0 {
				if err := regInsertVendor(ctx, tx, v); err != nil {
					return err
				}
			} else if err := regUpdateVendor(ctx, tx, v); err != nil {
				return err
			}
		}
		if err := register.ResolveNewIDs(vs, chs); err != nil {
			return err
		}
		for _, v := range vs {
			if err := regWriteVendorLinks(ctx, tx, v); err != nil {
				return err
			}
		}
		for _, ch := range chs {
			if err := regRecordChange(ctx, tx, ch); err != nil {
				return err
			}
		}
		return nil
	})
}

// DeleteVendor deletes a vendor nothing refers to.
func (s *RegisterStore) DeleteVendor(ctx context.Context, id int64, version int, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		var refs int64
		err := tx.QueryRow(ctx, `SELECT
			(SELECT COUNT(*) FROM register_activity_recipients WHERE vendor_id = ?) +
			(SELECT COUNT(*) FROM register_vendor_links WHERE sub_processor_id = ?) +
			(SELECT COUNT(*) FROM register_methods WHERE provider_id = ?)`, id, id, id).Scan(&refs)
		if err != nil {
			return fmt.Errorf("register vendor references: %w", err)
		}
		if refs > 0 {
			return gdprkit.Errorf(gdprkit.ECONFLICT, "register.error.vendor_in_use", map[string]any{"Count": refs}, "register: vendor %d is referred to %d times", id, refs)
		}
		res, err := tx.Exec(ctx, `DELETE FROM register_vendors WHERE id = ? AND version = ?`, id, version)
		if err := regOneRow(res, err, regMissing(ctx, tx, "register_vendors", id, register.EntityVendor)); err != nil {
			return err
		}
		return regRecordChange(ctx, tx, ch)
	})
}

// vendorDetails is the vendor's JSON without what has columns or a table
// of its own.
func regVendorDetails(v *register.Vendor) (string, error) {
	d := *v
	d.SubProcessors = nil
	return regDetails(&d)
}

func regInsertVendor(ctx context.Context, tx *Tx, v *register.Vendor) error {
	v.CreatedAt, v.UpdatedAt, v.Version = tx.Now, tx.Now, 1
	details, err := regVendorDetails(v)
	if err != nil {
		return err
	}
	err = tx.QueryRow(ctx, `INSERT INTO register_vendors (name, category, role, review_due, details, created_at, updated_at, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		v.Name, v.Category, v.Role, Millis(v.ReviewDue), details, tx.Now.UnixMilli(), tx.Now.UnixMilli(), v.Version).Scan(&v.ID)
	if err != nil {
		return fmt.Errorf("register: insert vendor %q: %w", v.Name, err)
	}
	return nil
}

func regUpdateVendor(ctx context.Context, tx *Tx, v *register.Vendor) error {
	v.UpdatedAt = tx.Now
	details, err := regVendorDetails(v)
	if err != nil {
		return err
	}
	res, err := tx.Exec(ctx, `UPDATE register_vendors SET name = ?, category = ?, role = ?, review_due = ?, details = ?, updated_at = ?,
		version = version + 1 WHERE id = ? AND version = ?`,
		v.Name, v.Category, v.Role, Millis(v.ReviewDue), details, tx.Now.UnixMilli(), v.ID, v.Version)
	if err := regOneRow(res, err, regMissing(ctx, tx, "register_vendors", v.ID, register.EntityVendor)); err != nil {
		return err
	}
	v.Version++
	return nil
}

func regWriteVendorLinks(ctx context.Context, tx *Tx, v *register.Vendor) error {
	if _, err := tx.Exec(ctx, `DELETE FROM register_vendor_links WHERE vendor_id = ?`, v.ID); err != nil {
		return fmt.Errorf("register vendor links: %w", err)
	}
	for i, sub := range v.SubProcessors {
		_, err := tx.Exec(ctx, `INSERT INTO register_vendor_links (vendor_id, sub_processor_id, position) VALUES (?, ?, ?)`, v.ID, sub, i)
		if err != nil {
			return fmt.Errorf("register vendor links: %w", err)
		}
	}
	return nil
}
