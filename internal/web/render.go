package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/locale"
)

//go:embed templates static
var assets embed.FS

// views holds every page's template, parsed once per language so that
// templates call {{ t "key" }} without passing the language around.
type views struct {
	pages  map[string]map[string]*template.Template // lang -> page -> template
	assets map[string]string                        // file -> URL with a content hash
}

func loadViews() (*views, error) {
	v := &views{pages: map[string]map[string]*template.Template{}, assets: map[string]string{}}
	if err := v.hashAssets(); err != nil {
		return nil, err
	}
	names, err := fs.Glob(assets, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	for _, lang := range locale.Languages {
		base, err := template.New("").Funcs(v.funcs(lang)).ParseFS(assets, "templates/layout.html", "templates/partials/*.html")
		if err != nil {
			return nil, fmt.Errorf("web: templates: %w", err)
		}
		v.pages[lang] = map[string]*template.Template{}
		for _, name := range names {
			t, err := template.Must(base.Clone()).ParseFS(assets, name)
			if err != nil {
				return nil, fmt.Errorf("web: %s: %w", name, err)
			}
			v.pages[lang][strings.TrimSuffix(path.Base(name), ".html")] = t
		}
	}
	return v, nil
}

// hashAssets gives each static file a URL that changes with its content,
// so browsers may cache it for a year.
func (v *views) hashAssets() error {
	return fs.WalkDir(assets, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		v.assets[strings.TrimPrefix(p, "static/")] = "/" + p + "?v=" + hex.EncodeToString(sum[:6])
		return nil
	})
}

// page is what every template receives.
type page struct {
	Lang   string
	Title  string
	Nav    string
	User   *auth.User
	Role   auth.Role
	Flash  string
	Path   string
	Loc    *time.Location
	Org    string
	Data   any
	Setup  bool // no user yet: the login page explains the setup link
	Status int
}

// Can reports whether the page's viewer may do perm (a permission name).
func (p *page) Can(perm string) bool { return auth.Can(p.Role, auth.Permission(perm)) }

// newPage fills what every page shows from the request.
func (s *Server) newPage(r *http.Request, nav, titleKey string, data any) *page {
	p := &page{Lang: langOf(r), Nav: nav, Path: backPath(r), Data: data, Loc: s.location(r.Context())}
	p.Title = locale.T(p.Lang, titleKey, nil)
	if pr := principalOf(r); pr != nil {
		p.User, p.Role = pr.user, pr.role
	}
	if hasSession(r) && s.sessions.Exists(r.Context(), sessFlash) {
		p.Flash = locale.T(p.Lang, s.sessions.PopString(r.Context(), sessFlash), nil)
	}
	p.Org = s.orgName(r.Context())
	return p
}

// backPath is where the language buttons come back to: the page as it was
// asked for, with its filters (no URL holds personal data) or its one-time
// link; after a form, its page.
func backPath(r *http.Request) string {
	if r.URL.RawQuery == "" || r.Method != http.MethodGet {
		return r.URL.Path
	}
	return r.URL.Path + "?" + r.URL.RawQuery
}

// render writes a whole page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	s.execute(w, r, status, name, "layout", p)
}

// fragment writes one named template of a page, for htmx.
func (s *Server) fragment(w http.ResponseWriter, r *http.Request, name, block string, data any) {
	s.execute(w, r, http.StatusOK, name, block, data)
}

// part is what a fragment template receives: the page and one item.
type part struct {
	P *page
	X any
}

func (s *Server) execute(w http.ResponseWriter, r *http.Request, status int, name, block string, data any) {
	t := s.views.pages[langOf(r)][name]
	if t == nil {
		s.fail(w, r, fmt.Errorf("web: no page %q", name))
		return
	}
	var buf bytes.Buffer
	if p, ok := data.(*page); ok {
		p.Status = status
	}
	if err := t.ExecuteTemplate(&buf, block, data); err != nil {
		s.fail(w, r, fmt.Errorf("web: render %s: %w", name, err))
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	// Pages show personal data: no cache may keep them.
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// renderStatus shows an error page.
func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if r.Header.Get("HX-Request") != "" {
		// htmx swaps nothing on an error status: say it in the page's
		// alert region instead.
		w.Header().Set("HX-Retarget", "#alerts")
		w.Header().Set("HX-Reswap", "innerHTML")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `<p class="alert alert-error" role="alert">`+template.HTMLEscapeString(msg)+`</p>`)
		return
	}
	p := s.newPage(r, "", "error.title", map[string]any{"Message": msg, "Code": status})
	s.render(w, r, status, "error", p)
}

// flash stores a message key shown once on the next page.
func (s *Server) flash(r *http.Request, key string) {
	if hasSession(r) {
		s.sessions.Put(r.Context(), sessFlash, key)
	}
}

// redirect sends the browser to a page after a form (POST/redirect/GET);
// under htmx it asks for a full navigation.
func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.Header.Get("HX-Request") != "" {
		w.Header().Set("HX-Redirect", to)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
}

func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(v)
}
