package web

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/imports"
	"github.com/gdprkit/gdprkit/internal/jobs"
	"github.com/gdprkit/gdprkit/internal/ratelimit"
	"github.com/gdprkit/gdprkit/internal/readiness"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store"
)

// testPassword is every test user's password.
const testPassword = "correct horse battery staple"

// fastHash makes argon2id cheap enough for tests that log in a lot.
var fastHash = auth.Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// harness is a web server over a real database, as cmd/gdprkit wires it,
// except that queued imports run when the test says so.
type harness struct {
	t     testing.TB
	st    *store.Stores
	srv   *Server
	ts    *httptest.Server
	auth  *auth.Service
	up    *imports.Service
	queue *fakeQueue
	users map[auth.Role]*auth.User
	// reg is the register service; limiter limits the public pages (a
	// test may lower its Limit).
	reg     *register.Service
	limiter *ratelimit.Limiter
	// consent is the consent feature with its SMTP sink
	// (consent_harness_test.go).
	consent *consentFixture
	// campaigns is the campaign service, sending to the consent
	// fixture's SMTP sink (campaign_harness_test.go).
	campaigns *campaign.Service
}

// fakeQueue records the jobs enqueued; runImports runs them.
type fakeQueue struct {
	mu   sync.Mutex
	jobs []jobs.Job
}

func (q *fakeQueue) EnqueueTx(_ context.Context, _ *sql.Tx, j jobs.Job) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs = append(q.jobs, j)
	return nil
}

func newHarness(t testing.TB, st *store.Stores) *harness {
	t.Helper()
	w := st.Web()
	q := &fakeQueue{}
	w.Uploads.Jobs = q
	a := auth.New(w.Auth)
	a.Hasher = auth.NewHasher(fastHash)
	plan := readiness.New(w.Readiness, w.Settings)
	reg := register.NewService(st.Register)
	plan.Register = reg
	limiter := &ratelimit.Limiter{Store: st.Consent.Store, Limit: 1000, Window: time.Minute, Key: []byte("test rate-limit key")}
	cf := newConsentFixture(t, st)
	camp := newCampaignService(t, st, cf, q)
	up := &imports.Service{Store: w.Uploads, Contacts: st.Contacts, Dir: filepath.Join(t.TempDir(), "uploads"), Lang: "en",
		Location: time.UTC, PersistProgress: st.PG != nil, Imported: plan.Invalidate, Now: time.Now,
		Suppression: cf.list, Checkpoint: func(ctx context.Context) error { _, _, err := cf.ledger.Checkpoint(ctx); return err }}
	srv, err := New(Config{Language: "en", Timezone: "Europe/Paris", Version: "test", Logger: quietLogger(t)}, Services{
		Accounts: a, Sessions: w.Auth, Contacts: w.Contacts, Uploads: up, Plan: plan, Audit: w.Audit, Settings: w.Settings, Health: pinger{st},
		Register: reg, Limiter: limiter, Consent: cf.svc, Campaigns: camp,
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	cf.capture.BaseURL, srv.consent.signupFloor = ts.URL, 0
	return &harness{t: t, st: st, srv: srv, ts: ts, auth: a, up: up, queue: q, users: map[auth.Role]*auth.User{}, reg: reg, limiter: limiter,
		consent: cf, campaigns: camp}
}

type pinger struct{ st *store.Stores }

func (p pinger) Ping(ctx context.Context) error {
	var one int
	return p.st.DB.QueryRow(ctx, `SELECT 1`).Scan(&one)
}

// user returns a user of the role, creating it once.
func (h *harness) user(role auth.Role) *auth.User {
	h.t.Helper()
	if u := h.users[role]; u != nil {
		return u
	}
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorSystem})
	email := string(role) + "@example.com"
	u, err := h.auth.CreateUser(ctx, email, strings.ToUpper(string(role[:1]))+string(role[1:])+" Test", role, testPassword)
	if gdprkit.ErrorCode(err) == gdprkit.ECONFLICT {
		// A database kept between runs (the benchmarks') has the user.
		if u, err = h.auth.UserByEmail(ctx, email); err == nil {
			err = h.auth.SetPassword(ctx, u.ID, testPassword)
		}
	}
	if err != nil {
		h.t.Fatal(err)
	}
	h.users[role] = u
	return u
}

// client is a browser: it keeps cookies and does not follow redirects.
type client struct {
	h  *harness
	hc *http.Client
}

func (h *harness) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	return &client{h: h, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// as returns a client logged in as a user of the role.
func (h *harness) as(role auth.Role) *client {
	h.t.Helper()
	u := h.user(role)
	c := h.anonymous()
	res := c.post("/login", url.Values{"email": {u.Email}, "password": {testPassword}})
	if res.StatusCode != http.StatusSeeOther {
		h.t.Fatalf("login as %s: status %d: %s", role, res.StatusCode, res.body)
	}
	return c
}

// response is a response with its body read.
type response struct {
	*http.Response
	body string
}

func (c *client) do(req *http.Request) response {
	c.h.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.h.t.Fatal(err)
	}
	return response{res, string(b)}
}

func (c *client) get(path string) response {
	c.h.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.h.ts.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) response {
	c.h.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.h.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// runImports runs the import jobs queued so far, as the job queue would.
func (h *harness) runImports() {
	h.t.Helper()
	h.queue.mu.Lock()
	queued := h.queue.jobs
	h.queue.jobs = nil
	h.queue.mu.Unlock()
	for _, j := range queued {
		if a, ok := j.(jobs.ImportArgs); ok {
			if err := h.up.RunImport(context.Background(), a.UploadID); err != nil {
				h.t.Fatalf("import %d: %v", a.UploadID, err)
			}
		}
	}
}

// importFiles imports testdata files directly, as the command line does.
func (h *harness) importFiles(paths ...string) *contacts.Result {
	h.t.Helper()
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorCLI, ID: "test"})
	im := &contacts.Importer{Store: h.st.Contacts, Now: time.Now, Lang: "en"}
	res, err := im.Import(ctx, paths, contactsOptions())
	if err != nil {
		h.t.Fatal(err)
	}
	return res
}

func mustRead(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// quietLogger keeps the server's errors visible and its access log out of
// the test output.
func quietLogger(testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
}

func contactsOptions() esp.Options { return esp.Options{} }

// testdata names a file of the contacts package's test data.
func testdata(name string) string { return filepath.Join("..", "contacts", "testdata", name) }

// mustContain fails when s lacks one of subs.
func mustContain(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("missing %q in:\n%s", sub, excerpt(s))
		}
	}
}

func excerpt(s string) string {
	if i := strings.Index(s, `<main`); i >= 0 {
		s = s[i:]
	}
	if len(s) > 3000 {
		s = s[:3000] + "…"
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
