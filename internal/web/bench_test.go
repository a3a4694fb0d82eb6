package web

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// The web benchmarks render pages server-side, through the whole stack
// (middleware, session, audit record, template), against a base of
// benchContacts contacts on SQLite and on PostgreSQL. The seeded database
// is kept between runs (GDPRKIT_BENCH_DIR, by default the system's temp
// folder, for SQLite; database gdprkit_bench_1m on the test server for
// PostgreSQL), so only the first run pays the seeding.
//
//	eval "$(.ci/postgres start)"
//	go test ./internal/web -run '^$' -bench Web -benchtime 200x -timeout 60m
//
// Each page reports its median and 95th percentile (ms-p50, ms-p95), and
// its median as a ratio to the baseline measured in the same run: a
// SELECT 1 through the same pool (x-select1) and an empty page
// (/healthz through every middleware, x-healthz).
const benchContacts = 1_000_000

func BenchmarkWeb(b *testing.B) {
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) {
			st := benchStore(b, d)
			h := newHarness(b, st)
			contact := benchContact(b, h)
			c := h.as(auth.Marketer)
			key := benchSearch(b, c, "dupont")
			base := map[string]float64{}
			run := func(name string, fn func() int) {
				b.Run(name, func(b *testing.B) {
					p50 := measure(b, fn, base)
					if name == "select1" || name == "healthz" {
						base[name] = p50
					}
				})
			}
			run("select1", func() int {
				var one int
				if err := st.DB.QueryRow(context.Background(), `SELECT 1`).Scan(&one); err != nil {
					b.Fatal(err)
				}
				return http.StatusOK
			})
			run("healthz", func() int { return c.get("/healthz").StatusCode })
			run("contacts_list", func() int { return c.get("/contacts").StatusCode })
			run("contacts_list_page_100", func() int { return c.get("/contacts?after=" + itoa(benchContacts-100*50)).StatusCode })
			run("contacts_filtered_status", func() int { return c.get("/contacts?status=missing").StatusCode })
			run("contacts_filtered_purpose", func() int { return c.get("/contacts?purpose=sms_marketing").StatusCode })
			run("contacts_filtered_import", func() int { return c.get("/contacts?import=1&status=weak").StatusCode })
			run("contacts_search_name", func() int { return c.get("/contacts?s=" + key).StatusCode })
			run("contact_page", func() int { return c.get("/contacts/" + itoa(contact)).StatusCode })
			run("dashboard", func() int { return c.get("/").StatusCode })
			// The first view after an import counts the base again.
			run("dashboard_recount", func() int {
				h.srv.svc.Plan.Invalidate()
				return c.get("/").StatusCode
			})
		})
	}
}

// measure times each call, reports the median and 95th percentile, and the
// median as multiples of the baselines already measured.
func measure(b *testing.B, fn func() int, base map[string]float64) float64 {
	var times []float64
	for b.Loop() {
		start := time.Now()
		if status := fn(); status != http.StatusOK {
			b.Fatalf("status %d", status)
		}
		times = append(times, float64(time.Since(start).Nanoseconds())/1e6)
	}
	slices.Sort(times)
	p50, p95 := times[len(times)/2], times[len(times)*95/100]
	b.ReportMetric(p50, "ms-p50")
	b.ReportMetric(p95, "ms-p95")
	for name, ms := range base {
		if ms > 0 {
			b.ReportMetric(p50/ms, "x-"+name)
		}
	}
	b.Logf("%d requests: median %.2f ms, p95 %.2f ms", len(times), p50, p95)
	return p50
}

// benchStore returns a database holding benchContacts seeded contacts and
// one real import (the Mailchimp test files, with consent events).
func benchStore(b *testing.B, dialect string) *store.Stores {
	b.Helper()
	dsn := benchDSN(b, dialect)
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	var n int
	if err := st.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM contacts`).Scan(&n); err != nil {
		b.Fatal(err)
	}
	if n < benchContacts {
		start := time.Now()
		storetest.Seed(b, st.Contacts, benchContacts)
		(&harness{t: b, st: st}).importMailchimp()
		b.Logf("%s: seeded %d contacts in %s", dialect, benchContacts, time.Since(start).Round(time.Second))
		// What autovacuum does after a big load on PostgreSQL (the
		// visibility map lets counts use index-only scans).
		maintain := `ANALYZE`
		if st.PG != nil {
			maintain = `VACUUM ANALYZE`
		}
		if _, err := st.DB.Write.Exec(maintain); err != nil {
			b.Fatal(err)
		}
	}
	return st
}

func benchDSN(b *testing.B, dialect string) string {
	b.Helper()
	if dialect == "sqlite" {
		dir := os.Getenv("GDPRKIT_BENCH_DIR")
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "gdprkit-bench")
		}
		return filepath.Join(dir, "contacts-1m.db")
	}
	base := storetest.PostgresURL(b)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'gdprkit_bench_1m')`).Scan(&exists); err != nil {
		b.Fatal(err)
	}
	if !exists {
		if _, err := conn.Exec(ctx, `CREATE DATABASE gdprkit_bench_1m`); err != nil {
			b.Fatal(err)
		}
	}
	u, _ := url.Parse(base)
	u.Path = "/gdprkit_bench_1m"
	return u.String()
}

// benchContact is a contact of the real import: with sources and events.
func benchContact(b *testing.B, h *harness) int64 {
	var id int64
	err := h.st.DB.QueryRow(context.Background(), `SELECT MAX(contact_id) FROM consent_events`).Scan(&id)
	if err != nil || id == 0 {
		b.Fatalf("no contact with consent events: %v", err)
	}
	return id
}

var searchKey = regexp.MustCompile(`s=([0-9a-f]+)`)

// benchSearch saves a search in the session and returns its key.
func benchSearch(b *testing.B, c *client, q string) string {
	res := c.post("/contacts/search", url.Values{"q": {q}})
	m := searchKey.FindStringSubmatch(res.Header.Get("Location"))
	if m == nil {
		b.Fatalf("search: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	return strings.TrimSpace(m[1])
}
