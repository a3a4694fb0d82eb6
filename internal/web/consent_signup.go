package web

import (
	"context"
	"errors"
	"html/template"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/consent"
)

// The hosted sign-up form: GET /f/{slug} shows it (framable by any site),
// POST /f/{slug} records the sign-up through capture.Service.Subscribe.
// Websites may also post their own copy of the form (the embed snippet)
// from another origin. Every answer is the same whether the address was
// known, suppressed or new, and takes at least signupFloor.

// signupView is the hosted form.
type signupView struct {
	Form   *capture.Form
	Action string
	Lang   string
	Notice template.HTML
	Boxes  []signupBox
	Texts  []int64 // the text versions shown, posted back
	Page   string  // the page the form is on, posted back
	Email  string
	Error  string
	// Done: the sign-up was received and the form has no page of its own
	// to go to.
	Done bool
}

// signupBox is one unticked box.
type signupBox struct {
	Slug    string
	Label   template.HTML
	Checked bool
}

// signupFields are what a sign-up posts.
type signupFields struct {
	Email    string
	Purposes []string
	Texts    []int64
	Lang     string
	Page     string
	Honeypot bool
}

// honeypotField is hidden from people by the stylesheet; bots fill it in.
const honeypotField = "website"

// Bounds of a sign-up's fields: an address is at most 254 bytes (RFC
// 5321), a page URL a browser's usual limit.
const (
	maxEmailField = 320
	maxPageField  = 2048
	maxListField  = 32
)

// parseSignup reads a sign-up from a form body, URL-encoded or multipart.
// Anything oversized or repeated too often is cut, never trusted: the
// service checks the purposes and texts against the form.
func parseSignup(r *http.Request) (signupFields, error) {
	var f signupFields
	if err := parseBody(r); err != nil {
		return f, err
	}
	v := r.PostForm
	f.Email = clip(strings.TrimSpace(v.Get("email")), maxEmailField)
	f.Lang = clip(v.Get("lang"), 8)
	f.Page = clip(strings.TrimSpace(v.Get("page")), maxPageField)
	f.Honeypot = strings.TrimSpace(v.Get(honeypotField)) != ""
	for i, p := range v["purpose"] {
		if i == maxListField {
			break
		}
		if consent.ValidSlug(p) {
			f.Purposes = append(f.Purposes, p)
		}
	}
	for i, t := range v["text"] {
		if i == maxListField {
			break
		}
		if id, err := strconv.ParseInt(t, 10, 64); err == nil && id > 0 {
			f.Texts = append(f.Texts, id)
		}
	}
	return f, nil
}

// errTooLarge is a body past maxPublicBody, answered 413.
var errTooLarge = &gdprkit.Error{Code: gdprkit.EINVALID, Key: "consentweb.too_large", Detail: "request body too large"}

// parseBody reads a form body of either encoding into r.PostForm, files
// refused; the body is already bounded by maxPublicBody.
func parseBody(r *http.Request) error {
	invalid := gdprkit.Errorf(gdprkit.EINVALID, "consentweb.bad_request", nil, "unreadable form body")
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	if mt != "multipart/form-data" {
		err = r.ParseForm()
	} else {
		err = r.ParseMultipartForm(maxPublicBody)
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return errTooLarge
	case err != nil:
		return invalid
	}
	if r.MultipartForm != nil && len(r.MultipartForm.File) > 0 {
		_ = r.MultipartForm.RemoveAll()
		return invalid
	}
	return nil
}

// bodyStatus is the status of a request whose body could not be read.
func bodyStatus(err error) int {
	if errors.Is(err, errTooLarge) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusUnprocessableEntity
}

// clip cuts s to n bytes at most, on a character boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return strings.ToValidUTF8(s, "")
	}
	return strings.ToValidUTF8(s[:n], "")
}

func (s *Server) signupPage(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r, s.svc.Consent.LinkLimit, "page", false) {
		return
	}
	form, err := s.openForm(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.failPublic(w, r, err)
		return
	}
	r = withLang(r, formLanguages(form), browserLang(r), form.Language)
	page := ""
	if ref := r.Referer(); ref != "" && !s.sameSite(r, ref) {
		page = clip(ref, maxPageField) // the site that frames the form
	}
	if q := r.URL.Query().Get("page"); q != "" {
		page = clip(q, maxPageField)
	}
	v, err := s.signupView(r.Context(), form, langOf(r), signupFields{Page: page})
	if err != nil {
		s.failPublic(w, r, err)
		return
	}
	setPublicCSP(w, true, form.SuccessURL)
	s.renderPublic(w, r, http.StatusOK, "consent_signup", "consentweb.signup.title", v)
}

func (s *Server) signup(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxPublicBody)
	if !s.allowed(w, r, s.svc.Consent.SignupLimit, "subscribe", false) {
		return
	}
	f, perr := parseSignup(r)
	form, err := s.openForm(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.failPublic(w, r, err)
		return
	}
	r = withLang(r, formLanguages(form), f.Lang, browserLang(r), form.Language)
	setPublicCSP(w, true, form.SuccessURL)
	if perr != nil {
		s.signupError(w, r, form, f, perr)
		return
	}
	if ref := r.Referer(); f.Page == "" && ref != "" && !s.sameSite(r, ref) {
		f.Page = clip(ref, maxPageField) // a website's own copy of the form
	}
	ip, ua := s.client(r)
	start := s.now()
	res, err := s.svc.Consent.Capture.Subscribe(r.Context(), capture.SubscribeRequest{Form: form.Slug, Email: f.Email, Purposes: f.Purposes,
		Texts: f.Texts, Language: langOf(r), IP: ip, UserAgent: ua, PageURL: f.Page, Honeypot: f.Honeypot})
	if gdprkit.ErrorCode(err) != gdprkit.EINVALID {
		s.signupPause(r.Context(), start)
	}
	if err != nil {
		s.signupError(w, r, form, f, err)
		return
	}
	if res.Redirect != "" {
		http.Redirect(w, r, res.Redirect, http.StatusSeeOther)
		return
	}
	s.renderPublic(w, r, http.StatusOK, "consent_signup", "consentweb.signup.title", signupView{Form: form, Lang: langOf(r), Done: true})
}

// signupPause waits until signupFloor has passed since start, so every
// accepted sign-up takes about as long, whatever the address.
func (s *Server) signupPause(ctx context.Context, start time.Time) {
	wait := s.consent.signupFloor - s.now().Sub(start)
	if wait <= 0 {
		return
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// signupError shows the form again with what was typed and why it was
// refused; an error that is not the person's is an error page.
func (s *Server) signupError(w http.ResponseWriter, r *http.Request, form *capture.Form, f signupFields, err error) {
	status, e := classify(err)
	if status != http.StatusUnprocessableEntity {
		s.failPublic(w, r, err)
		return
	}
	status = bodyStatus(err)
	v, verr := s.signupView(r.Context(), form, langOf(r), f)
	if verr != nil {
		s.failPublic(w, r, verr)
		return
	}
	v.Error = tr(r, e.Key, e.Args)
	s.renderPublic(w, r, status, "consent_signup", "consentweb.signup.title", v)
}

// openForm returns the form of a slug, unless it is archived.
func (s *Server) openForm(ctx context.Context, slug string) (*capture.Form, error) {
	form, err := s.svc.Consent.Records.Form(ctx, slug)
	if err != nil {
		return nil, err
	}
	if form.Archived {
		return nil, gdprkit.Errorf(gdprkit.ENOTFOUND, "capture.form_not_found", nil, "form %s is archived", slug)
	}
	return form, nil
}

// formLanguages lists the languages a form has texts in, its own first.
func formLanguages(f *capture.Form) []string {
	out := []string{f.Language}
	for _, t := range f.Texts {
		if !slices.Contains(out, t.Language) {
			out = append(out, t.Language)
		}
	}
	return out
}

// signupView builds the form in lang: the notice, one unticked box per
// purpose with its label text, and the ids of the texts shown.
func (s *Server) signupView(ctx context.Context, form *capture.Form, lang string, f signupFields) (signupView, error) {
	v := signupView{Form: form, Action: "/f/" + form.Slug, Lang: lang, Page: f.Page, Email: f.Email}
	purposes, err := s.svc.Consent.Records.Purposes(ctx)
	if err != nil {
		return v, err
	}
	texts := map[int64]*consent.Text{} // by purpose id, 0 the notice
	for _, ft := range form.Texts {
		if ft.Language != lang {
			continue
		}
		t, err := s.svc.Consent.Records.Text(ctx, ft.TextID)
		if err != nil {
			return v, err
		}
		texts[ft.PurposeID] = t
		v.Texts = append(v.Texts, t.ID)
	}
	if t := texts[0]; t != nil {
		v.Notice = textHTML(t.Format, t.Body)
	}
	for _, id := range form.Purposes {
		p := purposeByID(purposes, id)
		if p == nil || p.Archived {
			continue
		}
		b := signupBox{Slug: p.Slug, Label: template.HTML(template.HTMLEscapeString(p.Label(lang)))} //nolint:gosec // escaped
		if t := texts[id]; t != nil {
			b.Label = textHTML(t.Format, t.Body)
		}
		for _, ticked := range f.Purposes {
			b.Checked = b.Checked || ticked == p.Slug
		}
		v.Boxes = append(v.Boxes, b)
	}
	return v, nil
}

func purposeByID(ps []consent.Purpose, id int64) *consent.Purpose {
	for i := range ps {
		if ps[i].ID == id {
			return &ps[i]
		}
	}
	return nil
}
