package web

import (
	"context"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/register"
)

// Questionnaires: a DPO sends a vendor a signed link from the vendor's
// page; the vendor answers on a public page, without an account, and the
// answers update the vendor and its risk. The link is then spent.

// sendQuestionnaire creates a questionnaire and shows its link once: only
// its hash is stored.
func (s *Server) sendQuestionnaire(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := locale.Normalize(r.PostFormValue("lang"))
	q, token, err := s.svc.Register.SendQuestionnaire(r.Context(), id, r.PostFormValue("template"), lang)
	if err != nil {
		s.entryActionFailed(w, r, err, func(status int, msg string) { s.showVendor(w, r, status, vendorPageView{Error: msg}) })
		return
	}
	v := vendorPageView{Link: s.linkURL(r, "/questionnaire", token), Sent: q}
	if to := strings.TrimSpace(r.PostFormValue("email_to")); to != "" {
		v.Emailed, v.NotEmailed = s.emailQuestionnaire(r, q, to, v.Link)
	}
	s.showVendor(w, r, http.StatusOK, v)
}

// emailQuestionnaire e-mails a link just made. It returns the address it
// went to, or why it did not go: the link is shown either way, so nothing
// is lost when the e-mail fails.
func (s *Server) emailQuestionnaire(r *http.Request, q *register.Questionnaire, to, link string) (sentTo, why string) {
	err := s.svc.Register.EmailQuestionnaire(r.Context(), q, to, link)
	if err == nil {
		return to, ""
	}
	s.log.WarnContext(r.Context(), "questionnaire e-mail not sent", "request_id", requestID(r.Context()), "questionnaire", q.ID, "err", err)
	key := "register.questionnaire.mail_failed"
	if e := gdprkit.AsError(err); e != nil && e.Code != gdprkit.EINTERNAL {
		key = e.Key
	}
	return "", tr(r, key, nil)
}

// revokeQuestionnaire makes a link unusable before it is answered.
func (s *Server) revokeQuestionnaire(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var qid int64
	if err == nil {
		qid, err = s.vendorQuestionnaire(r, id)
	}
	if err == nil {
		err = s.svc.Register.RevokeQuestionnaire(r.Context(), qid)
	}
	if err != nil {
		s.entryActionFailed(w, r, err, func(status int, msg string) { s.showVendor(w, r, status, vendorPageView{Error: msg}) })
		return
	}
	s.flash(r, "registerweb.questionnaire.revoked")
	redirect(w, r, "/vendors/"+strconv.FormatInt(id, 10)+"#questionnaires")
}

// vendorQuestionnaire reads the questionnaire of the path and checks that
// it was sent to the vendor of the path.
func (s *Server) vendorQuestionnaire(r *http.Request, vendorID int64) (int64, error) {
	qid, err := strconv.ParseInt(r.PathValue("q"), 10, 64)
	if err != nil {
		return 0, gdprkit.Errorf(gdprkit.ENOTFOUND, "error.not_found", nil, "bad questionnaire id %q", r.PathValue("q"))
	}
	qs, err := s.svc.Register.Questionnaires(r.Context(), vendorID)
	if err != nil {
		return 0, err
	}
	if !slices.ContainsFunc(qs, func(q *register.Questionnaire) bool { return q.ID == qid }) {
		return 0, gdprkit.Errorf(gdprkit.ENOTFOUND, "error.not_found", nil, "questionnaire %d of vendor %d", qid, vendorID)
	}
	return qid, nil
}

// questionView is one question of the public form.
type questionView struct {
	register.Question
	Value  string   // the answer typed, when the form comes back
	Values []string // the boxes ticked
	Error  string
}

type answerView struct {
	Org        string // who asks: the register's organisation
	Token      string
	Form       *register.QuestionnaireForm
	Questions  []questionView
	Respondent string
	formState
}

// questionnairePage is the public answer page. It is rate-limited per
// client address, sends no referrer (the address holds the link's token),
// and shows one and the same page for every link that cannot be used:
// forged, revoked, expired or already answered.
func (s *Server) questionnairePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	if !s.allowPublic(w, r, "questionnaire") {
		return
	}
	token := r.URL.Query().Get("token")
	qf, err := s.svc.Register.OpenQuestionnaire(r.Context(), token)
	if err != nil {
		s.linkUnusable(w, r, err)
		return
	}
	r = inLanguage(r, qf.Questionnaire.Lang)
	s.showAnswerForm(w, r, http.StatusOK, answerView{Token: token, Form: qf, Questions: questionsOf(qf.Template, nil)})
}

// answerQuestionnaire records the answers given through a link.
func (s *Server) answerQuestionnaire(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Referrer-Policy", "no-referrer")
	if !s.allowPublic(w, r, "questionnaire") {
		return
	}
	token := r.PostFormValue("token")
	qf, err := s.svc.Register.OpenQuestionnaire(r.Context(), token)
	if err != nil {
		s.linkUnusable(w, r, err)
		return
	}
	r = inLanguage(r, qf.Questionnaire.Lang)
	respondent := strings.TrimSpace(r.PostFormValue("respondent"))
	answers := postedAnswers(r, qf.Template)
	if respondent == "" {
		err = fieldError("respondent", "register.error.required", "")
	} else {
		err = s.svc.Register.AnswerQuestionnaire(r.Context(), token, respondent, answers)
	}
	if err == nil {
		p := s.newPage(r, "", "registerweb.questionnaire.thanks_title", map[string]any{"Vendor": qf.VendorName})
		s.render(w, r, http.StatusOK, "questionnaire_done", p)
		return
	}
	status, fs, ok := formFailure(r, err)
	if !ok || fs.Field == "" {
		// Answered or revoked meanwhile: the link is spent.
		s.linkUnusable(w, r, err)
		return
	}
	v := answerView{Token: token, Form: qf, Questions: questionsOf(qf.Template, r), Respondent: respondent, formState: fs}
	for i := range v.Questions {
		v.Questions[i].Error = fs.Errors[v.Questions[i].Key]
	}
	s.showAnswerForm(w, r, status, v)
}

func (s *Server) showAnswerForm(w http.ResponseWriter, r *http.Request, status int, v answerView) {
	o, err := s.svc.Register.Organisation(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := s.newPage(r, "", "register.qt."+v.Form.Template.Key+".title", nil)
	if v.Org = o.Name; v.Org == "" {
		v.Org = p.Org
	}
	p.Data = v
	s.render(w, r, status, "questionnaire", p)
}

// postedAnswers reads one answer per question of the template; the boxes
// of a multiple choice are joined with commas, as the register reads them.
func postedAnswers(r *http.Request, t register.Template) []register.Answer {
	var out []register.Answer
	for _, q := range t.Questions {
		var vals []string
		for _, v := range r.PostForm["q."+q.Key] {
			if v = strings.TrimSpace(v); v != "" {
				vals = append(vals, v)
			}
		}
		out = append(out, register.Answer{Question: q.Key, Value: strings.Join(vals, ",")})
	}
	return out
}

// questionsOf lists the template's questions, with the answers posted in
// r when the form comes back.
func questionsOf(t register.Template, r *http.Request) []questionView {
	out := make([]questionView, len(t.Questions))
	for i, q := range t.Questions {
		out[i] = questionView{Question: q}
		if r != nil {
			out[i].Values = r.PostForm["q."+q.Key]
			out[i].Value = strings.TrimSpace(r.PostFormValue("q." + q.Key))
		}
	}
	return out
}

// linkUnusable shows the one page every unusable link gets, whatever the
// reason, with the same status: the page tells an attacker nothing.
func (s *Server) linkUnusable(w http.ResponseWriter, r *http.Request, err error) {
	switch gdprkit.ErrorCode(err) {
	case gdprkit.ENOTFOUND, gdprkit.EFORBIDDEN, gdprkit.ECONFLICT:
		s.render(w, r, http.StatusNotFound, "questionnaire_done", s.newPage(r, "", "registerweb.questionnaire.closed_title", map[string]any{"Closed": true}))
	default:
		s.fail(w, r, err)
	}
}

// inLanguage shows the page in the questionnaire's language, unless the
// visitor chose one with the language buttons.
func inLanguage(r *http.Request, lang string) *http.Request {
	if c, err := r.Cookie(langCookie); err == nil && c.Value != "" {
		return r
	}
	return r.WithContext(context.WithValue(r.Context(), keyLang, locale.Normalize(lang)))
}

// allowPublic counts a request to a public page against its client
// address's limit, and answers 429 when it is over.
func (s *Server) allowPublic(w http.ResponseWriter, r *http.Request, page string) bool {
	if s.svc.Limiter == nil {
		return true
	}
	d, err := s.svc.Limiter.Allow(r.Context(), page+":"+s.remote(r))
	if err != nil {
		s.fail(w, r, err)
		return false
	}
	if d.Allowed {
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(d.RetryAfter.Seconds()))))
	s.renderStatus(w, r, http.StatusTooManyRequests, tr(r, "registerweb.questionnaire.rate_limited", nil))
	return false
}
