package web

import (
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/register"
)

// vendorFilter is the vendor list's filters, all safe in a URL.
type vendorFilter struct {
	Category string
	Risk     string
	Transfer string // "", outside, missing, dpf, none
}

var transferFilters = []string{"outside", "missing", "dpf", "none"}

func (f vendorFilter) keep(v register.VendorView) bool {
	switch {
	case f.Category != "" && v.Vendor.Category != f.Category:
		return false
	case f.Risk != "" && v.Risk.Level != f.Risk:
		return false
	}
	has := func(ok func(register.TransferCheck) bool) bool {
		for _, t := range v.Transfers {
			if ok(t) {
				return true
			}
		}
		return false
	}
	switch f.Transfer {
	case "outside":
		return len(v.Transfers) > 0
	case "none":
		return len(v.Transfers) == 0
	case "missing":
		return has(func(t register.TransferCheck) bool { return !t.Lawful() })
	case "dpf":
		return has(func(t register.TransferCheck) bool { return t.Status == register.TransferDPF })
	}
	return true
}

type vendorListView struct {
	Vendors     []register.VendorView
	Total       int
	Filter      vendorFilter
	Categories  register.Keys
	Transfers   []string
	RiskChart   any
	ImportError string
}

// vendorList shows the vendors by decreasing risk.
func (s *Server) vendorList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.showVendors(w, r, http.StatusOK, vendorFilter{Category: q.Get("category"), Risk: q.Get("risk"), Transfer: q.Get("transfer")}, "")
}

func (s *Server) showVendors(w http.ResponseWriter, r *http.Request, status int, f vendorFilter, importError string) {
	all, err := s.svc.Register.Vendors(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := vendorListView{Total: len(all), Filter: f, Categories: register.VendorCategories, Transfers: transferFilters, ImportError: importError}
	for _, vv := range all {
		if f.keep(vv) {
			v.Vendors = append(v.Vendors, vv)
		}
	}
	if len(all) > 0 {
		v.RiskChart = riskChart(langOf(r), all)
	}
	s.render(w, r, status, "vendors", s.newPage(r, "register", "registerweb.vendors.title", v))
}

type vendorPageView struct {
	V               register.VendorView
	Questionnaires  []*register.Questionnaire
	History         []register.Change
	Names           map[string]string
	Templates       []register.Template
	DefaultTemplate string
	DefaultLang     string
	Link            string // a questionnaire link just made, shown once
	Sent            *register.Questionnaire
	Emailed         string // the address the link was e-mailed to
	NotEmailed      string // why the link was not e-mailed, when asked to
	MailReady       bool   // an SMTP server can e-mail links
	EmailTo         string // the address the form suggests
	Error           string
	Now             time.Time
}

func (s *Server) vendorPage(w http.ResponseWriter, r *http.Request) {
	s.showVendor(w, r, http.StatusOK, vendorPageView{})
}

// showVendor renders a vendor with its risk explained, its questionnaires
// and its history.
func (s *Server) showVendor(w http.ResponseWriter, r *http.Request, status int, v vendorPageView) {
	id, err := pathID(r)
	if err == nil {
		v.V, err = s.svc.Register.Vendor(r.Context(), id)
	}
	if err == nil {
		v.Questionnaires, err = s.svc.Register.Questionnaires(r.Context(), id)
	}
	if err == nil {
		v.History, err = s.svc.Register.History(r.Context(), register.ChangeFilter{Entity: register.EntityVendor, EntityID: id, Limit: 20})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Names, v.Templates, v.Now = s.actorNames(r), register.QuestionnaireTemplates, s.now()
	v.DefaultTemplate, v.DefaultLang = defaultQuestionnaire(v.V.Vendor, langOf(r))
	v.MailReady, v.EmailTo = s.svc.Register.CanEmail(), mailboxOf(v.V.Vendor.PrivacyContact)
	p := s.newPage(r, "register", "registerweb.vendor.title", v)
	p.Title = v.V.Vendor.Name
	s.render(w, r, status, "vendor", p)
}

// defaultQuestionnaire picks the template a vendor of this category is
// usually sent, in its country's language.
func defaultQuestionnaire(v *register.Vendor, lang string) (string, string) {
	t := "vendor"
	switch v.Category {
	case "emailing":
		t = "emailing"
	case "data_provider":
		t = "data_provider"
	}
	switch v.Country {
	case "":
	case "FR", "BE", "LU", "MC":
		lang = "fr"
	default:
		lang = "en"
	}
	return t, lang
}

// vendorFormView is the vendor form: a new vendor or an edit.
type vendorFormView struct {
	V         *register.Vendor
	New       bool
	Others    []register.Ref // vendors that may be sub-processors
	Transfers []register.Transfer
	formState
	vocab
}

func (s *Server) newVendorForm(w http.ResponseWriter, r *http.Request) {
	org, err := s.svc.Register.Organisation(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	months := org.ReviewMonths
	if months == 0 {
		months = 12
	}
	// A new vendor is a processor to review within the interval: the
	// usual case, and the reminder starts at once.
	v := &register.Vendor{Role: "processor", Category: r.URL.Query().Get("category"), ReviewDue: s.now().UTC().AddDate(0, months, 0)}
	s.showVendorForm(w, r, http.StatusOK, vendorFormView{V: v, New: true})
}

func (s *Server) editVendorForm(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var vv register.VendorView
	if err == nil {
		vv, err = s.svc.Register.Vendor(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showVendorForm(w, r, http.StatusOK, vendorFormView{V: vv.Vendor})
}

// mailboxOf returns the e-mail address a vendor's privacy contact holds
// ("dpo@vendor.example", "DPO <dpo@vendor.example>"), or "" when it holds
// none (a web form's address, a postal address).
func mailboxOf(contact string) string {
	a, err := mail.ParseAddress(strings.TrimSpace(contact))
	if err != nil {
		return ""
	}
	return a.Address
}

func (s *Server) showVendorForm(w http.ResponseWriter, r *http.Request, status int, v vendorFormView) {
	all, err := s.svc.Register.Vendors(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, o := range all {
		if o.Vendor.ID != v.V.ID {
			v.Others = append(v.Others, register.Ref{ID: o.Vendor.ID, Name: o.Vendor.Name})
		}
	}
	v.Transfers = append(append([]register.Transfer(nil), v.V.Transfers...), register.Transfer{}, register.Transfer{})
	v.vocab = registerVocab
	title := "registerweb.vendor.edit_title"
	if v.New {
		title = "registerweb.vendor.new_title"
	}
	s.render(w, r, status, "vendor_form", s.newPage(r, "register", title, v))
}

// createVendor saves a new vendor from the form.
func (s *Server) createVendor(w http.ResponseWriter, r *http.Request) {
	v := &register.Vendor{}
	err := readVendor(r, v)
	if err == nil {
		err = s.svc.Register.CreateVendor(r.Context(), v)
	}
	if err != nil {
		s.vendorFormFailed(w, r, err, vendorFormView{V: v, New: true})
		return
	}
	s.flash(r, "registerweb.saved")
	redirect(w, r, "/vendors/"+strconv.FormatInt(v.ID, 10))
}

// updateVendor saves the form over the vendor as it is now: fields the
// form does not show keep their value, and the version the form was
// opened with must still be the stored one.
func (s *Server) updateVendor(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var vv register.VendorView
	if err == nil {
		vv, err = s.svc.Register.Vendor(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := vv.Vendor
	err = readVendor(r, v)
	if err == nil {
		err = s.svc.Register.UpdateVendor(r.Context(), v)
	}
	if err != nil {
		s.vendorFormFailed(w, r, err, vendorFormView{V: v})
		return
	}
	s.flash(r, "registerweb.saved")
	redirect(w, r, "/vendors/"+strconv.FormatInt(id, 10))
}

func (s *Server) vendorFormFailed(w http.ResponseWriter, r *http.Request, err error, v vendorFormView) {
	status, fs, ok := formFailure(r, err)
	if !ok {
		s.fail(w, r, err)
		return
	}
	v.formState = fs
	s.showVendorForm(w, r, status, v)
}

// readVendor reads the vendor form into v.
func readVendor(r *http.Request, v *register.Vendor) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	var e firstErr
	v.Version = version(f)
	v.Name, v.LegalName, v.Category, v.Role = f.str("name"), f.str("legal_name"), f.str("category"), f.str("role")
	v.Country, v.Address, v.Website, v.PrivacyContact = f.country("country"), f.str("address"), f.str("website"), f.str("privacy_contact")
	v.Services, v.Purposes = f.str("services"), f.lines("purposes")
	v.DataCategories, v.Subjects, v.Countries = f.list("data_categories"), f.list("subjects"), f.countries("countries")
	v.Transfers = nil
	for i := range f.rows("transfers") {
		t := register.Transfer{Country: f.country(row("transfers", i, "country")), Mechanism: f.str(row("transfers", i, "mechanism")),
			Documentation: f.str(row("transfers", i, "documentation")), FallbackSCC: f.bool(row("transfers", i, "fallback_scc"))}
		if t.Country != "" || t.Mechanism != "" || t.Documentation != "" {
			v.Transfers = append(v.Transfers, t)
		}
	}
	v.Agreement.Signed, v.Agreement.Document, v.Agreement.Clauses = f.bool("signed"), f.str("document"), f.list("clauses")
	v.Agreement.SignedOn, err = f.date("signed_on", "agreement")
	e.keep(err)
	v.SubProcessors, v.SubProcessorList, v.SubProcessorsKnown = f.ids("sub_processors"), f.str("sub_processor_list"), f.bool("sub_processors_known")
	v.Certifications, v.RightsChannels, v.RightsContact = f.list("certifications"), f.list("rights_channels"), f.str("rights_contact")
	v.BreachNoticeHours, err = f.int("breach_notice_hours", "breach_notice_hours")
	e.keep(err)
	v.OwnPurposes, v.Notes = f.bool("own_purposes"), f.str("notes")
	if f.v.Has("list_shown") {
		readListProvider(f, &v.List)
	}
	v.ReviewDue, err = f.date("review_due", "review_due")
	e.keep(err)
	v.ReviewedOn, err = f.date("reviewed_on", "reviewed_on")
	e.keep(err)
	return e.err
}

// readListProvider reads what a data provider declared, when the DPO
// records it by hand instead of through the questionnaire.
func readListProvider(f form, l *register.ListProvider) {
	l.Assessed, l.Source = f.bool("list_assessed"), f.str("list_source")
	l.ConsentForTransfer, l.ConsentProof, l.InformedOfSharing = f.bool("list_consent_for_transfer"), f.bool("list_consent_proof"), f.bool("list_informed_of_sharing")
	l.Scraped, l.Sensitive, l.ObjectionsHandled = f.bool("list_scraped"), f.bool("list_sensitive"), f.bool("list_objections_handled")
}

// deleteVendor deletes a vendor no entry refers to any more.
func (s *Server) deleteVendor(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.svc.Register.DeleteVendor(r.Context(), id, formVersion(r)); err != nil {
		s.entryActionFailed(w, r, err, func(status int, msg string) { s.showVendor(w, r, status, vendorPageView{Error: msg}) })
		return
	}
	s.flash(r, "registerweb.deleted")
	redirect(w, r, "/vendors")
}

// markReviewed records today's review and the next one's date.
func (s *Server) markReviewed(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		_, err = s.svc.Register.MarkVendorReviewed(r.Context(), id, formVersion(r))
	}
	if err != nil {
		s.entryActionFailed(w, r, err, func(status int, msg string) { s.showVendor(w, r, status, vendorPageView{Error: msg}) })
		return
	}
	s.flash(r, "registerweb.vendor.reviewed")
	redirect(w, r, "/vendors/"+strconv.FormatInt(id, 10))
}

// formVersion reads the version a page was rendered with.
func formVersion(r *http.Request) int {
	n, _ := strconv.Atoi(r.PostFormValue("version"))
	return n
}

// entryActionFailed shows a conflict (stale page, entry still in use) on
// the entry's page; other errors fail the request.
func (s *Server) entryActionFailed(w http.ResponseWriter, r *http.Request, err error, show func(status int, msg string)) {
	status, e := classify(err)
	if e.Code != gdprkit.ECONFLICT && e.Code != gdprkit.EINVALID {
		s.fail(w, r, err)
		return
	}
	show(status, tr(r, e.Key, e.Args))
}

// importVendors reads back the vendor workbook: every row or none.
func (s *Server) importVendors(w http.ResponseWriter, r *http.Request) {
	file, _, err := r.FormFile("file")
	if err != nil {
		s.showVendors(w, r, http.StatusUnprocessableEntity, vendorFilter{}, tr(r, "registerweb.import.no_file", nil))
		return
	}
	defer file.Close()
	res, err := s.svc.Register.ImportVendorsXLSX(r.Context(), file, langOf(r))
	if err != nil {
		status, e := classify(err)
		if status >= 500 {
			s.fail(w, r, err)
			return
		}
		s.showVendors(w, r, status, vendorFilter{}, tr(r, e.Key, e.Args))
		return
	}
	detail := `{"created":` + strconv.Itoa(res.Created) + `,"updated":` + strconv.Itoa(res.Updated) + `,"unchanged":` + strconv.Itoa(res.Unchanged) + `}`
	s.record(r.Context(), audit.Entry{Action: "imported", ObjectType: "register", ObjectID: register.WhatVendors, Detail: detail})
	s.flashArgs(r, "registerweb.import.done", map[string]any{"Created": res.Created, "Updated": res.Updated, "Unchanged": res.Unchanged})
	redirect(w, r, "/vendors")
}
