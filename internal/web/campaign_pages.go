package web

import (
	"net/http"
	"net/mail"
	"strconv"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// Re-permission campaigns: the list, a draft from the audit's
// re-permission segment or a filter, its e-mails in French and English
// with previews and a test message, and the launch. The campaign service
// records each change, launch and test in the audit trail.

type campaignListView struct {
	Campaigns []campaign.Campaign
	Formats   []string
	Purposes  []consent.Purpose
}

func (s *Server) campaignList(w http.ResponseWriter, r *http.Request) {
	cs, err := s.svc.Campaigns.List(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := campaignListView{Campaigns: cs, Formats: campaign.ExportFormats, Purposes: s.campaignPurposes(r)}
	s.render(w, r, http.StatusOK, "campaigns", s.newPage(r, "campaigns", "campaignweb.list.title", v))
}

// campaignPurposes are the purposes a campaign may ask for (none when the
// consent feature is not wired: the default purpose then applies).
func (s *Server) campaignPurposes(r *http.Request) []consent.Purpose {
	if !s.consentOn() {
		return nil
	}
	all, err := s.svc.Consent.Records.Purposes(r.Context())
	if err != nil {
		return nil
	}
	var out []consent.Purpose
	for _, p := range all {
		if !p.Archived {
			out = append(out, p)
		}
	}
	return out
}

// campaignFormView is the draft's form: on the new page (segment and
// settings) and on a draft's page (everything, e-mails included).
type campaignFormView struct {
	C         campaign.Campaign
	New       bool
	Error     string
	Imports   []contacts.Import
	Purposes  []consent.Purpose
	Statuses  []contacts.Status
	Languages []string
}

// Selects reports whether the segment selects status st.
func (v campaignFormView) Selects(st contacts.Status) bool {
	if len(v.C.Segment.Statuses) == 0 {
		return true
	}
	for _, x := range v.C.Segment.Statuses {
		if x == st {
			return true
		}
	}
	return false
}

// Reminders writes the reminder days as the form shows them.
func (v campaignFormView) Reminders() string {
	var ds []string
	for _, d := range v.C.Settings.Reminders {
		ds = append(ds, strconv.Itoa(d))
	}
	return strings.Join(ds, ", ")
}

func (s *Server) campaignForm(r *http.Request, c campaign.Campaign, isNew bool) campaignFormView {
	v := campaignFormView{C: c, New: isNew, Purposes: s.campaignPurposes(r), Statuses: campaign.RepermissionStatuses, Languages: campaign.Languages}
	if imps, err := s.svc.Contacts.Imports(r.Context(), 50); err == nil {
		v.Imports = imps
	}
	return v
}

func (s *Server) newCampaign(w http.ResponseWriter, r *http.Request) {
	c := campaign.Campaign{Purpose: "email_marketing", Settings: campaign.DefaultSettings(langOf(r))}
	c.Segment.ImportID, _ = strconv.ParseInt(r.URL.Query().Get("import"), 10, 64)
	s.render(w, r, http.StatusOK, "campaign_new", s.newPage(r, "campaigns", "campaignweb.new.title", s.campaignForm(r, c, true)))
}

func (s *Server) createCampaign(w http.ResponseWriter, r *http.Request) {
	c := campaign.Campaign{Purpose: "email_marketing", Settings: campaign.DefaultSettings(langOf(r))}
	if err := campaignFromForm(r, &c); err != nil {
		s.campaignFormError(w, r, c, true, err)
		return
	}
	created, err := s.svc.Campaigns.Create(r.Context(), campaign.Spec{Name: c.Name, Purpose: c.Purpose, Segment: c.Segment, Settings: c.Settings})
	if err != nil {
		s.campaignFormError(w, r, c, true, err)
		return
	}
	s.flash(r, "campaignweb.created")
	redirect(w, r, campaignPath(created.ID, ""))
}

// campaignFormError shows the form again with the error, or the error
// page for what the form cannot fix.
func (s *Server) campaignFormError(w http.ResponseWriter, r *http.Request, c campaign.Campaign, isNew bool, err error) {
	status, e := classify(err)
	if status >= 500 || status == http.StatusNotFound {
		s.fail(w, r, err)
		return
	}
	if isNew {
		v := s.campaignForm(r, c, true)
		v.Error = tr(r, e.Key, e.Args)
		s.render(w, r, status, "campaign_new", s.newPage(r, "campaigns", "campaignweb.new.title", v))
		return
	}
	s.showCampaign(w, r, status, &c, tr(r, e.Key, e.Args))
}

func campaignPath(id int64, sub string) string {
	return "/campaigns/" + strconv.FormatInt(id, 10) + sub
}

// campaignFromForm reads the posted fields onto c: segment and settings
// always, name and e-mails when posted.
func campaignFromForm(r *http.Request, c *campaign.Campaign) error {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	if err := r.ParseForm(); err != nil {
		return gdprkit.Errorf(gdprkit.EINVALID, "consentweb.bad_request", nil, "campaign form: %v", err)
	}
	c.Name = f("name")
	if p := f("purpose"); p != "" {
		c.Purpose = p
	}
	var err error
	seg := campaign.Segment{Channel: f("channel"), Language: f("only_language")}
	if v := f("import"); v != "" {
		if seg.ImportID, err = strconv.ParseInt(v, 10, 64); err != nil {
			return invalidNumber("import")
		}
	}
	for _, st := range r.PostForm["status"] {
		seg.Statuses = append(seg.Statuses, contacts.Status(st))
	}
	if len(seg.Statuses) == len(campaign.RepermissionStatuses) {
		seg.Statuses = nil // both: the default
	}
	c.Segment = seg
	if err := settingsFromForm(r, &c.Settings); err != nil {
		return err
	}
	if _, ok := r.PostForm["en_subject"]; ok {
		c.Templates = map[string]campaign.Template{}
		for _, lang := range campaign.Languages {
			c.Templates[lang] = campaign.Template{From: f(lang + "_from"), Subject: f(lang + "_subject"),
				Text: crlf(r.PostFormValue(lang + "_text")), HTML: crlf(r.PostFormValue(lang + "_html"))}
		}
	}
	return nil
}

func crlf(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

func settingsFromForm(r *http.Request, st *campaign.Settings) error {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	if l := f("default_language"); l != "" {
		st.Language = l
	}
	for _, n := range []struct {
		key string
		dst *int
	}{{"deadline_days", &st.DeadlineDays}, {"rate", &st.RatePerSecond}, {"domain_rate", &st.DomainPerMinute}} {
		if v := f(n.key); v != "" {
			d, err := strconv.Atoi(v)
			if err != nil {
				return invalidNumber(n.key)
			}
			*n.dst = d
		}
	}
	if _, ok := r.PostForm["reminders"]; ok {
		st.Reminders = nil
		for _, d := range strings.FieldsFunc(f("reminders"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			n, err := strconv.Atoi(d)
			if err != nil {
				return invalidNumber("reminders")
			}
			st.Reminders = append(st.Reminders, n)
		}
	}
	st.IncludeGermany = f("include_germany") == "1"
	st.Policy = nil
	if u := f("policy_url"); u != "" {
		st.Policy = &campaign.PolicyUpdate{URL: u, SummaryEN: f("policy_summary_en"), SummaryFR: f("policy_summary_fr")}
	}
	return nil
}

func invalidNumber(field string) error {
	return gdprkit.Errorf(gdprkit.EINVALID, "campaignweb.invalid_number", map[string]any{"Field": field}, "%s is not a number", field)
}

// campaignView is a campaign's page: for a draft, whom it reaches and
// leaves out, the checklist and the editor; after the launch, where it is.
type campaignView struct {
	Form      campaignFormView
	C         *campaign.Campaign
	P         *campaign.Prospect
	Excluded  []exclusionRow
	Progress  campaign.Progress
	Error     string
	TestError string
	// Warnings are the prospect's cautions, translated.
	Warnings []string
}

// exclusionRow is one reason contacts are left out, with its count.
type exclusionRow struct {
	Key string
	N   int
}

func exclusionRows(t map[campaign.Exclusion]int) []exclusionRow {
	var out []exclusionRow
	for _, e := range campaign.Exclusions {
		if n := t[e]; n > 0 {
			out = append(out, exclusionRow{Key: e.LabelKey(), N: n})
		}
	}
	return out
}

func (s *Server) campaignOf(r *http.Request) (*campaign.Campaign, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	return s.svc.Campaigns.Get(r.Context(), id)
}

func (s *Server) campaignPage(w http.ResponseWriter, r *http.Request) {
	c, err := s.campaignOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showCampaign(w, r, http.StatusOK, c, "")
}

// showCampaign renders a campaign's page; c may hold edits not stored.
func (s *Server) showCampaign(w http.ResponseWriter, r *http.Request, status int, c *campaign.Campaign, msg string) {
	s.showCampaignView(w, r, status, campaignView{C: c, Error: msg})
}

func (s *Server) showCampaignView(w http.ResponseWriter, r *http.Request, status int, v campaignView) {
	ctx := r.Context()
	c := v.C
	var err error
	if c.Status == campaign.Draft {
		if v.P, _, err = s.svc.Campaigns.Prospect(ctx, c.ID); err != nil {
			s.fail(w, r, err)
			return
		}
		v.Excluded = exclusionRows(v.P.Excluded)
		for _, wn := range v.P.Warnings {
			v.Warnings = append(v.Warnings, tr(r, wn.Key, wn.Args))
		}
		v.Form = s.campaignForm(r, *c, false)
	} else {
		if v.Progress, _, err = s.svc.Campaigns.Progress(ctx, c.ID); err != nil {
			s.fail(w, r, err)
			return
		}
		v.Excluded = exclusionRows(c.Excluded)
	}
	s.render(w, r, status, "campaign", s.newPage(r, "campaigns", "campaignweb.campaign.title", v))
}

func (s *Server) updateCampaign(w http.ResponseWriter, r *http.Request) {
	c, err := s.campaignOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := campaignFromForm(r, c); err != nil {
		s.campaignFormError(w, r, *c, false, err)
		return
	}
	if err := s.svc.Campaigns.Update(r.Context(), c); err != nil {
		if gdprkit.ErrorCode(err) == gdprkit.ECONFLICT {
			s.fail(w, r, err)
			return
		}
		s.campaignFormError(w, r, *c, false, err)
		return
	}
	s.flash(r, "campaignweb.saved")
	redirect(w, r, campaignPath(c.ID, ""))
}

// previewView is a campaign's e-mail in one language, written to a
// sample person.
type previewView struct {
	C    *campaign.Campaign
	Lang string
	Out  *campaign.Rendered
}

func (s *Server) campaignPreview(w http.ResponseWriter, r *http.Request) {
	c, err := s.campaignOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := r.PathValue("lang")
	if lang != "fr" {
		lang = "en"
	}
	out, err := s.svc.Campaigns.Preview(r.Context(), c.ID, lang)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "campaign_preview", s.newPage(r, "campaigns", "campaignweb.preview.title", previewView{C: c, Lang: lang, Out: out}))
}

// campaignTestSend e-mails the draft to one address, marked as a test.
// The address travels in the form, never in a URL, and is not kept.
func (s *Server) campaignTestSend(w http.ResponseWriter, r *http.Request) {
	c, err := s.campaignOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	to, lang := strings.TrimSpace(r.PostFormValue("to")), r.PostFormValue("lang")
	if a, perr := mail.ParseAddress(to); perr != nil {
		err = gdprkit.Errorf(gdprkit.EINVALID, "campaignweb.test.invalid_address", nil, "test address")
	} else {
		err = s.svc.Campaigns.TestSend(r.Context(), c.ID, lang, a.Address)
	}
	if err != nil {
		status, e := classify(err)
		if status >= 500 || status == http.StatusNotFound {
			s.fail(w, r, err)
			return
		}
		s.showCampaignView(w, r, status, campaignView{C: c, TestError: tr(r, e.Key, e.Args)})
		return
	}
	s.flash(r, "campaignweb.test.sent")
	redirect(w, r, campaignPath(c.ID, ""))
}

// launchCampaign launches a draft once the person ticked the
// confirmation showing whom it reaches.
func (s *Server) launchCampaign(w http.ResponseWriter, r *http.Request) {
	c, err := s.campaignOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		err = gdprkit.Errorf(gdprkit.EINVALID, "campaignweb.launch.confirm_needed", nil, "launch not confirmed")
	} else {
		_, err = s.svc.Campaigns.Launch(r.Context(), c.ID)
	}
	if err != nil {
		status, e := classify(err)
		if status >= 500 || status == http.StatusNotFound || c.Status != campaign.Draft {
			s.fail(w, r, err)
			return
		}
		s.showCampaign(w, r, status, c, tr(r, e.Key, e.Args))
		return
	}
	s.flash(r, "campaignweb.launched")
	redirect(w, r, campaignPath(c.ID, "/results"))
}

// endCampaign closes a running campaign before its deadline.
func (s *Server) endCampaign(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		s.fail(w, r, gdprkit.Errorf(gdprkit.EINVALID, "campaignweb.end.confirm_needed", nil, "end not confirmed"))
		return
	}
	if err := s.svc.Campaigns.End(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "campaignweb.ended")
	redirect(w, r, campaignPath(id, "/purge"))
}
