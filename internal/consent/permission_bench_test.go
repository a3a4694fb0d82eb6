package consent_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

// benchContacts is the size of the base the "may I send?" target names.
const benchContacts = 1_000_000

// permissionsDB opens a SQLite base of benchContacts contacts with a
// verdict each (a fifth documented) and every 50th address suppressed. It
// is built once and kept in the temporary directory: generating it takes
// about a minute.
func permissionsDB(b *testing.B) (*store.Stores, *consent.Permissions) {
	b.Helper()
	path := filepath.Join(os.TempDir(), fmt.Sprintf("gdprkit-bench-permissions-%d-v1.db", benchContacts))
	_, statErr := os.Stat(path)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	list := suppression.New(st.Consent.Store, []byte("bench suppression key"))
	if statErr != nil {
		generateBase(b, st, list)
	}
	return st, &consent.Permissions{Store: st.Consent.Store, Hashes: list.Hashes}
}

func generateBase(b *testing.B, st *store.Stores, list *suppression.List) {
	b.Helper()
	ctx := context.Background()
	for _, q := range []string{
		`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		 INSERT INTO contacts (id, email_key, email, status, created_at, updated_at)
		 SELECT i, 'person' || i || '@example.com', 'person' || i || '@example.com', 'documented', 0, 0 FROM n`,
		`INSERT INTO consent_state (contact_id, purpose, status, reasons, event_id, consent_at, updated_at)
		 SELECT id, 'email_marketing', CASE id % 5 WHEN 0 THEN 'documented' WHEN 1 THEN 'weak' WHEN 2 THEN 'missing'
			WHEN 3 THEN 'withdrawn' ELSE 'documented' END, CASE id % 5 WHEN 0 THEN 'doi_confirmed' ELSE '' END, id, 0, 0 FROM contacts`,
	} {
		if _, err := st.DB.Write.ExecContext(ctx, q, benchContacts); err != nil {
			b.Fatal(err)
		}
	}
	var addrs []address.Address
	for i := 50; i <= benchContacts; i += 50 {
		a, _ := address.Parse(fmt.Sprintf("person%d@example.com", i))
		addrs = append(addrs, a)
	}
	if err := list.Add(ctx, suppression.Manual, addrs...); err != nil {
		b.Fatal(err)
	}
}

// latencies collects request times from several goroutines.
type latencies struct {
	mu sync.Mutex
	d  []time.Duration
}

func (l *latencies) add(d []time.Duration) {
	l.mu.Lock()
	l.d = append(l.d, d...)
	l.mu.Unlock()
}

func (l *latencies) report(b *testing.B) {
	if len(l.d) == 0 {
		return
	}
	slices.Sort(l.d)
	b.ReportMetric(float64(l.d[len(l.d)*99/100].Microseconds()), "p99-µs")
}

// BenchmarkPermissionCheck is the service method behind
// GET /api/v1/permissions, at 1,000,000 contacts, from as many goroutines
// as CPUs.
func BenchmarkPermissionCheck(b *testing.B) {
	_, perm := permissionsDB(b)
	ctx := context.Background()
	var lat latencies
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		r := rand.New(rand.NewPCG(rand.Uint64(), 1))
		var mine []time.Duration
		for pb.Next() {
			email := fmt.Sprintf("person%d@example.com", 1+r.IntN(benchContacts))
			start := time.Now()
			if _, err := perm.Check(ctx, email, "email_marketing"); err != nil {
				b.Error(err)
				return
			}
			mine = append(mine, time.Since(start))
		}
		lat.add(mine)
	})
	lat.report(b)
}

// BenchmarkPermissionCheckMany answers batches of 1,000 addresses.
func BenchmarkPermissionCheckMany(b *testing.B) {
	_, perm := permissionsDB(b)
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	emails := make([]string, 1000)
	b.ResetTimer()
	for b.Loop() {
		for i := range emails {
			emails[i] = fmt.Sprintf("person%d@example.com", 1+r.IntN(benchContacts))
		}
		if _, err := perm.CheckMany(ctx, emails, "email_marketing"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(emails))/b.Elapsed().Seconds(), "addresses/s")
}

// BenchmarkPermissionHTTP serves the check over HTTP on loopback with a
// minimal handler of the shape internal/web will have, and loads it with
// keep-alive clients in the same process (the load generator shares the
// two cores). BenchmarkHTTPBaseline is the same server answering a
// constant: the ratio of the two is what the lookup costs.
func BenchmarkPermissionHTTP(b *testing.B) {
	_, perm := permissionsDB(b)
	benchHTTP(b, func(w http.ResponseWriter, r *http.Request) {
		p, err := perm.Check(r.Context(), r.URL.Query().Get("email"), r.URL.Query().Get("purpose"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnprocessableEntity)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(p) //nolint:errcheck // a benchmark
	})
}

func BenchmarkHTTPBaseline(b *testing.B) {
	benchHTTP(b, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(consent.Permission{Email: "person1@example.com", Purpose: "email_marketing", Reason: consent.ReasonNoConsent}) //nolint:errcheck // a benchmark
	})
}

func benchHTTP(b *testing.B, h http.HandlerFunc) {
	srv := httptest.NewServer(h)
	defer srv.Close()
	const clients = 32
	tr := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	client := &http.Client{Transport: tr}
	defer tr.CloseIdleConnections()
	var next atomic.Int64
	var lat latencies
	var wg sync.WaitGroup
	b.ResetTimer()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), 3))
			var mine []time.Duration
			for next.Add(1) <= int64(b.N) {
				url := fmt.Sprintf("%s/api/v1/permissions?email=person%d%%40example.com&purpose=email_marketing", srv.URL, 1+r.IntN(benchContacts))
				start := time.Now()
				resp, err := client.Get(url)
				if err != nil {
					b.Error(err)
					return
				}
				var sink json.RawMessage
				json.NewDecoder(resp.Body).Decode(&sink) //nolint:errcheck // a benchmark
				resp.Body.Close()
				mine = append(mine, time.Since(start))
			}
			lat.add(mine)
		}()
	}
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	lat.report(b)
}
