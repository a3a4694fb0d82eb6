package web

import (
	"context"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/auth"
)

type ctxKey int

const (
	keyRequestID ctxKey = iota
	keyPrincipal
	keyLang
	keySession
)

// principal is who a request acts as.
type principal struct {
	user  *auth.User
	role  auth.Role
	token *auth.Token // set for API token requests
}

func principalOf(r *http.Request) *principal {
	p, _ := r.Context().Value(keyPrincipal).(*principal)
	return p
}

// roleOf returns the request's role, "" for anonymous requests.
func roleOf(r *http.Request) auth.Role {
	if p := principalOf(r); p != nil {
		return p.role
	}
	return ""
}

func requestID(ctx context.Context) string {
	s, _ := ctx.Value(keyRequestID).(string)
	return s
}

// middleware wraps the mux, outermost first: request ID, recovery, the
// access log and metrics; security headers; cross-origin protection on
// state-changing requests; the session; who is asking; their language.
func (s *Server) middleware(next http.Handler) http.Handler {
	h := s.language(next)
	h = s.authenticate(h)
	h = s.session(h)
	h = s.crossOrigin(h)
	h = s.limitBody(h)
	h = s.headers(h)
	return s.observe(h)
}

// maxBody bounds the body of every request but uploads: forms and JSON
// are small.
const maxBody = 1 << 20

// limitBody caps request bodies: MaxUpload for the two upload routes,
// maxBody for the rest. Huma does not bound multipart bodies itself.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(maxBody)
		if r.Method == http.MethodPost && (r.URL.Path == "/imports" || r.URL.Path == "/api/v1/imports") {
			limit = s.cfg.MaxUpload
		}
		if r.Method == http.MethodPost && r.URL.Path == permissionsPath+":batch" {
			limit = maxBatchBody
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// observe logs every request and counts it. The log line has the path
// without its query string and no client address or user: logs must not
// hold personal data (the audit trail records who did what).
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := s.now()
		id := newRequestID()
		ctx := context.WithValue(r.Context(), keyRequestID, id)
		sw := &statusWriter{ResponseWriter: w}
		sw.Header().Set("X-Request-Id", id)
		defer func() {
			v := recover()
			if v != nil && v != http.ErrAbortHandler { //nolint:errorlint // a panic value, not a wrapped error
				s.log.ErrorContext(ctx, "panic", "request_id", id, "value", v, "stack", string(debug.Stack()))
				if sw.status == 0 {
					http.Error(sw, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
				}
			}
			d := s.now().Sub(start)
			// The mux sets Pattern on its own copy of the request: ask it.
			_, route := s.mux.Handler(r)
			if route == "" {
				route = "unmatched"
			}
			s.metrics.observe(route, r.Method, sw.status, d)
			if level := accessLevel(route, sw.status); s.log.Enabled(ctx, level) {
				s.log.Log(ctx, level, "http", "method", r.Method, "path", r.URL.Path, "route", route, "status", sw.status,
					"bytes", sw.bytes, "ms", d.Milliseconds(), "request_id", id)
			}
			if v == http.ErrAbortHandler { //nolint:errorlint // a panic value, not a wrapped error
				// A download broke off: net/http closes the connection
				// without logging a stack.
				panic(v)
			}
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}

// newRequestID returns 16 random hex digits. A request ID only ties log
// lines together, it guards nothing: the runtime's generator (per thread,
// seeded by the kernel) is enough, and costs no system call.
func newRequestID() string {
	var b [16]byte
	v := rand.Uint64() //nolint:gosec // an identifier for log lines, not a secret
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = "0123456789abcdef"[v&0xf]
		v >>= 4
	}
	return string(b[:])
}

// csp allows scripts, styles and everything else only from this server:
// no inline script, no framing. htmx is told not to inject its indicator
// styles (layout.html), so style-src needs no exception either.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// securityHeaders go on every response. Their values are shared slices of
// one element, assigned to the header map as they are: Header.Set would
// allocate each again on every request. (A handler that changes one sets
// a new slice; none appends to these.)
var securityHeaders = [...]struct {
	key string
	val []string
}{
	{"Content-Security-Policy", []string{csp}},
	{"X-Content-Type-Options", []string{"nosniff"}},
	{"Referrer-Policy", []string{"same-origin"}},
	{"X-Frame-Options", []string{"DENY"}},
	{"Cross-Origin-Opener-Policy", []string{"same-origin"}},
	{"Permissions-Policy", []string{"camera=(), microphone=(), geolocation=(), payment=()"}},
}

var (
	hstsValue    = []string{"max-age=63072000; includeSubDomains"}
	noStoreValue = []string{"no-store"}
)

func (s *Server) headers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for _, sh := range securityHeaders {
			h[sh.key] = sh.val
		}
		if s.isTLS(r) {
			h["Strict-Transport-Security"] = hstsValue
		}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			// API answers hold personal data too.
			h["Cache-Control"] = noStoreValue
		}
		next.ServeHTTP(w, r)
	})
}

// isTLS reports whether the client reached us over HTTPS, directly or
// through a trusted proxy.
func (s *Server) isTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	return s.fromProxy(r) && strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
}

// crossOrigin rejects state-changing requests a browser sends from
// another origin (Go's CrossOriginProtection: Sec-Fetch-Site, Origin).
// Scripts that send neither header, with an API token, pass.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	if o := origin(s.cfg.BaseURL); o != "" {
		_ = cop.AddTrustedOrigin(o)
	}
	// Websites post the sign-up forms they embed, and mailbox providers
	// the one-click unsubscribes (RFC 8058): both act with a public form
	// or a signed link, never with the session.
	for _, p := range publicPosts {
		cop.AddInsecureBypassPattern(p)
	}
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, gdprkit.Errorf(gdprkit.EFORBIDDEN, "error.cross_origin", nil, "cross-origin request refused"))
	}))
	return cop.Handler(next)
}

// session loads the session of page requests. Assets, probes and bearer
// API calls need none, and so cost no database read.
func (s *Server) session(next http.Handler) http.Handler {
	loaded := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keySession, true)))
	})
	withSession := s.sessions.LoadAndSave(loaded)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !needsSession(r) {
			next.ServeHTTP(w, r)
			return
		}
		withSession.ServeHTTP(w, r)
	})
}

// hasSession reports whether the request's session is loaded: responses
// written before the session middleware (a refused cross-origin request)
// have none.
func hasSession(r *http.Request) bool {
	ok, _ := r.Context().Value(keySession).(bool)
	return ok
}

func needsSession(r *http.Request) bool {
	p := r.URL.Path
	return !strings.HasPrefix(p, "/static/") && p != "/healthz" && p != "/readyz" && bearer(r) == "" && !publicConsentPath(p)
}

func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// authenticate puts the principal, the actor and the client address in
// the request's context. A bearer token that does not authenticate is
// refused at once; a session that ended is dropped.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := audit.WithRemote(r.Context(), s.remote(r))
		p, err := s.principal(r.WithContext(ctx))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if p != nil {
			ctx = context.WithValue(ctx, keyPrincipal, p)
			ctx = gdprkit.NewContext(ctx, actorOf(p))
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

func actorOf(p *principal) gdprkit.Actor {
	if p.token != nil {
		return gdprkit.Actor{Kind: gdprkit.ActorToken, ID: strconv.FormatInt(p.token.ID, 10), Name: p.user.DisplayName()}
	}
	return gdprkit.Actor{Kind: gdprkit.ActorUser, ID: strconv.FormatInt(p.user.ID, 10), Name: p.user.DisplayName()}
}

func (s *Server) principal(r *http.Request) (*principal, error) {
	ctx := r.Context()
	if secret := bearer(r); secret != "" {
		e, err := s.tokenPrincipal(ctx, secret)
		return e.p, err
	}
	if !hasSession(r) || !s.sessions.Exists(ctx, sessUser) {
		return nil, nil
	}
	u, err := s.svc.Accounts.SessionUser(ctx, s.sessions.GetInt64(ctx, sessUser), s.sessions.GetInt64(ctx, sessEpoch))
	if gdprkit.ErrorCode(err) == gdprkit.EUNAUTH {
		// The account was disabled, its password reset or its role
		// changed: this session is over.
		return nil, s.sessions.Destroy(ctx)
	}
	if err != nil {
		return nil, err
	}
	return &principal{user: u, role: u.Role}, nil
}

// Session keys.
const (
	sessUser    = "uid"
	sessEpoch   = "epoch"
	sessFlash   = "flash"
	sessSearch  = "search"
	sessTokenOK = "new_token"
)

// remote returns the client's address: the peer's, or when the peer is a
// trusted proxy, the last address in X-Forwarded-For that is not one.
func (s *Server) remote(r *http.Request) string {
	host := peer(r)
	if !s.fromProxy(r) {
		return host
	}
	hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break
		}
		if !s.trusted(a) {
			return a.String()
		}
	}
	return host
}

func peer(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) fromProxy(r *http.Request) bool {
	a, err := netip.ParseAddr(peer(r))
	return err == nil && s.trusted(a)
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// guard runs a route's handler once the principal may: anonymous page
// requests go to the login page, others get 401 or 403. Routes without a
// long-running body get a deadline, so a request never waits for ever on a
// busy database.
func (s *Server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !auth.Can(roleOf(r), rt.perm) {
			s.deny(w, r)
			return
		}
		if !rt.long {
			ctx, cancel := context.WithTimeout(r.Context(), requestTimeout)
			defer cancel()
			r = r.WithContext(ctx)
		}
		rt.h(w, r)
	})
}

// requestTimeout bounds a page request. On SQLite an import holds the
// database's only write lock until it commits; a page that must write (an
// audit record, a session) gives up after this and asks to retry.
const requestTimeout = 10 * time.Second

func (s *Server) deny(w http.ResponseWriter, r *http.Request) {
	if principalOf(r) != nil {
		s.fail(w, r, gdprkit.Errorf(gdprkit.EFORBIDDEN, "error.forbidden", nil, "forbidden"))
		return
	}
	if wantsJSON(r) || r.Method != http.MethodGet || r.URL.Path == "/metrics" {
		s.fail(w, r, gdprkit.Errorf(gdprkit.EUNAUTH, "error.unauthorized", nil, "authentication required"))
		return
	}
	// Only the path comes back: a query string may hold personal data.
	http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
}
