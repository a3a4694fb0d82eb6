package web

import (
	"context"
	"errors"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// The public consent pages (the hosted form, the pages of e-mailed links)
// are seen by the people who consent, not by staff: they have a layout of
// their own ("public", partials/public.html) with the organisation's name,
// language links and the privacy notice, and no session. They change
// language with ?lang= rather than a cookie, since a form framed on
// another site gets no cookie.

// consentState is the consent feature's state in the server.
type consentState struct {
	// signupFloor is the least time a sign-up takes to answer, so that
	// the timing does not tell a known or suppressed address from a new
	// one (a suppressed address on a single opt-in form gets a
	// confirmation e-mail; the others do not).
	signupFloor time.Duration
	// verifying serialises ledger verifications: one at a time per
	// instance.
	verifying sync.Mutex
}

// defaultSignupFloor is consentState.signupFloor.
const defaultSignupFloor = 300 * time.Millisecond

// maxPublicBody bounds the body of a public consent request: a sign-up,
// a preference change, a one-click unsubscribe.
const maxPublicBody = 16 << 10

// publicView is what the public layout receives with a page's data.
type publicView struct {
	Langs      []langLink
	PrivacyURL string
	X          any
}

type langLink struct {
	Lang, Label, URL string
	Current          bool
}

// renderPublic writes a public page in the public layout.
func (s *Server) renderPublic(w http.ResponseWriter, r *http.Request, status int, name, titleKey string, data any) {
	p := s.newPage(r, "", titleKey, publicView{Langs: langLinks(r), PrivacyURL: s.svc.Consent.PrivacyURL, X: data})
	p.User, p.Role = nil, ""
	s.execute(w, r, status, name, "public", p)
}

// langLinks are the language links of a public page: the same address
// with ?lang= set.
func langLinks(r *http.Request) []langLink {
	cur := langOf(r)
	out := make([]langLink, 0, len(locale.Languages))
	for _, l := range locale.Languages {
		q := r.URL.Query()
		q.Set("lang", l)
		out = append(out, langLink{Lang: l, Label: strings.ToUpper(l), URL: r.URL.Path + "?" + q.Encode(), Current: l == cur})
	}
	return out
}

// withLang sets the page language of a public request: ?lang= first, then
// the visitor's explicit choice (cookie), then prefs in order (the
// language of the form, of the contact, of the browser), among supported
// (every language when empty).
func withLang(r *http.Request, supported []string, prefs ...string) *http.Request {
	ok := func(l string) bool { return l != "" && (len(supported) == 0 || slices.Contains(supported, l)) }
	pick := ""
	if q := r.URL.Query().Get("lang"); q != "" && ok(locale.Normalize(q)) {
		pick = locale.Normalize(q)
	} else if c, err := r.Cookie(langCookie); err == nil && ok(locale.Normalize(c.Value)) {
		pick = locale.Normalize(c.Value)
	}
	for _, p := range prefs {
		if pick == "" && ok(p) {
			pick = p
		}
	}
	if pick == "" && len(supported) > 0 {
		pick = supported[0]
	}
	if pick == "" {
		pick = langOf(r)
	}
	return r.WithContext(context.WithValue(r.Context(), keyLang, pick))
}

// browserLang is the visitor's language from Accept-Language, "" without
// the header.
func browserLang(r *http.Request) string {
	if al := r.Header.Get("Accept-Language"); al != "" {
		return locale.Match(al)
	}
	return ""
}

// publicCSP is the policy of a public page: the usual one, except that a
// hosted form may be framed by any site (frame-ancestors *) and that a
// form may redirect to the organisation's pages after its POST (browsers
// apply form-action to the redirect too).
func publicCSP(framable bool, redirects ...string) string {
	fa := "'self'"
	for _, u := range redirects {
		if o := origin(u); o != "" && !strings.Contains(fa, o) {
			fa += " " + o
		}
	}
	ancestors := "'none'"
	if framable {
		ancestors = "*"
	}
	return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
		"connect-src 'self'; form-action " + fa + "; frame-ancestors " + ancestors + "; base-uri 'none'; object-src 'none'"
}

func setPublicCSP(w http.ResponseWriter, framable bool, redirects ...string) {
	h := w.Header()
	h.Set("Content-Security-Policy", publicCSP(framable, redirects...))
	if framable {
		h.Del("X-Frame-Options")
	}
}

// allowed counts a public request against its client address's limit and
// answers 429 when it is over; the one-click answer is plain text.
func (s *Server) allowed(w http.ResponseWriter, r *http.Request, lim Limiter, bucket string, plain bool) bool {
	if lim == nil {
		return true
	}
	d, err := lim.Allow(r.Context(), bucket+":"+s.remote(r))
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	if d.Allowed {
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(d.RetryAfter.Seconds()))))
	if plain {
		http.Error(w, "Too many requests", http.StatusTooManyRequests)
		return false
	}
	r = withLang(r, nil)
	s.renderPublic(w, r, http.StatusTooManyRequests, "consent_message", "consentweb.limited.title",
		messageView{Heading: tr(r, "consentweb.limited.title", nil), Text: tr(r, "consentweb.limited.text", nil)})
	return false
}

// messageView is a public page that only says something, translated.
type messageView struct {
	Heading, Text string
}

// tokenPages are the pages of unusable links, each with its own status
// and words: a forged or altered link, an expired one, one already used.
var tokenPages = map[string]struct {
	status int
	title  string
}{
	capture.ErrTokenInvalid.Key: {http.StatusBadRequest, "consentweb.token.invalid_title"},
	capture.ErrTokenExpired.Key: {http.StatusGone, "consentweb.token.expired_title"},
	capture.ErrTokenUsed.Key:    {http.StatusConflict, "consentweb.token.used_title"},
}

// linkFailed shows the page of an unusable link, or fails as usual.
func (s *Server) linkFailed(w http.ResponseWriter, r *http.Request, err error) {
	r = withLang(r, nil)
	var e *gdprkit.Error
	if errors.As(err, &e) {
		if tp, ok := tokenPages[e.Key]; ok {
			s.renderPublic(w, r, tp.status, "consent_message", tp.title, messageView{Heading: tr(r, tp.title, nil), Text: tr(r, e.Key, nil)})
			return
		}
	}
	s.failPublic(w, r, err)
}

// failPublic shows an error on a public page, in the public layout.
func (s *Server) failPublic(w http.ResponseWriter, r *http.Request, err error) {
	r = withLang(r, nil)
	status, e := classify(err)
	if status >= 500 {
		s.log.ErrorContext(r.Context(), "request failed", "route", r.Pattern, "request_id", requestID(r.Context()), "err", err)
	}
	if errors.Is(err, errTooLarge) {
		status = http.StatusRequestEntityTooLarge
	}
	s.renderPublic(w, r, status, "consent_message", "error.title", messageView{Heading: tr(r, "error.title", nil), Text: tr(r, e.Key, e.Args)})
}

// client returns the person's address (behind trusted proxies) and
// browser, as the ledger records them.
func (s *Server) client(r *http.Request) (ip, userAgent string) {
	ua := r.UserAgent()
	if len(ua) > maxUserAgent {
		ua = ua[:maxUserAgent]
	}
	return s.remote(r), strings.ToValidUTF8(ua, "")
}

const maxUserAgent = 512

// textHTML renders a consent text's body: HTML as written by the DPO (the
// CSP forbids inline script on these pages), plain text escaped.
func textHTML(format, body string) template.HTML {
	if format == "html" {
		return template.HTML(body) //nolint:gosec // the DPO's own wording, shown as written; CSP forbids script
	}
	return template.HTML(strings.ReplaceAll(template.HTMLEscapeString(body), "\n", "<br>")) //nolint:gosec // escaped above
}

// sameSite reports whether a URL is on this server, so a Referer of our
// own is not taken for the page a form was on.
func (s *Server) sameSite(r *http.Request, raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return true
	}
	if o := origin(s.cfg.BaseURL); o != "" {
		return u.Scheme+"://"+u.Host == o
	}
	return u.Host == r.Host
}

// publicPosts are the POST routes open to other origins.
var publicPosts = []string{"POST /f/{slug}", "POST /consent/unsubscribe/{token}"}

// publicConsentPath reports whether p is a public consent page: those
// load no session and set no cookie (RFC 8058 wants none on one-click).
func publicConsentPath(p string) bool {
	return strings.HasPrefix(p, "/f/") || strings.HasPrefix(p, "/consent/confirm/") ||
		strings.HasPrefix(p, "/consent/preferences/") || strings.HasPrefix(p, "/consent/unsubscribe/")
}
