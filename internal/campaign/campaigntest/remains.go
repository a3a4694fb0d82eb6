package campaigntest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/store"
)

// Remains searches every column of every table of the database (River's
// included) for each needle, compared in lower case, and for the contact
// ids in every column named contact_id (and the audit trail's object ids
// of contacts). It returns one line per hit: "table: needle". A purge
// must leave none.
func Remains(tb testing.TB, st *store.Stores, needles []string, contactIDs []int64) []string {
	tb.Helper()
	ctx := context.Background()
	var hits []string
	for _, table := range tables(tb, st) {
		cols := columns(tb, st, table)
		for _, n := range needles {
			n = strings.ToLower(n)
			var count int
			q := `SELECT COUNT(*) FROM ` + quote(table) + ` t WHERE ` + rowText(st, table, cols) + ` LIKE ? ESCAPE '\'`
			if err := st.DB.QueryRow(ctx, q, "%"+escapeLike(n)+"%").Scan(&count); err != nil {
				tb.Fatalf("search %s: %v", table, err)
			}
			if count > 0 {
				hits = append(hits, table+": "+n)
			}
		}
		for _, c := range cols {
			if c == "contact_id" || (table == "audit_log" && c == "object_id") {
				hits = append(hits, idHits(tb, st, table, c, contactIDs)...)
			}
		}
	}
	return hits
}

func idHits(tb testing.TB, st *store.Stores, table, col string, ids []int64) []string {
	var hits []string
	for _, id := range ids {
		var count int
		q := `SELECT COUNT(*) FROM ` + quote(table) + ` WHERE CAST(` + col + ` AS TEXT) = ?`
		if table == "audit_log" {
			q += ` AND object_type = 'contact'`
		}
		if err := st.DB.QueryRow(context.Background(), q, strconv.FormatInt(id, 10)).Scan(&count); err != nil {
			tb.Fatalf("search %s.%s: %v", table, col, err)
		}
		if count > 0 {
			hits = append(hits, table+"."+col+": contact "+strconv.FormatInt(id, 10))
		}
	}
	return hits
}

// rowText is an expression holding a whole row as lower-case text.
func rowText(st *store.Stores, table string, cols []string) string {
	if st.PG != nil {
		return `lower(t::text)`
	}
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = `COALESCE(CAST(t.` + quote(c) + ` AS TEXT), '')`
	}
	return `lower(` + strings.Join(parts, ` || '|' || `) + `)`
}

func tables(tb testing.TB, st *store.Stores) []string {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`
	if st.PG != nil {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`
	}
	return strings1(tb, st, q)
}

func columns(tb testing.TB, st *store.Stores, table string) []string {
	q := `SELECT name FROM pragma_table_info(?) ORDER BY cid`
	if st.PG != nil {
		q = `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position`
	}
	return strings1(tb, st, q, table)
}

func strings1(tb testing.TB, st *store.Stores, q string, args ...any) []string {
	tb.Helper()
	rows, err := st.DB.Query(context.Background(), q, args...)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			tb.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

func escapeLike(s string) string {
	return strings.NewReplacer(`%`, ``, `_`, `\_`).Replace(s)
}
