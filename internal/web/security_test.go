package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

func TestSecurityHeaders(t *testing.T) {
	h := newHarness(t, storetest.Open(t, "sqlite"))
	res := h.as(auth.Viewer).get("/contacts")
	for k, want := range map[string]string{
		"Content-Security-Policy": "script-src 'self'", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
		"X-Frame-Options": "DENY", "Cache-Control": "no-store",
	} {
		if got := res.Header.Get(k); !strings.Contains(got, want) {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if res.Header.Get("Strict-Transport-Security") != "" {
		t.Error("HSTS over plain HTTP")
	}
	if strings.Contains(res.body, "<script>") || strings.Contains(res.body, " onclick=") || strings.Contains(res.body, "style=") {
		t.Error("a page has inline script or style, which the CSP blocks")
	}
	c := h.as(auth.Viewer)
	for _, ck := range c.hc.Jar.Cookies(mustURL(h.ts.URL)) {
		if ck.Name == "gdprkit_session" && strings.Contains(ck.Value, "=") {
			t.Errorf("odd session cookie %q", ck.Value)
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

func TestSessionCookieFlags(t *testing.T) {
	h := newHarness(t, storetest.Open(t, "sqlite"))
	u := h.user(auth.Viewer)
	res := h.anonymous().post("/login", url.Values{"email": {u.Email}, "password": {testPassword}})
	setCookie := res.Header.Get("Set-Cookie")
	for _, want := range []string{"gdprkit_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
		if !strings.Contains(setCookie, want) {
			t.Errorf("Set-Cookie %q lacks %q", setCookie, want)
		}
	}
}

func TestHSTSBehindTrustedProxy(t *testing.T) {
	h := newHarness(t, storetest.Open(t, "sqlite"))
	h.srv.cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	req, _ := http.NewRequest(http.MethodGet, h.ts.URL+"/login", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	res := h.anonymous().do(req)
	if !strings.Contains(res.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Errorf("no HSTS behind a trusted TLS proxy")
	}
}

func TestCrossOriginRefused(t *testing.T) {
	h := newHarness(t, storetest.Open(t, "sqlite"))
	c := h.as(auth.Admin)
	req, _ := http.NewRequest(http.MethodPost, h.ts.URL+"/settings", strings.NewReader("org_name=Evil"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	if res := c.do(req); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: status %d, want 403", res.StatusCode)
	}
	req, _ = http.NewRequest(http.MethodPost, h.ts.URL+"/settings", strings.NewReader("org_name=Ours"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if res := c.do(req); res.StatusCode != http.StatusSeeOther {
		t.Errorf("same-origin POST: status %d, want 303", res.StatusCode)
	}
}

// TestLogsHoldNoPersonalData checks the access log: no query string, no
// client address, no e-mail address.
func TestLogsHoldNoPersonalData(t *testing.T) {
	h := newHarness(t, storetest.Open(t, "sqlite"))
	var buf bytes.Buffer
	h.srv.log = slog.New(slog.NewJSONHandler(&buf, nil))
	c := h.as(auth.Viewer)
	c.get("/contacts?status=missing&q=marie.dupont@example.fr")
	c.post("/contacts/search", url.Values{"q": {"marie.dupont@example.fr"}})
	c.post("/login", url.Values{"email": {"marie.dupont@example.fr"}, "password": {"x"}})
	log := buf.String()
	if !strings.Contains(log, `"path":"/contacts"`) || !strings.Contains(log, `"route":"GET /contacts"`) {
		t.Fatalf("no access log line: %s", log)
	}
	for _, bad := range []string{"marie", "127.0.0.1", "status=missing", "viewer@example.com"} {
		if strings.Contains(log, bad) {
			t.Errorf("the log holds %q:\n%s", bad, log)
		}
	}
}

func TestHealth(t *testing.T) {
	h := newHarness(t, storetest.Open(t, "sqlite"))
	c := h.anonymous()
	for _, p := range []string{"/healthz", "/readyz"} {
		if res := c.get(p); res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p, res.StatusCode)
		}
	}
	if res := c.get("/metrics"); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous /metrics: %d, want 401", res.StatusCode)
	}
	res := h.as(auth.Viewer).get("/metrics")
	mustContain(t, res.body, "go_goroutines", "process_", "gdprkit_http_requests_total", "gdprkit_logins_total")
	if res := c.get("/nowhere"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unknown path: %d", res.StatusCode)
	}
}
