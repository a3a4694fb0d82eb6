package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"path/filepath"
	"testing"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/contactstest"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
)

// BenchmarkImportFloor measures the least an import of 1,000,000 contacts
// must pay on SQLite, whatever its design, to store rows it cannot do
// without. The rows are built before the clock starts and go through the
// loader's fastest path (the driver's own statements, 100 rows per INSERT,
// one transaction) into tables whose indexes are all dropped; the commit
// and the checkpoint that closing the database runs are counted.
//
//   - contacts: the contact rows alone;
//   - contacts+indexes: the same, then the contacts table's indexes built
//     once, sorted (lookup by address, the list's filters and sorts);
//   - contacts+sources: the contact rows and the source row that keeps
//     each one's original line (the provenance the import must record), no
//     index;
//   - all-rows: every row an import of these contacts writes (contacts,
//     sources, 1.6 ledger events per contact, a consent state), no index
//     but the consent states' primary key.
func BenchmarkImportFloor(b *testing.B) {
	rows := contactstest.Floor(1_000_000)
	b.Run("contacts", func(b *testing.B) { importFloor(b, rows, floorContacts) })
	b.Run("contacts+indexes", func(b *testing.B) { importFloor(b, rows, floorContacts|floorIndexes) })
	b.Run("contacts+sources", func(b *testing.B) { importFloor(b, rows, floorContacts|floorSources) })
	b.Run("all-rows", func(b *testing.B) { importFloor(b, rows, floorContacts|floorSources|floorEvents) })
}

// What a floor case writes.
const (
	floorContacts = 1 << iota
	floorIndexes
	floorSources
	floorEvents // and the consent states
)

func importFloor(b *testing.B, rows []*contacts.NewContact, what int) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db, err := Open(ctx, filepath.Join(b.TempDir(), "floor.db"))
		if err != nil {
			b.Fatal(err)
		}
		tx, err := db.Begin(ctx)
		if err != nil {
			b.Fatal(err)
		}
		ddl := dropIndexes(ctx, b, tx)
		b.StartTimer()
		l := &loader{tx: tx, next: map[string]int64{}, stmts: map[string]*sql.Stmt{}, raw: map[string]driver.StmtExecContext{}}
		floorInsert(ctx, b, l, "contacts", sqlstore.ContactCols, rows, func(dst []any, c *contacts.NewContact) []any {
			return sqlstore.ContactRow(dst, &c.Contact)
		})
		if what&floorSources != 0 {
			floorInsert(ctx, b, l, "contact_sources", sqlstore.SourceCols, rows, func(dst []any, c *contacts.NewContact) []any {
				return sqlstore.SourceRow(dst, c.Contact.ID, &c.Source)
			})
		}
		if what&floorEvents != 0 {
			floorInsert(ctx, b, l, "consent_events", sqlstore.EventCols, rows, func(dst []any, c *contacts.NewContact) []any {
				for i := range c.Events {
					dst = sqlstore.EventRow(dst, c.Contact.ID, &c.Events[i])
				}
				return dst
			})
			floorInsert(ctx, b, l, "consent_state", sqlstore.StateCols, rows, func(dst []any, c *contacts.NewContact) []any {
				return sqlstore.StateRow(dst, c.Contact.ID, &c.Verdicts[0], 0)
			})
		}
		if err := l.Close(); err != nil {
			b.Fatal(err)
		}
		if what&floorIndexes != 0 {
			l.indexes = ddl
			if err := l.Indexed(ctx); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		if err := db.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/op")
}

// floorInsert inserts the rows of each contact into table, about
// rowsPerInsert at a time.
func floorInsert(ctx context.Context, b *testing.B, l *loader, table string, cols []string, rows []*contacts.NewContact, row func([]any, *contacts.NewContact) []any) {
	var args []any
	for i, c := range rows {
		args = row(args, c)
		if len(args) >= rowsPerInsert*len(cols) || i == len(rows)-1 {
			if err := l.exec(ctx, table, cols, args); err != nil {
				b.Fatal(err)
			}
			args = args[:0]
		}
	}
}

// dropIndexes drops the indexes of contacts, contact_sources and
// consent_events and returns the statements that create those of contacts again.
func dropIndexes(ctx context.Context, b *testing.B, tx *sqlstore.Tx) []string {
	names, ddl := listIndexes(ctx, b, tx)
	for _, name := range names {
		if _, err := tx.Exec(ctx, `DROP INDEX `+name); err != nil {
			b.Fatal(err)
		}
	}
	return ddl
}

// listIndexes returns the names of the indexes to drop, and the
// statements that create those of contacts.
func listIndexes(ctx context.Context, b *testing.B, tx *sqlstore.Tx) (names, ddl []string) {
	rows, err := tx.Query(ctx, `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'
		AND tbl_name IN ('contacts', 'contact_sources', 'consent_events') AND sql IS NOT NULL`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, table, q string
		if err := rows.Scan(&name, &table, &q); err != nil {
			b.Fatal(err)
		}
		names = append(names, name)
		if table == "contacts" {
			ddl = append(ddl, q)
		}
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return names, ddl
}
