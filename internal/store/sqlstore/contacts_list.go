package sqlstore

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// The contact list pages use keyset pagination: each page is a range scan
// of one index, from where the previous page stopped, so a page costs the
// same at contact 50 and at contact 999,950. Every filter has an index in
// migration 00002 whose order is the page's order; `go test
// ./internal/store/sqlstore -run Plan` checks the plans.

// maxPage bounds a page, whatever the caller asks.
const maxPage = 500

// listQuery is a SELECT over contacts being built.
type listQuery struct {
	from  string
	conds []string
	args  []any
	order string
}

func (q *listQuery) where(cond string, args ...any) {
	q.conds = append(q.conds, cond)
	q.args = append(q.args, args...)
}

func (q *listQuery) sql(limit int) (string, []any) {
	s := `SELECT ` + prefixed("c.", contactColumns) + ` FROM ` + q.from
	if len(q.conds) > 0 {
		s += ` WHERE ` + strings.Join(q.conds, ` AND `)
	}
	return s + ` ORDER BY ` + q.order + ` LIMIT ?`, append(slices.Clone(q.args), limit)
}

// prefixed qualifies every column of a comma-separated list.
func prefixed(p, cols string) string {
	fields := strings.Split(cols, ",")
	for i, f := range fields {
		fields[i] = p + strings.TrimSpace(f)
	}
	return strings.Join(fields, ", ")
}

// collateC makes PostgreSQL compare text byte by byte, as its prefix
// indexes do; SQLite always does.
func (db *DB) collateC() string {
	if db.Dialect.Name() == "postgres" {
		return ` COLLATE "C"`
	}
	return ""
}

// orderedJoin joins keeping the tables in the written order. SQLite would
// otherwise drive an import's page from the contacts' primary key and sort
// afterwards; CROSS JOIN is its way to fix the order. PostgreSQL plans the
// join well and has no such syntax with ON.
func (db *DB) orderedJoin() string {
	if db.Dialect.Name() == "postgres" {
		return `JOIN`
	}
	return `CROSS JOIN`
}

// ListContacts returns one page of contacts matching f.
func (s *ContactStore) ListContacts(ctx context.Context, f contacts.Filter) (contacts.Page, error) {
	limit := min(max(f.Limit, 1), maxPage)
	q, err := s.listQuery(ctx, f)
	if err != nil {
		return contacts.Page{}, err
	}
	page, err := s.fetchPage(ctx, q, f, limit)
	if err != nil {
		return contacts.Page{}, fmt.Errorf("list contacts: %w", err)
	}
	return page, nil
}

func (s *ContactStore) listQuery(ctx context.Context, f contacts.Filter) (*listQuery, error) {
	q := &listQuery{from: `contacts c`, order: `c.id DESC`}
	if f.ImportID != 0 {
		// Walk the import's sources in contact order (index
		// contact_sources_import_contact); a contact with several rows in
		// the import appears once (fetchPage skips repeats).
		q.from = `contact_sources s ` + s.db.orderedJoin() + ` contacts c ON c.id = s.contact_id`
		q.order = `s.contact_id DESC`
		q.where(`s.import_id = ?`, f.ImportID)
	}
	if err := s.filters(q, f); err != nil {
		return nil, err
	}
	if f.Search != "" {
		return q, s.search(ctx, q, f)
	}
	// The first page starts below the largest id: the plan is then the
	// same range search as for the next pages, never a table scan.
	after := f.After
	if after <= 0 {
		after = math.MaxInt64
	}
	if f.ImportID != 0 {
		q.where(`s.contact_id < ?`, after)
	} else {
		q.where(`c.id < ?`, after)
	}
	return q, nil
}

// filters adds the status, channel and purpose conditions.
func (s *ContactStore) filters(q *listQuery, f contacts.Filter) error {
	switch f.Status {
	case "":
	case contacts.FilterRepermission:
		// A literal: the predicate of index contacts_repermission.
		q.where(`c.status IN ('weak', 'missing')`)
	default:
		q.where(`c.status = ?`, string(f.Status))
	}
	switch f.Channel {
	case "":
	case contacts.ChannelNone:
		q.where(`c.consent_channel = ?`, "")
	default:
		q.where(`c.consent_channel = ?`, f.Channel)
	}
	if f.Purpose != "" {
		if !slices.Contains(contacts.ListPurposes, f.Purpose) {
			return gdprkit.Errorf(gdprkit.EINVALID, "contacts.purpose_unknown", nil, "unknown purpose %q", f.Purpose)
		}
		// A literal, not a parameter: the planner uses a partial index
		// only when the query repeats its predicate word for word.
		q.where(`c.purposes LIKE '%"purpose":"` + f.Purpose + `"%'`)
	}
	return nil
}

// search adds a prefix search on the address or a name, ordered by that
// field so the page is a range of its index. The cursor is a contact ID;
// the field's value at that contact is read back, so no personal data
// travels in the cursor.
func (s *ContactStore) search(ctx context.Context, q *listQuery, f contacts.Filter) error {
	col, norm := s.searchColumn(q, f)
	q.where(col+` >= ? AND `+col+` < ?`, norm, PrefixEnd(norm))
	q.order = col + `, c.id`
	if f.Field() == contacts.SearchEmail {
		q.order = col // unique: the index alone orders the page
	}
	if f.ImportID != 0 {
		// The import's sources drive the scan; the prefix filters them.
		q.order = `s.contact_id DESC`
		if f.After > 0 {
			q.where(`s.contact_id < ?`, f.After)
		}
		return nil
	}
	if f.After > 0 {
		return s.searchAfter(ctx, q, f, col)
	}
	return nil
}

// searchColumn returns the indexed expression a search compares and the
// search text normalised as the index holds it.
func (s *ContactStore) searchColumn(q *listQuery, f contacts.Filter) (string, string) {
	col, norm := `c.email_key`, strings.ToLower(strings.TrimSpace(f.Search))
	switch f.Field() {
	case contacts.SearchLastName:
		col, norm = `gdprkit_fold(c.last_name)`, Fold(strings.TrimSpace(f.Search))
		q.where(`c.last_name <> ''`)
	case contacts.SearchFirstName:
		col, norm = `gdprkit_fold(c.first_name)`, Fold(strings.TrimSpace(f.Search))
		q.where(`c.first_name <> ''`)
	}
	return col + s.db.collateC(), norm
}

// searchAfter starts a search page after the cursor's contact.
func (s *ContactStore) searchAfter(ctx context.Context, q *listQuery, f contacts.Filter, col string) error {
	var last string
	if err := s.db.QueryRow(ctx, `SELECT `+strings.ReplaceAll(col, "c.", "")+` FROM contacts WHERE id = ?`, f.After).Scan(&last); err != nil {
		return NotFound(err, "contacts.cursor_invalid")
	}
	if f.Field() == contacts.SearchEmail {
		q.where(col+` > ?`, last)
		return nil
	}
	// The range bound (field >= last) lets both databases start the index
	// walk at the cursor; the OR then skips the rows of the same name
	// already shown.
	q.where(col+` >= ? AND (`+col+` > ? OR c.id > ?)`, last, last, f.After)
	return nil
}

// fetchPage reads limit contacts. Under an import filter the same contact
// may come several times in a row (one per source row); repeats are
// skipped and the scan goes on until the page is full.
func (s *ContactStore) fetchPage(ctx context.Context, q *listQuery, f contacts.Filter, limit int) (contacts.Page, error) {
	var page contacts.Page
	var lastID int64
	for {
		query, args := q.sql(limit + 1)
		got, err := s.scanContacts(ctx, query, args)
		if err != nil {
			return page, err
		}
		for i := range got {
			if got[i].ID == lastID {
				continue
			}
			lastID = got[i].ID
			if len(page.Contacts) == limit {
				page.Next = page.Contacts[limit-1].ID
				return page, nil
			}
			page.Contacts = append(page.Contacts, got[i])
		}
		if f.ImportID == 0 || len(got) <= limit {
			return page, nil
		}
		// Only repeats filled the batch: continue after them.
		q.where(`s.contact_id < ?`, lastID)
	}
}

func (s *ContactStore) scanContacts(ctx context.Context, query string, args []any) ([]contacts.Contact, error) {
	rows, err := s.db.Query(ctx, query, args...)
	return collect(rows, err, deref(scanContact))
}

// ContactByID returns a contact.
func (s *ContactStore) ContactByID(ctx context.Context, id int64) (*contacts.Contact, error) {
	c, err := scanContact(s.db.QueryRow(ctx, `SELECT `+contactColumns+` FROM contacts WHERE id = ?`, id))
	if err != nil {
		return nil, NotFound(err, "contacts.not_found")
	}
	return c, nil
}
