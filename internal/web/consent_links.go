package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/consent"
)

// The pages of the links e-mailed to people. A GET only shows a page with
// a button (mail scanners fetch links); the button's POST acts. A forged,
// expired or used link gets a page of its own (linkFailed). The one-click
// unsubscribe of RFC 8058 is the same POST with the body
// List-Unsubscribe=One-Click: it is answered 200 with a line of text, no
// redirect and no cookie.

type confirmView struct {
	Action   string
	Purposes []string
	Expires  time.Time
	// After confirming:
	Done           bool
	PreferencesURL string
}

func (s *Server) confirmPage(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r, s.svc.Consent.LinkLimit, "link", false) {
		return
	}
	info, err := s.svc.Consent.Capture.ConfirmationInfo(r.Context(), r.PathValue("token"))
	if err != nil {
		s.linkFailed(w, r, err)
		return
	}
	r = withLang(r, nil, info.Language)
	setPublicCSP(w, false, info.Redirect)
	s.renderPublic(w, r, http.StatusOK, "consent_confirm", "consentweb.confirm.title",
		confirmView{Action: r.URL.Path + langQuery(r), Purposes: info.Purposes, Expires: info.Expires})
}

func (s *Server) confirm(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r, s.svc.Consent.LinkLimit, "link", false) {
		return
	}
	ip, ua := s.client(r)
	res, err := s.svc.Consent.Capture.Confirm(r.Context(), r.PathValue("token"), ip, ua)
	if err != nil {
		s.linkFailed(w, r, err)
		return
	}
	if res.Redirect != "" {
		http.Redirect(w, r, res.Redirect, http.StatusSeeOther)
		return
	}
	r = withLang(r, nil, res.Language)
	s.renderPublic(w, r, http.StatusOK, "consent_confirm", "consentweb.confirm.done_title",
		confirmView{Done: true, PreferencesURL: res.PreferencesURL})
}

// langQuery keeps an explicit ?lang= on a page's own form.
func langQuery(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l != "" {
		return "?" + url.Values{"lang": {langOf(r)}}.Encode()
	}
	return ""
}

// preferencesForm is the slug of the form whose texts the preference
// centre shows in each language: its notice, and the label of each
// purpose's box. Without it people can withdraw there, but not give
// consent again (a consent needs the text it was given on).
const preferencesForm = "preferences"

type preferencesView struct {
	Action   string
	Email    string
	Notice   template.HTML
	Boxes    []preferenceBox
	Texts    []int64
	CanGrant bool
	Saved    bool
	Error    string
}

type preferenceBox struct {
	Slug        string
	Label       template.HTML
	Description string
	Checked     bool
	Pending     bool
	Since       time.Time
	// Locked: not ticked, and cannot be ticked here (no text to give
	// consent on).
	Locked bool
}

func (s *Server) preferencesPage(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r, s.svc.Consent.LinkLimit, "link", false) {
		return
	}
	prefs, err := s.svc.Consent.Capture.Preferences(r.Context(), r.PathValue("token"))
	if err != nil {
		s.linkFailed(w, r, err)
		return
	}
	r = withLang(r, nil, prefs.Language)
	v, err := s.preferencesView(r, prefs)
	if err != nil {
		s.failPublic(w, r, err)
		return
	}
	v.Saved = r.URL.Query().Get("saved") == "1"
	s.renderPublic(w, r, http.StatusOK, "consent_preferences", "consentweb.prefs.title", v)
}

func (s *Server) savePreferences(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxPublicBody)
	if !s.allowed(w, r, s.svc.Consent.LinkLimit, "link", false) {
		return
	}
	token := r.PathValue("token")
	prefs, err := s.svc.Consent.Capture.Preferences(r.Context(), token)
	if err != nil {
		s.linkFailed(w, r, err)
		return
	}
	r = withLang(r, nil, prefs.Language)
	v, err := s.preferencesView(r, prefs)
	if err != nil {
		s.failPublic(w, r, err)
		return
	}
	if err := parseBody(r); err != nil {
		s.failPublic(w, r, err)
		return
	}
	ch := preferenceChange(prefs, r.PostForm["purpose"])
	if len(ch.Grant) > 0 {
		if !v.CanGrant {
			v.Error = tr(r, "consentweb.prefs.no_grant", nil)
			s.renderPublic(w, r, http.StatusUnprocessableEntity, "consent_preferences", "consentweb.prefs.title", v)
			return
		}
		ch.Texts = v.Texts
	}
	ch.IP, ch.UserAgent = s.client(r)
	if err := s.svc.Consent.Capture.SetPreferences(r.Context(), token, ch); err != nil {
		s.linkFailed(w, r, err)
		return
	}
	q := url.Values{"saved": {"1"}, "lang": {langOf(r)}}
	http.Redirect(w, r, r.URL.Path+"?"+q.Encode(), http.StatusSeeOther)
}

// preferenceChange compares the boxes ticked with the current state: a
// purpose in force or awaiting confirmation that is no longer ticked is
// withdrawn; a purpose newly ticked is granted.
func preferenceChange(prefs *capture.Preferences, ticked []string) capture.PreferenceChange {
	var ch capture.PreferenceChange
	for _, p := range prefs.Purposes {
		on := slices.Contains(ticked, p.Purpose.Slug)
		switch {
		case (p.Granted || p.Pending) && !on:
			ch.Withdraw = append(ch.Withdraw, p.Purpose.Slug)
		case !p.Granted && !p.Pending && on:
			ch.Grant = append(ch.Grant, p.Purpose.Slug)
		}
	}
	return ch
}

// preferencesView builds the preference centre: one box per purpose, with
// the texts of the preferences form in the page's language when it has
// them.
func (s *Server) preferencesView(r *http.Request, prefs *capture.Preferences) (preferencesView, error) {
	lang := langOf(r)
	v := preferencesView{Action: r.URL.Path + langQuery(r), Email: prefs.Email}
	texts, err := s.preferenceTexts(r.Context(), lang)
	if err != nil {
		return v, err
	}
	for _, t := range texts {
		v.Texts = append(v.Texts, t.ID)
	}
	slices.Sort(v.Texts)
	v.CanGrant = len(texts) > 0
	if t := texts[0]; t != nil {
		v.Notice = textHTML(t.Format, t.Body)
	}
	for _, p := range prefs.Purposes {
		b := preferenceBox{Slug: p.Purpose.Slug, Label: template.HTML(template.HTMLEscapeString(p.Purpose.Label(lang))), //nolint:gosec // escaped
			Description: p.Purpose.Description(lang), Checked: p.Granted || p.Pending, Pending: p.Pending, Since: p.Since}
		if t := texts[p.Purpose.ID]; t != nil {
			b.Label = textHTML(t.Format, t.Body)
		}
		b.Locked = !b.Checked && !v.CanGrant
		v.Boxes = append(v.Boxes, b)
	}
	return v, nil
}

// preferenceTexts returns the preferences form's texts in lang, by
// purpose id (0 the notice); none when there is no such form.
func (s *Server) preferenceTexts(ctx context.Context, lang string) (map[int64]*consent.Text, error) {
	out := map[int64]*consent.Text{}
	form, err := s.svc.Consent.Records.Form(ctx, preferencesForm)
	if gdprkit.ErrorCode(err) == gdprkit.ENOTFOUND || err == nil && form.Archived {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	for _, ft := range form.Texts {
		if ft.Language != lang {
			continue
		}
		t, err := s.svc.Consent.Records.Text(ctx, ft.TextID)
		if err != nil {
			return nil, err
		}
		out[ft.PurposeID] = t
	}
	return out, nil
}

type unsubscribeView struct {
	Action         string
	Email          string
	Purpose        string
	Done           bool
	PreferencesURL string
}

func (s *Server) unsubscribePage(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r, s.svc.Consent.LinkLimit, "link", false) {
		return
	}
	info, err := s.svc.Consent.Capture.UnsubscribeInfo(r.Context(), r.PathValue("token"))
	if err != nil {
		s.linkFailed(w, r, err)
		return
	}
	r = withLang(r, nil, info.Language)
	s.renderPublic(w, r, http.StatusOK, "consent_unsubscribe", "consentweb.unsub.title",
		unsubscribeView{Action: r.URL.Path + langQuery(r), Email: info.Email, Purpose: info.Purpose, PreferencesURL: info.PreferencesURL})
}

// oneClickValue is the body of an RFC 8058 one-click unsubscribe.
const oneClickValue = "One-Click"

func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxPublicBody)
	if err := parseBody(r); err != nil {
		s.failPublic(w, r, err)
		return
	}
	if r.PostForm.Get("List-Unsubscribe") == oneClickValue {
		s.oneClick(w, r)
		return
	}
	if !s.allowed(w, r, s.svc.Consent.LinkLimit, "link", false) {
		return
	}
	token := r.PathValue("token")
	ip, ua := s.client(r)
	if err := s.svc.Consent.Capture.Unsubscribe(r.Context(), token, ip, ua, false); err != nil {
		s.linkFailed(w, r, err)
		return
	}
	info, err := s.svc.Consent.Capture.UnsubscribeInfo(r.Context(), token)
	if err != nil {
		s.linkFailed(w, r, err)
		return
	}
	r = withLang(r, nil, info.Language)
	s.renderPublic(w, r, http.StatusOK, "consent_unsubscribe", "consentweb.unsub.done_title",
		unsubscribeView{Done: true, Email: info.Email, Purpose: info.Purpose, PreferencesURL: info.PreferencesURL})
}

// oneClick answers a mailbox provider's one-click unsubscribe (RFC 8058):
// 200 and a line of text, no redirect, no cookie, whatever went wrong
// being said by the status alone.
func (s *Server) oneClick(w http.ResponseWriter, r *http.Request) {
	if !s.allowed(w, r, s.svc.Consent.OneClickLimit, "oneclick", true) {
		return
	}
	ip, ua := s.client(r)
	err := s.svc.Consent.Capture.Unsubscribe(r.Context(), r.PathValue("token"), ip, ua, true)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err == nil {
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("Unsubscribed.\n"))
		return
	}
	status, e := classify(err)
	if tp, ok := tokenPages[e.Key]; ok {
		status = tp.status
	} else if status == http.StatusUnprocessableEntity {
		status = bodyStatus(err)
	} else if status >= 500 {
		s.log.ErrorContext(r.Context(), "one-click unsubscribe", "request_id", requestID(r.Context()), "err", err)
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(tr(r, e.Key, e.Args) + "\n"))
}
