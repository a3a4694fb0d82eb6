// Package web is gdprkit's web application: server-rendered pages
// (html/template + htmx, every asset embedded) and the JSON API under
// /api/v1 (Huma), both on one standard ServeMux.
//
// Handlers are thin: they read the request, call one service method and
// render. The services are reached through the small interfaces declared
// in services.go. errors.go is the only place where gdprkit's error codes
// become HTTP statuses, and routes.go the only place where a route gets
// its permission from the matrix in package auth.
package web

import (
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/danielgtaylor/huma/v2"

	"github.com/gdprkit/gdprkit/internal/auth"
)

// Config is how the server runs.
type Config struct {
	// BaseURL is the public address (links in one-time setup links).
	BaseURL string
	// TrustedProxies may set X-Forwarded-For and X-Forwarded-Proto; the
	// client address is read from them only when the peer is one of them.
	TrustedProxies []netip.Prefix
	// MaxUpload bounds one upload request, in bytes.
	MaxUpload int64
	// Language and Timezone are the defaults until settings say otherwise.
	Language string
	Timezone string
	Version  string
	Logger   *slog.Logger
}

// Server is the web application.
type Server struct {
	cfg      Config
	svc      Services
	sessions *scs.SessionManager
	views    *views
	metrics  *metrics
	mux      *http.ServeMux
	api      huma.API
	routes   []route
	handler  http.Handler
	secure   bool
	orgs     orgCache
	tokens   *tokenCache
	consent  consentState
	log      *slog.Logger
	now      func() time.Time
}

// New builds the server and everything it serves. Templates are parsed
// here: a broken template stops the program at start, not a request.
func New(cfg Config, svc Services) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = 512 << 20
	}
	v, err := loadViews()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, svc: svc, views: v, metrics: newMetrics(), mux: http.NewServeMux(),
		log: cfg.Logger, now: time.Now, secure: strings.HasPrefix(cfg.BaseURL, "https://")}
	s.tokens = newTokenCache(s.now)
	s.consent.signupFloor = defaultSignupFloor
	s.sessions = s.sessionManager()
	s.api = s.newAPI()
	s.routes = append(append(s.htmlRoutes(), s.consentRoutes()...), s.campaignRoutes()...)
	for _, rt := range s.routes {
		s.mux.Handle(rt.method+" "+rt.pattern, s.guard(rt))
	}
	s.registerAPI()
	s.handler = s.middleware(s.mux)
	return s, nil
}

// Handler returns the server's root handler.
func (s *Server) Handler() http.Handler { return s.handler }

// sessionManager keeps sessions in the database (auth.SessionStore) so
// every instance shares them. The lifetime is absolute: an idle timeout
// would write the session on every request.
func (s *Server) sessionManager() *scs.SessionManager {
	m := scs.New()
	m.Store = auth.SessionStore{Storage: s.svc.Sessions}
	m.Lifetime = 12 * time.Hour
	m.Cookie.Name = "gdprkit_session"
	if s.secure {
		// The __Host- prefix makes browsers refuse the cookie unless it
		// is Secure, for this host only and for every path.
		m.Cookie.Name = "__Host-gdprkit_session"
	}
	m.Cookie.HttpOnly = true
	m.Cookie.SameSite = http.SameSiteLaxMode
	m.Cookie.Secure = s.secure
	m.Cookie.Persist = false
	m.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) { s.fail(w, r, err) }
	return m
}

// origin returns scheme://host of the base URL, for
// CrossOriginProtection's trusted origins.
func origin(base string) string {
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
