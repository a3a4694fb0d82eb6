package postgres

import (
	"context"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/gdprkit/gdprkit/internal/contacts/contactstest"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
)

// BenchmarkImportFloor is the PostgreSQL twin of the SQLite benchmark of
// the same name (see its comment for the four cases): the same rows, sent
// with COPY 10,000 rows at a time in one transaction, as the import's
// loader sends them, into tables whose indexes but their primary keys are
// dropped; the commit is counted. It needs the server named by
// GDPRKIT_TEST_POSTGRES.
func BenchmarkImportFloor(b *testing.B) {
	base := os.Getenv("GDPRKIT_TEST_POSTGRES")
	if base == "" {
		b.Skip("PostgreSQL not configured: set GDPRKIT_TEST_POSTGRES (eval \"$(.ci/postgres start)\")")
	}
	all := contactstest.Floor(1_000_000)
	var t floorTables
	for _, c := range all {
		t.contacts = append(t.contacts, sqlstore.ContactRow(nil, &c.Contact))
		t.sources = append(t.sources, sqlstore.SourceRow(nil, c.Contact.ID, &c.Source))
		for i := range c.Events {
			t.events = append(t.events, sqlstore.EventRow(nil, c.Contact.ID, &c.Events[i]))
		}
		t.states = append(t.states, sqlstore.StateRow(nil, c.Contact.ID, &c.Verdicts[0], 0))
	}
	b.Run("contacts", func(b *testing.B) { importFloor(b, base, floorTables{contacts: t.contacts}, false) })
	b.Run("contacts+indexes", func(b *testing.B) { importFloor(b, base, floorTables{contacts: t.contacts}, true) })
	b.Run("contacts+sources", func(b *testing.B) {
		importFloor(b, base, floorTables{contacts: t.contacts, sources: t.sources}, false)
	})
	b.Run("all-rows", func(b *testing.B) { importFloor(b, base, t, false) })
}

// floorTables are the rows of a floor case, per table.
type floorTables struct {
	contacts, sources, events, states [][]any
}

func importFloor(b *testing.B, base string, t floorTables, indexed bool) {
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		db := floorDatabase(ctx, b, base)
		tx, err := db.Begin(ctx)
		if err != nil {
			b.Fatal(err)
		}
		ddl := dropIndexes(ctx, b, tx)
		b.StartTimer()
		l := &loader{tx: tx}
		floorCopy(ctx, b, l, "contacts", sqlstore.ContactCols, t.contacts)
		floorCopy(ctx, b, l, "contact_sources", sqlstore.SourceCols, t.sources)
		floorCopy(ctx, b, l, "consent_events", sqlstore.EventCols, t.events)
		floorCopy(ctx, b, l, "consent_state", sqlstore.StateCols, t.states)
		if indexed {
			l.indexes = ddl
			if err := l.Indexed(ctx); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/op")
}

func floorCopy(ctx context.Context, b *testing.B, l *loader, table string, cols []string, rows [][]any) {
	for i := 0; i < len(rows); i += 10000 {
		if err := l.copy(ctx, table, cols, rows[i:min(i+10000, len(rows))]); err != nil {
			b.Fatal(err)
		}
	}
}

// floorDatabase opens a new, migrated database on the server, dropped when
// the benchmark ends.
func floorDatabase(ctx context.Context, b *testing.B, base string) *DB {
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	const name = "gdprkit_import_floor"
	for _, q := range []string{"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name} {
		if _, err := conn.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	b.Cleanup(func() {
		if c, err := pgx.Connect(ctx, base); err == nil {
			c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") //nolint:errcheck // best-effort cleanup
			c.Close(ctx)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		b.Fatal(err)
	}
	u.Path = "/" + name
	db, err := Open(ctx, u.String())
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// dropIndexes drops the indexes of contacts, contact_sources and
// consent_events but their primary keys, and returns the statements that create those of contacts
// again.
func dropIndexes(ctx context.Context, b *testing.B, tx *sqlstore.Tx) []string {
	names, ddl := listIndexes(ctx, b, tx)
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX `+pgx.Identifier{name}.Sanitize()); err != nil {
			b.Fatal(err)
		}
	}
	return ddl
}

// listIndexes returns the names of the indexes to drop, and the
// statements that create those of contacts.
func listIndexes(ctx context.Context, b *testing.B, tx *sqlstore.Tx) (names, ddl []string) {
	rows, err := tx.QueryContext(ctx, `SELECT indexname, tablename, indexdef FROM pg_indexes
		WHERE schemaname = current_schema() AND tablename IN ('contacts', 'contact_sources', 'consent_events') AND indexname NOT LIKE '%_pkey'`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, table, def string
		if err := rows.Scan(&name, &table, &def); err != nil {
			b.Fatal(err)
		}
		names = append(names, name)
		if table == "contacts" {
			ddl = append(ddl, def)
		}
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return names, ddl
}
