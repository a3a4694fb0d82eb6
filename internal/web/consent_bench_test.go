package web

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/consent"
)

// BenchmarkPermissionsAPI is the "may I send?" target of issue 4: the real
// handler, GET /api/v1/permissions, through every middleware (request id,
// access log, metrics, security headers, cross-origin check, API-token
// authentication, the permission guard), over HTTP on loopback, against
// the web benchmarks' base of 1,000,000 contacts in SQLite, with the load
// generator in the same process on the same cores.
//
//	for i in 1 2 3; do
//	  go test ./internal/web -run '^$' -bench PermissionsAPI -benchtime 400000x -count 1 -timeout 30m
//	done
//
// (Three invocations rather than -count 3, which would run the baseline
// three times before the check: each ratio then uses a baseline measured
// seconds before it.)
//
// Sub-benchmarks, measured in the same run with the same load generator:
//
//   - constant: a bare net/http server answering a constant JSON (the
//     baseline: what HTTP alone costs on this machine);
//   - healthz: the real server's /healthz, through every middleware but
//     authentication;
//   - check: the real endpoint, with a valid API token, addresses drawn at
//     random from the base (a fifth of them unknown).
//
// Each reports requests per second (req/s), the 50th and 99th percentile
// latency (ms-p50, ms-p99) and its throughput as a share of the baseline
// (x-constant). The server logs as `gdprkit serve` does (JSON, level info)
// into a file.
func BenchmarkPermissionsAPI(b *testing.B) {
	st := benchStore(b, "sqlite")
	h := newHarness(b, st)
	logFile, err := os.Create(filepath.Join(b.TempDir(), "access.log"))
	if err != nil {
		b.Fatal(err)
	}
	defer logFile.Close()
	h.srv.log = slog.New(slog.NewJSONHandler(logFile, &slog.HandlerOptions{Level: slog.LevelInfo}))
	secret, _, err := h.auth.CreateToken(gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorSystem}),
		h.user(auth.Marketer), "bench", auth.Marketer, 0)
	if err != nil {
		b.Fatal(err)
	}
	paths := benchPermissionPaths(b, h)
	constant := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"email":"person1@example.com","purpose":"email_marketing","allowed":false,"reason":"no_consent"}` + "\n"))
	}))
	defer constant.Close()
	var base float64
	b.Run("constant", func(b *testing.B) {
		base = loadHTTP(b, constant.Listener.Addr().String(), "", []string{"/api/v1/permissions?email=person1%40example.com&purpose=email_marketing"}, 0)
	})
	b.Run("healthz", func(b *testing.B) { loadHTTP(b, h.ts.Listener.Addr().String(), "", []string{"/healthz"}, base) })
	b.Run("check", func(b *testing.B) { loadHTTP(b, h.ts.Listener.Addr().String(), secret, paths, base) })
}

// benchPermissionPaths returns request paths for addresses of the base
// (every 40th contact) and, one in five, unknown addresses.
func benchPermissionPaths(b *testing.B, h *harness) []string {
	b.Helper()
	rows, err := h.st.DB.Read.Query(`SELECT email FROM contacts WHERE id % 40 = 0`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var paths []string
	for rows.Next() {
		var email string
		if err := rows.Scan(&email); err != nil {
			b.Fatal(err)
		}
		paths = append(paths, permissionsPath+"?email="+url.QueryEscape(email)+"&purpose=email_marketing")
		if len(paths)%4 == 0 {
			paths = append(paths, permissionsPath+"?email="+url.QueryEscape("nobody"+strconv.Itoa(len(paths))+"@example.org")+"&purpose=email_marketing")
		}
	}
	if err := rows.Err(); err != nil || len(paths) < 1000 {
		b.Fatalf("addresses of the base: %d, %v", len(paths), err)
	}
	return paths
}

// benchClients is how many keep-alive connections the load generator
// keeps busy.
const benchClients = 32

// loadHTTP sends b.N GET requests to addr from benchClients connections,
// each waiting for its answer before sending the next (HTTP/1.1
// keep-alive, no pipelining), and reports req/s, ms-p50, ms-p99 and, when
// base > 0, the throughput as a share of base. The load generator is a
// minimal HTTP/1.1 client (a request written from prepared bytes, the
// answer read by its Content-Length), so that the cores go to the server
// rather than to net/http's client, as with wrk.
func loadHTTP(b *testing.B, addr, token string, paths []string, base float64) float64 {
	reqs := make([][]byte, len(paths))
	for i, p := range paths {
		r := "GET " + p + " HTTP/1.1\r\nHost: " + addr + "\r\nUser-Agent: gdprkit-bench\r\nAccept: application/json\r\n"
		if token != "" {
			r += "Authorization: Bearer " + token + "\r\n"
		}
		reqs[i] = []byte(r + "\r\n")
	}
	var next atomic.Int64
	var mu sync.Mutex
	var all []time.Duration
	var wg sync.WaitGroup
	errc := make(chan error, benchClients)
	b.ResetTimer()
	for c := range benchClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat, err := loadConn(addr, reqs, uint64(c), &next, int64(b.N))
			mu.Lock()
			all = append(all, lat...)
			mu.Unlock()
			if err != nil {
				errc <- err
			}
		}()
	}
	wg.Wait()
	elapsed := b.Elapsed()
	close(errc)
	for err := range errc {
		b.Fatal(err)
	}
	rate := float64(b.N) / elapsed.Seconds()
	slices.Sort(all)
	b.ReportMetric(rate, "req/s")
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "ms-p50")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "ms-p99")
	if base > 0 {
		b.ReportMetric(rate/base, "x-constant")
	}
	b.ReportMetric(0, "ns/op")
	return rate
}

// loadConn is one client connection: requests until n are sent by all.
func loadConn(addr string, reqs [][]byte, seed uint64, next *atomic.Int64, n int64) ([]time.Duration, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	r := bufio.NewReaderSize(conn, 16<<10)
	rnd := rand.New(rand.NewPCG(seed, 7))
	lat := make([]time.Duration, 0, n/benchClients+1)
	body := make([]byte, 0, 4096)
	for next.Add(1) <= n {
		req := reqs[rnd.IntN(len(reqs))]
		start := time.Now()
		if _, err := conn.Write(req); err != nil {
			return lat, err
		}
		if body, err = readResponse(r, body[:0]); err != nil {
			return lat, err
		}
		lat = append(lat, time.Since(start))
	}
	return lat, nil
}

// readResponse reads one HTTP/1.1 response with a Content-Length and
// fails unless it is a 200.
func readResponse(r *bufio.Reader, body []byte) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return body, err
	}
	if !bytes.HasPrefix(line, []byte("HTTP/1.1 200 ")) {
		return body, fmt.Errorf("status line %q", line)
	}
	length := -1
	for {
		line, err = r.ReadSlice('\n')
		if err != nil {
			return body, err
		}
		if len(line) <= 2 {
			break
		}
		if k, v, ok := bytes.Cut(line, []byte(":")); ok && bytes.EqualFold(k, []byte("Content-Length")) {
			length, err = strconv.Atoi(string(bytes.TrimSpace(v)))
			if err != nil {
				return body, err
			}
		}
	}
	if length < 0 {
		return body, errors.New("no Content-Length")
	}
	body = slices.Grow(body, length)[:length]
	_, err = io.ReadFull(r, body)
	return body, err
}

// BenchmarkPermissionsHandler is the same request without the network:
// the handler chain in process (what the server spends per request,
// besides HTTP), beside the service call alone, to show what the
// middleware costs.
func BenchmarkPermissionsHandler(b *testing.B) {
	st := benchStore(b, "sqlite")
	h := newHarness(b, st)
	secret, _, err := h.auth.CreateToken(gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorSystem}),
		h.user(auth.Marketer), "bench", auth.Marketer, 0)
	if err != nil {
		b.Fatal(err)
	}
	paths := benchPermissionPaths(b, h)
	b.Run("service", func(b *testing.B) {
		ctx := context.Background()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			u, _ := url.Parse(paths[i%len(paths)])
			i++
			if _, err := h.consent.svc.Permissions.Check(ctx, queryValue(u.RawQuery, "email"), "email_marketing"); err != nil {
				b.Fatal(err)
			}
		}
	})
	handlerBench := func(b *testing.B) {
		handler := h.srv.Handler()
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			req := httptest.NewRequest(http.MethodGet, paths[i%len(paths)], nil)
			i++
			req.Header.Set("Authorization", "Bearer "+secret)
			w := httptest.NewRecorder()
			handler.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Fatalf("status %d: %s", w.Code, w.Body)
			}
		}
	}
	b.Run("handler", handlerBench)
	real := h.consent.svc.Permissions
	h.consent.svc.Permissions = constantPermissions{}
	b.Run("middleware", handlerBench)
	h.consent.svc.Permissions = real
}

// constantPermissions answers every check alike: the middleware's cost
// alone.
type constantPermissions struct{}

func (constantPermissions) Check(_ context.Context, email, purpose string) (*consent.Permission, error) {
	return &consent.Permission{Email: email, Purpose: purpose, Reason: consent.ReasonNoConsent}, nil
}

func (constantPermissions) CheckMany(context.Context, []string, string) ([]consent.Permission, error) {
	return nil, nil
}
