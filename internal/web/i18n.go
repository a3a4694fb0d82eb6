package web

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/settings"
)

// langCookie remembers an explicit language choice, for visitors who are
// not logged in too.
const langCookie = "gdprkit_lang"

func langOf(r *http.Request) string {
	if l, ok := r.Context().Value(keyLang).(string); ok {
		return l
	}
	return locale.Default
}

// language picks the page language: the user's preference, an explicit
// choice (cookie), the browser's Accept-Language, then the organisation's
// default.
func (s *Server) language(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), keyLang, s.pickLanguage(r))))
	})
}

func (s *Server) pickLanguage(r *http.Request) string {
	if p := principalOf(r); p != nil && p.user.Language != "" {
		return locale.Normalize(p.user.Language)
	}
	if c, err := r.Cookie(langCookie); err == nil && c.Value != "" {
		return locale.Normalize(c.Value)
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		return locale.Match(al)
	}
	return locale.Normalize(s.org(r.Context()).Language)
}

// switchLanguage handles the language buttons: it remembers the choice in
// a cookie and, for a logged-in user, as their preference.
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) {
	lang := locale.Normalize(r.PostFormValue("lang"))
	// Secure whenever the site is served over HTTPS (base URL).
	c := &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode} //nolint:gosec // Secure follows the base URL's scheme
	http.SetCookie(w, c)
	if p := principalOf(r); p != nil && p.token == nil {
		if err := s.svc.Accounts.SetLanguage(r.Context(), p.user.ID, lang); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	redirect(w, r, localPath(r.PostFormValue("back")))
}

// localPath keeps a redirect on this site: a path, never a URL.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, `\`) {
		return "/"
	}
	return p
}

// orgCache keeps the organisation's settings for a short while: every page
// shows the name and dates in its time zone.
type orgCache struct {
	mu sync.Mutex
	s  settings.Settings
	at time.Time
}

var orgTTL = 30 * time.Second

func (s *Server) org(ctx context.Context) settings.Settings {
	c := &s.orgs
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.at.IsZero() && s.now().Sub(c.at) < orgTTL {
		return c.s
	}
	st, err := settings.Load(ctx, s.svc.Settings, s.cfg.Language, s.cfg.Timezone)
	if err != nil {
		s.log.WarnContext(ctx, "read settings", "err", err)
		if c.at.IsZero() {
			return settings.Settings{Language: s.cfg.Language, Timezone: s.cfg.Timezone}
		}
		return c.s
	}
	c.s, c.at = st, s.now()
	return st
}

// forgetOrg drops the cached settings after they change.
func (s *Server) forgetOrg() {
	s.orgs.mu.Lock()
	s.orgs.at = time.Time{}
	s.orgs.mu.Unlock()
}

func (s *Server) location(ctx context.Context) *time.Location { return s.org(ctx).Location() }

func (s *Server) orgName(ctx context.Context) string { return s.org(ctx).OrgName }

func translate(lang, key string, args map[string]any) string { return locale.T(lang, key, args) }
