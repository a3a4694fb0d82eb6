package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/gdprkit/gdprkit/internal/consent"
)

var _ consent.PermissionStore = (*ConsentStore)(nil)

// permissionSQL answers "may I send?" in one statement that always
// returns one row: whether the address's suppression hashes are listed
// (so that an erased person's address still answers "suppressed"), the
// contact if there is one, and its verdict for the purpose. Each part is
// an index lookup (suppressions.hash, contacts.email_key, consent_state's
// primary key, which SQLite stores the table by: WITHOUT ROWID): no JSON,
// no scan. An address without a provider variant has one hash, so one
// probe. %s are the parameters: ? on PostgreSQL; on SQLite a cast of ?,
// so that the plan never depends on the values bound (after an ANALYZE,
// SQLite's STAT4 would otherwise prepare the statement again for every
// new address, doubling the cost of a check).
const (
	permissionSQL1 = `SELECT EXISTS (SELECT 1 FROM suppressions WHERE hash = %[1]s), c.id, s.status, s.reasons, s.event_id, s.consent_at
	FROM (SELECT 1) AS one LEFT JOIN contacts c ON c.email_key = %[2]s
	LEFT JOIN consent_state s ON s.contact_id = c.id AND s.purpose = %[2]s`
	permissionSQL2 = `SELECT EXISTS (SELECT 1 FROM suppressions WHERE hash IN (%[1]s, %[1]s)), c.id, s.status, s.reasons, s.event_id, s.consent_at
	FROM (SELECT 1) AS one LEFT JOIN contacts c ON c.email_key = %[2]s
	LEFT JOIN consent_state s ON s.contact_id = c.id AND s.purpose = %[2]s`
)

// permissionSQL returns a lookup with the dialect's parameters.
func (s *ConsentStore) permissionSQL(q string) string {
	blob, text := "?", "?"
	if s.db.Dialect.Name() == "sqlite" {
		blob, text = "CAST(? AS BLOB)", "CAST(? AS TEXT)"
	}
	return fmt.Sprintf(q, blob, text)
}

// permissionStmts are the lookups, prepared once; database/sql prepares
// them again on each pooled connection as needed.
type permissionStmts struct {
	once  sync.Once
	known [2]*sql.Stmt // by number of hashes
	err   error
}

func (s *ConsentStore) permissionStatements(ctx context.Context) (*permissionStmts, error) {
	p := &s.perm
	p.once.Do(func() {
		// Not the caller's context: a cancelled first request must not
		// leave the statements unprepared for good.
		ctx := context.WithoutCancel(ctx)
		for i, q := range []string{permissionSQL1, permissionSQL2} {
			st, err := s.db.Read.PrepareContext(ctx, s.db.Q(s.permissionSQL(q))) //nolint:sqlclosecheck // kept for the life of the store
			if err != nil {
				p.err = err
				return
			}
			p.known[i] = st
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
	err = p.known[n].QueryRowContext(ctx, append(args, key, purpose)...).Scan(&row.Suppressed, &contact, &status, &reasons, &event, &at)
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
