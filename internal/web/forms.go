package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// Sign-up forms: which purposes a form offers, which text versions it
// shows in each language, double opt-in, the pages it redirects to; and
// the code to put it on a website (an iframe of the hosted form, or a
// snippet posting to it).

type formListView struct {
	Forms     []capture.Form
	Base      string
	MailReady bool
}

func (s *Server) formList(w http.ResponseWriter, r *http.Request) {
	forms, err := s.svc.Consent.Records.Forms(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := formListView{Forms: forms, Base: s.publicBase(r), MailReady: s.svc.Consent.MailReady}
	s.render(w, r, http.StatusOK, "forms", s.newPage(r, "consent", "consentweb.forms.title", v))
}

// formView is a form's page: its settings (editable with forms.edit) and
// its embed code.
type formView struct {
	F        capture.Form
	New      bool
	Error    string
	Purposes []consent.Purpose
	// Texts are the versions to choose from, per language.
	Texts     map[string][]consent.Text
	Languages []string
	URL       string
	Embeds    []formEmbed
	MailReady bool
}

// formEmbed is the code that puts a form on a website, in one language.
type formEmbed struct {
	Lang    string
	Iframe  string
	Snippet string
}

// Offers reports whether the form offers purpose id.
func (v formView) Offers(id int64) bool {
	for _, p := range v.F.Purposes {
		if p == id {
			return true
		}
	}
	return false
}

// Shows returns the text id the form shows in lang for purpose id (0:
// the notice).
func (v formView) Shows(lang string, id int64) int64 {
	for _, t := range v.F.Texts {
		if t.Language == lang && t.PurposeID == id {
			return t.TextID
		}
	}
	return 0
}

func (s *Server) newForm(w http.ResponseWriter, r *http.Request) {
	s.showForm(w, r, http.StatusOK, formView{F: capture.Form{DoubleOptIn: true, Language: langOf(r)}, New: true})
}

func (s *Server) formPage(w http.ResponseWriter, r *http.Request) {
	f, err := s.formByID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showForm(w, r, http.StatusOK, formView{F: *f})
}

func (s *Server) formByID(r *http.Request) (*capture.Form, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	forms, err := s.svc.Consent.Records.Forms(r.Context())
	if err != nil {
		return nil, err
	}
	for i := range forms {
		if forms[i].ID == id {
			return &forms[i], nil
		}
	}
	return nil, gdprkit.Errorf(gdprkit.ENOTFOUND, "capture.form_not_found", nil, "form %d", id)
}

func (s *Server) showForm(w http.ResponseWriter, r *http.Request, status int, v formView) {
	ctx := r.Context()
	var err error
	if v.Purposes, err = s.svc.Consent.Records.Purposes(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	all, err := s.svc.Consent.Records.AllTexts(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Languages, v.Texts, v.MailReady = locale.Languages, map[string][]consent.Text{}, s.svc.Consent.MailReady
	for _, t := range all {
		v.Texts[t.Language] = append(v.Texts[t.Language], t)
	}
	if !v.New && v.F.ID != 0 {
		v.URL = s.publicBase(r) + "/f/" + v.F.Slug
		if v.Embeds, err = s.embeds(ctx, &v.F, v.URL); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	title := "consentweb.form.title"
	if v.New {
		title = "consentweb.form.new_title"
	}
	p := s.newPage(r, "consent", title, v)
	if !v.New {
		p.Title = v.F.Name
	}
	s.render(w, r, status, "form", p)
}

// formFromRequest reads the form's settings: the purposes ticked, and per
// language the notice and each purpose's label.
func formFromRequest(r *http.Request, purposes []consent.Purpose) capture.Form {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	form := capture.Form{Slug: f("slug"), Name: f("name"), List: f("list"), Language: f("language"), DoubleOptIn: f("double_opt_in") == "1",
		SuccessURL: f("success_url"), ConfirmedURL: f("confirmed_url"), Archived: f("archived") == "1"}
	for _, p := range purposes {
		if !p.Archived && r.PostForm.Has("purpose_"+strconv.FormatInt(p.ID, 10)) {
			form.Purposes = append(form.Purposes, p.ID)
		}
	}
	for _, lang := range locale.Languages {
		ids := append([]int64{0}, form.Purposes...)
		for _, pid := range ids {
			id, err := strconv.ParseInt(r.PostFormValue("text_"+lang+"_"+strconv.FormatInt(pid, 10)), 10, 64)
			if err == nil && id > 0 {
				form.Texts = append(form.Texts, capture.FormText{Language: lang, PurposeID: pid, TextID: id})
			}
		}
	}
	return form
}

func (s *Server) createForm(w http.ResponseWriter, r *http.Request) {
	s.saveForm(w, r, 0)
}

func (s *Server) updateForm(w http.ResponseWriter, r *http.Request) {
	f, err := s.formByID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.saveForm(w, r, f.ID)
}

func (s *Server) saveForm(w http.ResponseWriter, r *http.Request, id int64) {
	purposes, err := s.svc.Consent.Records.Purposes(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := formFromRequest(r, purposes)
	form.ID = id
	if err := s.svc.Consent.Capture.SaveForm(r.Context(), &form); err != nil {
		status, e := classify(err)
		if status >= 500 {
			s.fail(w, r, err)
			return
		}
		if status == http.StatusNotFound {
			status = http.StatusUnprocessableEntity // a text chosen was deleted meanwhile
		}
		s.showForm(w, r, status, formView{F: form, New: id == 0, Error: tr(r, e.Key, e.Args)})
		return
	}
	s.record(r.Context(), audit.Entry{Action: auditAction(id == 0), ObjectType: "form", ObjectID: strconv.FormatInt(form.ID, 10)})
	s.flash(r, "consentweb.form.saved")
	redirect(w, r, "/forms/"+strconv.FormatInt(form.ID, 10))
}

// publicBase is the address people reach gdprkit at: the base URL, or
// the address this request came to.
func (s *Server) publicBase(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if s.isTLS(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// embeds writes the code that puts the form on a website, per language it
// has texts in: an iframe of the hosted form, and a snippet (the same
// form as HTML) that posts to it. The snippet carries the text ids it
// shows; after a change of texts, copy it again.
func (s *Server) embeds(ctx context.Context, f *capture.Form, url string) ([]formEmbed, error) {
	var out []formEmbed
	for _, lang := range formLanguages(f) {
		v, err := s.signupView(ctx, f, lang, signupFields{})
		if err != nil {
			return nil, err
		}
		if len(v.Texts) == 0 {
			continue
		}
		e := formEmbed{Lang: lang}
		src := url
		if lang != f.Language {
			src += "?lang=" + lang
		}
		e.Iframe = `<iframe src="` + template.HTMLEscapeString(src) + `" title="` + template.HTMLEscapeString(f.Name) +
			`" width="100%" height="520" style="border:0" loading="lazy"></iframe>`
		e.Snippet = snippet(url, lang, v)
		out = append(out, e)
	}
	return out, nil
}

// snippet is the sign-up form as HTML for a website's own page: the
// notice, the address, one unticked box per purpose, the text ids and the
// hidden honeypot field.
func snippet(action, lang string, v signupView) string {
	var b strings.Builder
	esc := template.HTMLEscapeString
	b.WriteString(`<form method="post" action="` + esc(action) + `" accept-charset="utf-8" class="gdprkit-form">` + "\n")
	b.WriteString(`  <p><label>` + esc(locale.T(lang, "consentweb.signup.email", nil)) +
		` <input type="email" name="email" required maxlength="254" autocomplete="email"></label></p>` + "\n")
	for _, box := range v.Boxes {
		b.WriteString(`  <p><label><input type="checkbox" name="purpose" value="` + esc(box.Slug) + `"> ` + string(box.Label) + `</label></p>` + "\n")
	}
	if v.Notice != "" {
		b.WriteString(`  <div class="gdprkit-notice">` + string(v.Notice) + "</div>\n")
	}
	for _, id := range v.Texts {
		b.WriteString(`  <input type="hidden" name="text" value="` + strconv.FormatInt(id, 10) + `">` + "\n")
	}
	b.WriteString(`  <input type="hidden" name="lang" value="` + esc(lang) + `">` + "\n")
	b.WriteString(`  <div style="position:absolute;left:-10000px" aria-hidden="true"><input type="text" name="` + honeypotField +
		`" tabindex="-1" autocomplete="off"></div>` + "\n")
	b.WriteString(`  <p><button type="submit">` + esc(locale.T(lang, "consentweb.signup.submit", nil)) + "</button></p>\n</form>\n")
	return b.String()
}
