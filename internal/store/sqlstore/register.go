package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/register"
)

// RegisterStore implements register.Store in portable SQL. Each entry is
// a row with the columns lists sort on and a details column holding the
// register package's JSON form of the entry; links are rows of their own.
type RegisterStore struct {
	db *DB
}

// NewRegisterStore returns the register store of db.
func NewRegisterStore(db *DB) *RegisterStore { return &RegisterStore{db: db} }

var _ register.Store = (*RegisterStore)(nil)

// regRecordChange writes a history entry with the transaction's time and the
// actor from ctx.
func regRecordChange(ctx context.Context, tx *Tx, ch *register.Change) error {
	if ch == nil {
		return nil
	}
	ch.At, ch.Actor = tx.Now, gdprkit.ActorFrom(ctx).String()
	fields, err := json.Marshal(ch.Fields)
	if err != nil {
		return fmt.Errorf("register history: %w", err)
	}
	if ch.Fields == nil {
		fields = []byte("{}")
	}
	err = tx.QueryRow(ctx, `INSERT INTO register_changes (at, actor, entity, entity_id, action, fields) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		tx.Now.UnixMilli(), ch.Actor, ch.Entity, ch.EntityID, ch.Action, string(fields)).Scan(&ch.ID)
	if err != nil {
		return fmt.Errorf("register history: %w", err)
	}
	return nil
}

// Changes returns history entries, newest first.
func (s *RegisterStore) Changes(ctx context.Context, f register.ChangeFilter) ([]register.Change, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 200
	}
	q := `SELECT id, at, actor, entity, entity_id, action, fields FROM register_changes`
	var args []any
	switch {
	case f.Entity != "" && f.EntityID != 0:
		q += ` WHERE entity = ? AND entity_id = ?`
		args = append(args, f.Entity, f.EntityID)
	case f.Entity != "":
		q += ` WHERE entity = ?`
		args = append(args, f.Entity)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, limit)
	var out []register.Change
	rows, err := s.db.Query(ctx, q, args...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var c register.Change
		var at int64
		var fields string
		if err := rows.Scan(&c.ID, &at, &c.Actor, &c.Entity, &c.EntityID, &c.Action, &fields); err != nil {
			return err
		}
		c.At = regTime(at)
		if err := json.Unmarshal([]byte(fields), &c.Fields); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("register history: %w", err)
	}
	return out, nil
}

// Organisation returns page 1 of the register, zero when never saved.
func (s *RegisterStore) Organisation(ctx context.Context) (*register.Organisation, error) {
	var o register.Organisation
	var details string
	var updated int64
	var version int
	err := s.db.QueryRow(ctx, `SELECT details, updated_at, version FROM register_organisation WHERE id = 1`).Scan(&details, &updated, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return &o, nil
	}
	if err != nil {
		return nil, fmt.Errorf("register organisation: %w", err)
	}
	if err := json.Unmarshal([]byte(details), &o); err != nil {
		return nil, fmt.Errorf("register organisation: %w", err)
	}
	// The columns are authoritative over the copy inside details.
	o.UpdatedAt, o.Version = regTime(updated), version
	return &o, nil
}

// SaveOrganisation saves page 1; o.Version is the version read (0 when
// none was saved yet).
func (s *RegisterStore) SaveOrganisation(ctx context.Context, o *register.Organisation, ch *register.Change) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		details, err := json.Marshal(o)
		if err != nil {
			return err
		}
		var res sql.Result
		if o.Version == 0 {
			res, err = tx.Exec(ctx, `INSERT INTO register_organisation (id, details, updated_at, version) VALUES (1, ?, ?, 1)`,
				string(details), tx.Now.UnixMilli())
			if gdprkit.ErrorCode(err) == gdprkit.ECONFLICT {
				return regStale()
			}
		} else {
			res, err = tx.Exec(ctx, `UPDATE register_organisation SET details = ?, updated_at = ?, version = version + 1 WHERE id = 1 AND version = ?`,
				string(details), tx.Now.UnixMilli(), o.Version)
		}
		if err := regOneRow(res, err, func() error { return regStale() }); err != nil {
			return err
		}
		o.Version++
		o.UpdatedAt = tx.Now
		return regRecordChange(ctx, tx, ch)
	})
}

// Secret returns the secret stored under name, storing candidate when
// there is none. ON CONFLICT DO NOTHING lets two instances race safely:
// both read back the one that won.
func (s *RegisterStore) Secret(ctx context.Context, name string, candidate []byte) ([]byte, error) {
	var out []byte
	err := s.db.InTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO register_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, candidate); err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT value FROM register_secrets WHERE name = ?`, name).Scan(&out)
	})
	if err != nil {
		return nil, fmt.Errorf("register secret: %w", err)
	}
	return out, nil
}

func regStale() error {
	return gdprkit.Errorf(gdprkit.ECONFLICT, "register.error.stale", nil, "register: changed since it was read")
}

// regOneRow checks that a write touched exactly one row; otherwise it
// returns missing(), which tells "gone" from "changed meanwhile".
func regOneRow(res sql.Result, err error, missing func() error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return missing()
	}
	return nil
}

// regTime reads a NOT NULL milliseconds column.
func regTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// regMissing tells a stale version from a deleted row after an
// update or delete that touched nothing.
func regMissing(ctx context.Context, tx *Tx, table string, id int64, entity string) func() error {
	return func() error {
		var one int
		err := tx.QueryRow(ctx, `SELECT 1 FROM `+table+` WHERE id = ?`, id).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return gdprkit.Errorf(gdprkit.ENOTFOUND, "register.error.not_found", map[string]any{"Entity": entity}, "register: %s %d not found", entity, id)
		}
		if err != nil {
			return err
		}
		return regStale()
	}
}

// regDetails marshals an entry for its details column.
func regDetails(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("register details: %w", err)
	}
	return string(b), nil
}

func regNotFound(err error, entity string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return gdprkit.Errorf(gdprkit.ENOTFOUND, "register.error.not_found", map[string]any{"Entity": entity}, "register: %s not found", entity)
	}
	return err
}
