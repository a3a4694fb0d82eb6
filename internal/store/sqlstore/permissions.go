package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/gdprkit/gdprkit/internal/consent"
)

var _ consent.PermissionStore = (*ConsentStore)(nil)

// permissionSQL answers "may I send?" for a known address in one
// statement: whether the address's suppression hashes are listed, the
// contact, and its verdict for the purpose. Each part is an index lookup
// (suppressions.hash, contacts.email_key, consent_state's primary key,
// which SQLite stores the table by: WITHOUT ROWID): no JSON, no scan. An
// address without a provider variant has one hash, so one probe.
const (
	permissionSQL1 = `SELECT EXISTS (SELECT 1 FROM suppressions WHERE hash = ?), c.id, s.status, s.reasons, s.event_id, s.consent_at
	FROM contacts c LEFT JOIN consent_state s ON s.contact_id = c.id AND s.purpose = ?
	WHERE c.email_key = ?`
	permissionSQL2 = `SELECT EXISTS (SELECT 1 FROM suppressions WHERE hash IN (?, ?)), c.id, s.status, s.reasons, s.event_id, s.consent_at
	FROM contacts c LEFT JOIN consent_state s ON s.contact_id = c.id AND s.purpose = ?
	WHERE c.email_key = ?`
	// An unknown address is rarer; it is looked up on the list alone, so
	// that an erased person's address still answers "suppressed".
	suppressedSQL1 = `SELECT EXISTS (SELECT 1 FROM suppressions WHERE hash = ?)`
	suppressedSQL2 = `SELECT EXISTS (SELECT 1 FROM suppressions WHERE hash IN (?, ?))`
)

// permissionStmts are the lookups, prepared once; database/sql prepares
// them again on each pooled connection as needed.
type permissionStmts struct {
	once  sync.Once
	known [2]*sql.Stmt // by number of hashes
	list  [2]*sql.Stmt
	err   error
}

func (s *ConsentStore) permissionStatements(ctx context.Context) (*permissionStmts, error) {
	p := &s.perm
	p.once.Do(func() {
		// Not the caller's context: a cancelled first request must not
		// leave the statements unprepared for good.
		ctx := context.WithoutCancel(ctx)
		for i, q := range []string{permissionSQL1, permissionSQL2, suppressedSQL1, suppressedSQL2} {
			st, err := s.db.Read.PrepareContext(ctx, s.db.Q(q)) //nolint:sqlclosecheck // kept for the life of the store
			if err != nil {
				p.err = err
				return
			}
			if i < 2 {
				p.known[i] = st
			} else {
				p.list[i-2] = st
			}
		}
	})
	return p, p.err
}

// Permission reads one address's permission for purpose.
func (s *ConsentStore) Permission(ctx context.Context, key string, hashes [][]byte, purpose string) (consent.PermissionRow, error) {
	var row consent.PermissionRow
	p, err := s.permissionStatements(ctx)
	if err != nil {
		return row, fmt.Errorf("permission: %w", err)
	}
	n := min(len(hashes), 2) - 1
	args := make([]any, 0, 4)
	for _, h := range hashes[:n+1] {
		args = append(args, h)
	}
	var contact, event, at sql.NullInt64
	var status, reasons sql.NullString
	err = p.known[n].QueryRowContext(ctx, append(args, purpose, key)...).Scan(&row.Suppressed, &contact, &status, &reasons, &event, &at)
	if errors.Is(err, sql.ErrNoRows) {
		err = p.list[n].QueryRowContext(ctx, args...).Scan(&row.Suppressed)
	}
	if err != nil {
		return row, fmt.Errorf("permission: %w", err)
	}
	row.Known = contact.Valid
	if status.Valid {
		row.State = &consent.StoredState{Status: status.String, Reasons: reasons.String, EventID: event.Int64, ConsentAt: Time(at)}
	}
	return row, nil
}

// Permissions reads many addresses' permissions for purpose: two queries
// per 500 addresses, whatever their number.
func (s *ConsentStore) Permissions(ctx context.Context, keys []string, hashes [][][]byte, purpose string) ([]consent.PermissionRow, error) {
	out := make([]consent.PermissionRow, len(keys))
	for _, c := range chunks(len(keys), 500) {
		if err := s.permissionChunk(ctx, keys[c[0]:c[1]], hashes[c[0]:c[1]], purpose, out[c[0]:c[1]]); err != nil {
			return nil, fmt.Errorf("permissions: %w", err)
		}
	}
	return out, nil
}

func (s *ConsentStore) permissionChunk(ctx context.Context, keys []string, hashes [][][]byte, purpose string, out []consent.PermissionRow) error {
	index := make(map[string][]int, len(keys))
	for i, k := range keys {
		index[k] = append(index[k], i)
	}
	rows, err := s.db.Query(ctx, `SELECT c.email_key, s.status, s.reasons, s.event_id, s.consent_at
		FROM contacts c LEFT JOIN consent_state s ON s.contact_id = c.id AND s.purpose = ?
		WHERE c.email_key IN (`+marks(len(keys))+`)`, append([]any{purpose}, anys(keys)...)...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var key string
		var status, reasons sql.NullString
		var event, at sql.NullInt64
		if err := rows.Scan(&key, &status, &reasons, &event, &at); err != nil {
			return err
		}
		for _, i := range index[key] {
			out[i].Known = true
			if status.Valid {
				out[i].State = &consent.StoredState{Status: status.String, Reasons: reasons.String, EventID: event.Int64, ConsentAt: Time(at)}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	var all [][]byte
	owner := map[string][]int{}
	for i, hs := range hashes {
		for _, h := range hs {
			all = append(all, h)
			owner[string(h)] = append(owner[string(h)], i)
		}
	}
	found, err := s.SuppressedHashes(ctx, all)
	if err != nil {
		return err
	}
	for h := range found {
		for _, i := range owner[h] {
			out[i].Suppressed = true
		}
	}
	return nil
}
