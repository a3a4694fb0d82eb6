package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
)

// AuditStore implements audit.Store over the audit_log table.
type AuditStore struct{ db *DB }

// NewAuditStore returns the audit store of db.
func NewAuditStore(db *DB) *AuditStore { return &AuditStore{db: db} }

var _ audit.Store = (*AuditStore)(nil)

func auditEntry(action, objectType, objectID, detail string) audit.Entry {
	return audit.Entry{Action: action, ObjectType: objectType, ObjectID: objectID, Detail: detail}
}

// jsonObject returns {"key": value} as JSON.
func jsonObject(key string, value any) string {
	b, err := json.Marshal(map[string]any{key: value})
	if err != nil {
		return "{}"
	}
	return string(b)
}

// Record appends e in its own transaction.
func (s *AuditStore) Record(ctx context.Context, e audit.Entry) error {
	return s.db.InTx(ctx, func(tx *Tx) error { return recordTx(ctx, tx, e) })
}

// recordTx appends e inside tx, with the transaction's time, and the actor
// and client address from ctx when e does not name them.
func recordTx(ctx context.Context, tx *Tx, e audit.Entry) error {
	if e.Actor == "" {
		e.Actor = gdprkit.ActorFrom(ctx).String()
	}
	if e.Remote == "" {
		e.Remote = audit.RemoteFrom(ctx)
	}
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (at, actor, action, object_type, object_id, detail, remote) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		tx.Now.UnixMilli(), e.Actor, e.Action, e.ObjectType, e.ObjectID, nonEmpty(e.Detail, "{}"), e.Remote)
	if err != nil {
		return fmt.Errorf("audit log: %w", err)
	}
	return nil
}

// Trail returns a page of entries, newest first.
func (s *AuditStore) Trail(ctx context.Context, f audit.Filter) ([]audit.Entry, error) {
	var out []audit.Entry
	f.Limit = min(max(f.Limit, 1), maxPage)
	err := s.each(ctx, f, f.Limit, func(e audit.Entry) error {
		out = append(out, e)
		return nil
	})
	return out, err
}

// EachEntry calls fn for every matching entry, newest first, reading in
// pages so memory stays flat.
func (s *AuditStore) EachEntry(ctx context.Context, f audit.Filter, fn func(audit.Entry) error) error {
	for {
		n, last := 0, int64(0)
		err := s.each(ctx, f, 1000, func(e audit.Entry) error {
			n, last = n+1, e.ID
			return fn(e)
		})
		if err != nil || n < 1000 {
			return err
		}
		f.Before = last
	}
}

// each runs one page of the filter. Each condition has an index whose
// order is id (audit_log_actor, audit_log_action, the primary key); the
// time range is the id range of audit_log_at.
func (s *AuditStore) each(ctx context.Context, f audit.Filter, limit int, fn func(audit.Entry) error) error {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if f.Actor != "" {
		add(`actor = ?`, f.Actor)
	}
	if f.Action != "" {
		add(`action = ?`, f.Action)
	}
	if f.ObjectType != "" {
		add(`object_type = ?`, f.ObjectType)
	}
	if f.ObjectID != "" {
		add(`object_id = ?`, f.ObjectID)
	}
	if !f.Since.IsZero() {
		add(`at >= ?`, f.Since.UnixMilli())
	}
	if !f.Until.IsZero() {
		add(`at < ?`, f.Until.UnixMilli())
	}
	if f.Before > 0 {
		add(`id < ?`, f.Before)
	}
	q := `SELECT id, at, actor, action, object_type, object_id, detail, remote FROM audit_log`
	if len(conds) > 0 {
		q += ` WHERE ` + strings.Join(conds, ` AND `)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	return eachRow(rows, err, func(rows *sql.Rows) error {
		var e audit.Entry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &e.Detail, &e.Remote); err != nil {
			return err
		}
		e.At = msTime(at)
		return fn(e)
	})
}
