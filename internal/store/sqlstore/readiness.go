package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/readiness"
)

// ReadinessStore implements readiness.Store.
type ReadinessStore struct{ db *DB }

// NewReadinessStore returns the readiness store of db.
func NewReadinessStore(db *DB) *ReadinessStore { return &ReadinessStore{db: db} }

var _ readiness.Store = (*ReadinessStore)(nil)

// Facts counts contacts by status through the covering index
// contacts_status (no table scan), and reads the small import tables.
func (s *ReadinessStore) Facts(ctx context.Context) (readiness.Facts, error) {
	f := readiness.Facts{ByStatus: map[contacts.Status]int{}}
	counts, err := s.StatusCounts(ctx)
	if err != nil {
		return f, err
	}
	for st, n := range counts {
		f.ByStatus[st] = n
		f.Contacts += n
	}
	if err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM imports WHERE status = 'done'`).Scan(&f.Imports); err != nil {
		return f, fmt.Errorf("count imports: %w", err)
	}
	f.Processors, err = s.processors(ctx)
	return f, err
}

// ClosedCampaigns counts the campaigns that reached their deadline.
func (s *ReadinessStore) ClosedCampaigns(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM campaigns WHERE status IN ('ended', 'purging', 'purged')`).Scan(&n)
	return n, err
}

// Version changes when an import finishes or an import is removed.
func (s *ReadinessStore) Version(ctx context.Context) (string, error) {
	var n, last int64
	err := s.db.QueryRow(ctx, `SELECT COUNT(*), COALESCE(MAX(finished_at), 0) FROM imports WHERE status = 'done'`).Scan(&n, &last)
	return fmt.Sprintf("%d:%d", n, last), err
}

// StatusCounts counts contacts per status with an index-only scan.
func (s *ReadinessStore) StatusCounts(ctx context.Context) (map[contacts.Status]int, error) {
	rows, err := s.db.Query(ctx, `SELECT status, COUNT(*) FROM contacts GROUP BY status`)
	out := map[contacts.Status]int{}
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var st contacts.Status
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return err
		}
		out[st] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("count contacts: %w", err)
	}
	return out, nil
}

// processors names the providers whose exports were imported.
func (s *ReadinessStore) processors(ctx context.Context) ([]string, error) {
	rows, err := s.db.Query(ctx, `SELECT DISTINCT format FROM import_files`)
	var out []string
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var f string
		if err := rows.Scan(&f); err != nil {
			return err
		}
		if name := contacts.ProviderName(esp.Format(f)); name != "" {
			out = append(out, name)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// Ticks returns every ticked item.
func (s *ReadinessStore) Ticks(ctx context.Context) ([]readiness.Tick, error) {
	rows, err := s.db.Query(ctx, `SELECT action, item, done_at, done_by, done_by_name FROM checklist`)
	var out []readiness.Tick
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var t readiness.Tick
		var at int64
		if err := rows.Scan(&t.Action, &t.Item, &at, &t.DoneBy, &t.Name); err != nil {
			return err
		}
		t.DoneAt = msTime(at)
		out = append(out, t)
		return nil
	})
	return out, err
}

// SetTick ticks or unticks an item and records it in the audit trail.
func (s *ReadinessStore) SetTick(ctx context.Context, t readiness.Tick, done bool) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		var err error
		if done {
			_, err = tx.Exec(ctx, `INSERT INTO checklist (action, item, done_at, done_by, done_by_name) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (action, item) DO NOTHING`, t.Action, t.Item, tx.Now.UnixMilli(), gdprkit.ActorFrom(ctx).String(), t.Name)
		} else {
			_, err = tx.Exec(ctx, `DELETE FROM checklist WHERE action = ? AND item = ?`, t.Action, t.Item)
		}
		if err != nil {
			return err
		}
		return recordTx(ctx, tx, auditEntry("changed", "checklist", t.Action+"."+t.Item, jsonObject("done", done)))
	})
}
