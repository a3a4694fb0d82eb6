package web

import (
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/jsonstr"
)

// The catalogue: purposes, and consent texts with their versions. A text
// version people consented on is immutable (consent.ErrTextInUse, 409):
// the page says so and offers a new version instead.

type consentOverview struct {
	Purposes     []consent.Purpose
	Families     []textFamily
	Forms        int
	Suppressions map[string]int64
	Suppressed   int64
	MailReady    bool
}

// textFamily is the versions of one text name, per language, newest
// first.
type textFamily struct {
	Name     string
	Versions []consent.Text
}

func (s *Server) consentOverview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rec := s.svc.Consent.Records
	purposes, err := rec.Purposes(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	texts, err := rec.AllTexts(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	forms, err := rec.Forms(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	counts, err := rec.SuppressionCounts(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := consentOverview{Purposes: purposes, Families: families(texts), Forms: len(forms), Suppressions: counts, MailReady: s.svc.Consent.MailReady}
	for _, n := range counts {
		v.Suppressed += n
	}
	s.render(w, r, http.StatusOK, "consent", s.newPage(r, "consent", "consentweb.overview.title", v))
}

func families(texts []consent.Text) []textFamily {
	var out []textFamily
	for _, t := range texts {
		if len(out) == 0 || out[len(out)-1].Name != t.Name {
			out = append(out, textFamily{Name: t.Name})
		}
		f := &out[len(out)-1]
		f.Versions = append(f.Versions, t)
	}
	return out
}

// Purposes.

type purposeFormView struct {
	P        consent.Purpose
	New      bool
	Error    string
	Channels []string
	DPV      []string
	Kantara  []string
}

var (
	purposeChannels = []string{"email", "sms", "post", "web"}
	purposeDPV      = []string{"dpv:DirectMarketing", "dpv:Marketing", "dpv:PersonalisedAdvertising", "dpv:TargetedAdvertising",
		"dpv:SocialMediaMarketing", "dpv:CommunicationManagement", "dpv:CustomerRelationshipManagement"}
	purposeKantara = []string{"5 - PersonalizedExperience", "6 - Marketing", "7 - MarketingThirdParties", "9 - SharingForMarketing",
		"4 - ContactRequested", "16 - ImprovePerformance"}
)

func (s *Server) newPurpose(w http.ResponseWriter, r *http.Request) {
	s.showPurpose(w, r, http.StatusOK, purposeFormView{P: consent.Purpose{Channel: "email", DPV: "dpv:DirectMarketing", Kantara: "6 - Marketing"}, New: true})
}

func (s *Server) editPurpose(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.purpose(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showPurpose(w, r, http.StatusOK, purposeFormView{P: *p})
}

func (s *Server) purpose(r *http.Request, id int64) (*consent.Purpose, error) {
	all, err := s.svc.Consent.Records.Purposes(r.Context())
	if err != nil {
		return nil, err
	}
	if p := purposeByID(all, id); p != nil {
		return p, nil
	}
	return nil, gdprkit.Errorf(gdprkit.ENOTFOUND, "consent.purpose_not_found", nil, "purpose %d", id)
}

func (s *Server) showPurpose(w http.ResponseWriter, r *http.Request, status int, v purposeFormView) {
	v.Channels, v.DPV, v.Kantara = purposeChannels, purposeDPV, purposeKantara
	title := "consentweb.purpose.edit_title"
	if v.New {
		title = "consentweb.purpose.new_title"
	}
	s.render(w, r, status, "consent_purpose", s.newPage(r, "consent", title, v))
}

func purposeFromForm(r *http.Request) consent.Purpose {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	return consent.Purpose{Slug: f("slug"), LabelEN: f("label_en"), LabelFR: f("label_fr"), DescriptionEN: f("description_en"),
		DescriptionFR: f("description_fr"), Channel: f("channel"), DPV: f("dpv"), Kantara: f("kantara"),
		ThirdParty: f("third_party") == "1", Archived: f("archived") == "1"}
}

func (s *Server) createPurpose(w http.ResponseWriter, r *http.Request) {
	p := purposeFromForm(r)
	s.savePurpose(w, r, &p, true)
}

func (s *Server) updatePurpose(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	old, err := s.purpose(r, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := purposeFromForm(r)
	p.ID, p.Slug = id, old.Slug // the ledger records the slug: it never changes
	s.savePurpose(w, r, &p, false)
}

func (s *Server) savePurpose(w http.ResponseWriter, r *http.Request, p *consent.Purpose, isNew bool) {
	if err := s.svc.Consent.Catalogue.SavePurpose(r.Context(), p); err != nil {
		status, e := classify(err)
		if status >= 500 || status == http.StatusNotFound {
			s.fail(w, r, err)
			return
		}
		s.showPurpose(w, r, status, purposeFormView{P: *p, New: isNew, Error: tr(r, e.Key, e.Args)})
		return
	}
	s.record(r.Context(), audit.Entry{Action: auditAction(isNew), ObjectType: "purpose", ObjectID: strconv.FormatInt(p.ID, 10),
		Detail: `{"slug":` + string(jsonstr.Append(nil, p.Slug, true)) + `}`})
	s.flash(r, "consentweb.purpose.saved")
	redirect(w, r, "/consent")
}

func auditAction(isNew bool) string {
	if isNew {
		return audit.Created
	}
	return audit.Changed
}

// Texts.

type textView struct {
	T        consent.Text
	Shown    template.HTML
	Versions []consent.Text // of the same name and language
	New      bool
	Error    string
	// InUse: people consented on this version; it can no longer change.
	InUse bool
}

func (s *Server) newText(w http.ResponseWriter, r *http.Request) {
	v := textView{T: consent.Text{Language: langOf(r), Format: "text"}, New: true}
	if from, err := strconv.ParseInt(r.URL.Query().Get("from"), 10, 64); err == nil {
		t, err := s.svc.Consent.Records.Text(r.Context(), from)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		v.T = consent.Text{Name: t.Name, Language: t.Language, Format: t.Format, Body: t.Body}
	}
	s.render(w, r, http.StatusOK, "consent_text", s.newPage(r, "consent", "consentweb.text.new_title", v))
}

func textFromForm(r *http.Request) consent.Text {
	return consent.Text{Name: strings.TrimSpace(r.PostFormValue("name")), Language: r.PostFormValue("language"),
		Format: r.PostFormValue("format"), Body: strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n")}
}

func (s *Server) createText(w http.ResponseWriter, r *http.Request) {
	t := textFromForm(r)
	if err := s.svc.Consent.Catalogue.AddText(r.Context(), &t); err != nil {
		status, e := classify(err)
		if status >= 500 {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, status, "consent_text", s.newPage(r, "consent", "consentweb.text.new_title", textView{T: t, New: true, Error: tr(r, e.Key, e.Args)}))
		return
	}
	s.record(r.Context(), audit.Entry{Action: audit.Created, ObjectType: "consent_text", ObjectID: strconv.FormatInt(t.ID, 10)})
	s.flash(r, "consentweb.text.saved")
	redirect(w, r, "/consent/texts/"+strconv.FormatInt(t.ID, 10))
}

func (s *Server) textPage(w http.ResponseWriter, r *http.Request) {
	v, err := s.textView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "consent_text", s.newPage(r, "consent", "consentweb.text.title", v))
}

func (s *Server) textView(r *http.Request) (textView, error) {
	id, err := pathID(r)
	if err != nil {
		return textView{}, err
	}
	t, err := s.svc.Consent.Records.Text(r.Context(), id)
	if err != nil {
		return textView{}, err
	}
	all, err := s.svc.Consent.Records.AllTexts(r.Context())
	if err != nil {
		return textView{}, err
	}
	v := textView{T: *t, Shown: textHTML(t.Format, t.Body), InUse: !t.FirstUsedAt.IsZero()}
	for _, o := range all {
		if o.Name == t.Name && o.Language == t.Language {
			v.Versions = append(v.Versions, o)
		}
	}
	sort.SliceStable(v.Versions, func(i, j int) bool { return v.Versions[i].Version > v.Versions[j].Version })
	return v, nil
}

// updateText corrects a version nobody consented on yet; a used one
// answers 409 with the reason and the way out (a new version).
func (s *Server) updateText(w http.ResponseWriter, r *http.Request) {
	v, err := s.textView(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t := v.T
	t.Format, t.Body = r.PostFormValue("format"), strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n")
	if err := s.svc.Consent.Catalogue.UpdateText(r.Context(), &t); err != nil {
		status, e := classify(err)
		if status >= 500 || status == http.StatusNotFound {
			s.fail(w, r, err)
			return
		}
		v.Error, v.InUse = tr(r, e.Key, e.Args), v.InUse || e.Key == consent.ErrTextInUse.Key
		s.render(w, r, status, "consent_text", s.newPage(r, "consent", "consentweb.text.title", v))
		return
	}
	s.record(r.Context(), audit.Entry{Action: audit.Changed, ObjectType: "consent_text", ObjectID: strconv.FormatInt(t.ID, 10)})
	s.flash(r, "consentweb.text.saved")
	redirect(w, r, "/consent/texts/"+strconv.FormatInt(t.ID, 10))
}
