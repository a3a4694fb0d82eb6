package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/jsonstr"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// contactConsent is what the contact page shows of the consent feature:
// "may I send?" for each purpose, and the proofs to download.
type contactConsent struct {
	Answers []contactAnswer
	Formats []string
}

type contactAnswer struct {
	Purpose consent.Purpose
	P       *consent.Permission
}

// proofFormats are the proof downloads: printable HTML, JSON-LD (W3C DPV)
// and a Kantara consent receipt.
var proofFormats = []string{"html", "jsonld", "kantara"}

// contactConsent answers "may I send?" for every active purpose of the
// catalogue; nil when the feature is off.
func (s *Server) contactConsent(ctx context.Context, c *contacts.Contact) *contactConsent {
	if !s.consentOn() {
		return nil
	}
	purposes, err := s.svc.Consent.Records.Purposes(ctx)
	if err != nil {
		s.log.WarnContext(ctx, "purposes", "request_id", requestID(ctx), "err", err)
		return nil
	}
	v := &contactConsent{Formats: proofFormats}
	for _, p := range purposes {
		if p.Archived {
			continue
		}
		ans, err := s.svc.Consent.Permissions.Check(ctx, c.Email, p.Slug)
		if err != nil {
			s.log.WarnContext(ctx, "may I send", "request_id", requestID(ctx), "err", err)
			continue
		}
		v.Answers = append(v.Answers, contactAnswer{Purpose: p, P: ans})
	}
	return v
}

// contactProof downloads a contact's proof of consent in one format, in
// the language asked (?lang=) or the page's. Each download is in the
// audit trail.
func (s *Server) contactProof(w http.ResponseWriter, r *http.Request) {
	format := r.PathValue("format")
	id, err := pathID(r)
	if err == nil && !strings.Contains(" html jsonld kantara ", " "+format+" ") {
		err = gdprkit.Errorf(gdprkit.ENOTFOUND, "error.not_found", nil, "unknown proof format %q", format)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.svc.Contacts.ContactByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	if q := r.URL.Query().Get("lang"); q != "" {
		lang = locale.Normalize(q)
	}
	p, err := s.svc.Consent.Proofs.Build(r.Context(), c.Email, lang)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b bytes.Buffer
	name, ctype := "proof-"+strconv.FormatInt(id, 10), ""
	switch format {
	case "jsonld":
		out, err := p.JSONLD()
		b.Write(out)
		name, ctype = name+".jsonld", "application/ld+json"
		if err != nil {
			s.fail(w, r, err)
			return
		}
	case "kantara":
		out, err := p.Kantara()
		b.Write(out)
		name, ctype = name+"-receipt.json", "application/json"
		if err != nil {
			s.fail(w, r, err)
			return
		}
	default:
		if err := p.WriteHTML(&b); err != nil {
			s.fail(w, r, err)
			return
		}
		name, ctype = name+"-"+lang+".html", "text/html; charset=utf-8"
	}
	if err := s.recordExport(r, "contact", strconv.FormatInt(id, 10), `{"what":"proof","format":"`+format+`","lang":"`+lang+`"}`); err != nil {
		s.fail(w, r, err)
		return
	}
	attach(w, name)
	w.Header().Set("Content-Type", ctype)
	_, _ = b.WriteTo(w)
}

// Staff withdrawals: a letter, a phone call, an e-mail to the DPO.

type withdrawView struct {
	Purposes []consent.Purpose
	Email    string
	Ticked   []string
	Note     string
	Error    string
}

func (s *Server) withdrawPage(w http.ResponseWriter, r *http.Request) {
	s.showWithdraw(w, r, http.StatusOK, withdrawView{})
}

func (s *Server) showWithdraw(w http.ResponseWriter, r *http.Request, status int, v withdrawView) {
	purposes, err := s.svc.Consent.Records.Purposes(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, p := range purposes {
		if !p.Archived {
			v.Purposes = append(v.Purposes, p)
		}
	}
	s.render(w, r, status, "consent_withdraw", s.newPage(r, "consent", "consentweb.withdraw.title", v))
}

// withdraw records a withdrawal for an address typed in, or for the
// contact whose page the form is on (contact=id: no address in a URL).
func (s *Server) withdraw(w http.ResponseWriter, r *http.Request) {
	v := withdrawView{Email: strings.TrimSpace(r.PostFormValue("email")), Ticked: r.PostForm["purpose"], Note: clip(strings.TrimSpace(r.PostFormValue("note")), 500)}
	back := "/consent/withdraw"
	if id, err := strconv.ParseInt(r.PostFormValue("contact"), 10, 64); err == nil && id > 0 {
		c, err := s.svc.Contacts.ContactByID(r.Context(), id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.Email, back = c.Email, "/contacts/"+strconv.FormatInt(id, 10)
	}
	var err error
	if _, perr := address.Parse(v.Email); perr != nil {
		err = gdprkit.Errorf(gdprkit.EINVALID, "capture.email_invalid", nil, "withdrawal: %v", perr)
	} else {
		err = s.svc.Consent.Capture.Withdraw(r.Context(), capture.WithdrawRequest{Email: v.Email, Purposes: v.Ticked, Note: v.Note})
	}
	if err != nil {
		status, e := classify(err)
		if status >= 500 {
			s.fail(w, r, err)
			return
		}
		v.Error = tr(r, e.Key, e.Args)
		s.showWithdraw(w, r, http.StatusUnprocessableEntity, v)
		return
	}
	s.record(r.Context(), audit.Entry{Action: audit.Changed, ObjectType: "consent", Detail: withdrawDetail(v.Ticked)})
	s.flash(r, "consentweb.withdraw.done")
	redirect(w, r, back)
}

func withdrawDetail(purposes []string) string {
	b := []byte(`{"withdrawal":true,"purposes":[`)
	for i, p := range purposes {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonstr.Append(b, p, true)
	}
	return string(append(b, "]}"...))
}
