package web

import (
	"net/http"
	"strconv"

	"github.com/gdprkit/gdprkit/internal/register"
)

// The record of processing activities (Art. 30): one page per activity,
// with its derived transfers, DPIA verdict and completeness.

type activityListView struct {
	Activities []register.ActivityView
	Templates  []register.ActivityTemplate
}

func (s *Server) activityList(w http.ResponseWriter, r *http.Request) {
	as, err := s.svc.Register.Activities(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := activityListView{Activities: as, Templates: register.ActivityTemplates}
	s.render(w, r, http.StatusOK, "activities", s.newPage(r, "register", "registerweb.activities.title", v))
}

type activityPageView struct {
	A        register.ActivityView
	Criteria register.Keys
	Org      *register.Organisation
	History  []register.Change
	Names    map[string]string
	Error    string
}

func (s *Server) activityPage(w http.ResponseWriter, r *http.Request) {
	s.showActivity(w, r, http.StatusOK, "")
}

func (s *Server) showActivity(w http.ResponseWriter, r *http.Request, status int, msg string) {
	id, err := pathID(r)
	v := activityPageView{Error: msg, Criteria: register.DPIACriteria}
	if err == nil {
		v.A, err = s.svc.Register.Activity(r.Context(), id)
	}
	if err == nil {
		v.Org, err = s.svc.Register.Organisation(r.Context())
	}
	if err == nil {
		v.History, err = s.svc.Register.History(r.Context(), register.ChangeFilter{Entity: register.EntityActivity, EntityID: id, Limit: 20})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Names = s.actorNames(r)
	p := s.newPage(r, "register", "registerweb.activity.title", v)
	p.Title = v.A.Activity.Name
	s.render(w, r, status, "activity", p)
}

// newActivity offers the five templates, or a blank record (?blank=1).
func (s *Server) newActivity(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("blank") == "" {
		p := s.newPage(r, "register", "registerweb.activity.new_title", activityListView{Templates: register.ActivityTemplates})
		s.render(w, r, http.StatusOK, "activity_new", p)
		return
	}
	role := register.RoleController
	if r.URL.Query().Get("role") == register.RoleProcessor {
		role = register.RoleProcessor
	}
	s.showActivityForm(w, r, http.StatusOK, activityFormView{A: &register.Activity{Role: role}, New: true})
}

// createActivity creates an activity from a template (then completed on
// its page) or from the blank form.
func (s *Server) createActivity(w http.ResponseWriter, r *http.Request) {
	if key := r.PostFormValue("template"); key != "" {
		a, err := s.svc.Register.CreateActivityFromTemplate(r.Context(), key, langOf(r))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.flash(r, "registerweb.activity.from_template")
		redirect(w, r, "/activities/"+strconv.FormatInt(a.ID, 10))
		return
	}
	a := &register.Activity{}
	err := readActivity(r, a)
	if err == nil {
		err = s.svc.Register.CreateActivity(r.Context(), a)
	}
	if err != nil {
		s.activityFormFailed(w, r, err, activityFormView{A: a, New: true})
		return
	}
	s.flash(r, "registerweb.saved")
	redirect(w, r, "/activities/"+strconv.FormatInt(a.ID, 10))
}

type activityFormView struct {
	A       *register.Activity
	New     bool
	Vendors []register.Ref
	// The rows of each repeated group, with blank ones to add to.
	Data        []dataRow
	SubjectRows []register.SubjectGroup
	Sources     []register.Source
	Recipients  []register.Recipient
	Joint       []register.Party
	Owners      []register.Party // controllers of a processor record
	formState
	vocab
}

// dataRow is a data category with its retention as the form shows it: a
// number of years when the months are whole years.
type dataRow struct {
	register.DataUse
	Amount int
	Years  bool
}

func (s *Server) editActivity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var av register.ActivityView
	if err == nil {
		av, err = s.svc.Register.Activity(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showActivityForm(w, r, http.StatusOK, activityFormView{A: av.Activity})
}

func (s *Server) showActivityForm(w http.ResponseWriter, r *http.Request, status int, v activityFormView) {
	vs, err := s.svc.Register.Vendors(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, o := range vs {
		v.Vendors = append(v.Vendors, register.Ref{ID: o.Vendor.ID, Name: o.Vendor.Name})
	}
	a := v.A
	for _, d := range append(append([]register.DataUse(nil), a.Data...), register.DataUse{}, register.DataUse{}) {
		row := dataRow{DataUse: d, Amount: d.Retention.Months}
		if d.Retention.Months > 0 && d.Retention.Months%12 == 0 {
			row.Amount, row.Years = d.Retention.Months/12, true
		}
		v.Data = append(v.Data, row)
	}
	v.SubjectRows = append(append([]register.SubjectGroup(nil), a.Subjects...), register.SubjectGroup{})
	v.Sources = append(append([]register.Source(nil), a.Sources...), register.Source{})
	v.Recipients = append(append([]register.Recipient(nil), a.Recipients...), register.Recipient{Kind: "vendor"}, register.Recipient{})
	v.Joint = append(append([]register.Party(nil), a.JointControllers...), register.Party{})
	v.Owners = append(append([]register.Party(nil), a.Controllers...), register.Party{})
	v.vocab = registerVocab
	title := "registerweb.activity.edit_title"
	if v.New {
		title = "registerweb.activity.new_title"
	}
	s.render(w, r, status, "activity_form", s.newPage(r, "register", title, v))
}

func (s *Server) updateActivity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var av register.ActivityView
	if err == nil {
		av, err = s.svc.Register.Activity(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := av.Activity
	err = readActivity(r, a)
	if err == nil {
		err = s.svc.Register.UpdateActivity(r.Context(), a)
	}
	if err != nil {
		s.activityFormFailed(w, r, err, activityFormView{A: a})
		return
	}
	s.flash(r, "registerweb.saved")
	redirect(w, r, "/activities/"+strconv.FormatInt(id, 10))
}

func (s *Server) activityFormFailed(w http.ResponseWriter, r *http.Request, err error, v activityFormView) {
	status, fs, ok := formFailure(r, err)
	if !ok {
		s.fail(w, r, err)
		return
	}
	v.formState = fs
	s.showActivityForm(w, r, status, v)
}

func (s *Server) deleteActivity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.svc.Register.DeleteActivity(r.Context(), id, formVersion(r))
	}
	if err != nil {
		s.entryActionFailed(w, r, err, func(status int, msg string) { s.showActivity(w, r, status, msg) })
		return
	}
	s.flash(r, "registerweb.deleted")
	redirect(w, r, "/activities")
}

// readActivity reads the activity form into a.
func readActivity(r *http.Request, a *register.Activity) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	var e firstErr
	a.Version = version(f)
	a.Ref, a.Name, a.Department = f.str("ref"), f.str("name"), f.str("department")
	if role := f.str("role"); role != "" {
		a.Role = role
	}
	a.Purpose, a.SubPurposes = f.str("purpose"), f.lines("sub_purposes")
	a.LegalBasis, a.LegitimateInterest, a.Art9Condition = f.str("legal_basis"), f.str("legitimate_interest"), f.str("art9_condition")
	a.JointControllers, a.Controllers = f.parties("joint"), f.parties("owners")
	a.Data = nil
	for i := range f.rows("data") {
		d, err := f.dataUse(i)
		e.keep(err)
		if d.Category != "" || d.Description != "" || d.Retention.Set() {
			a.Data = append(a.Data, d)
		}
	}
	a.Subjects = nil
	for i := range f.rows("subjects") {
		if s := (register.SubjectGroup{Kind: f.str(row("subjects", i, "kind")), Detail: f.str(row("subjects", i, "detail"))}); s.Kind != "" || s.Detail != "" {
			a.Subjects = append(a.Subjects, s)
		}
	}
	a.Sources = nil
	for i := range f.rows("sources") {
		if s := (register.Source{Kind: f.str(row("sources", i, "kind")), Detail: f.str(row("sources", i, "detail"))}); s.Kind != "" || s.Detail != "" {
			a.Sources = append(a.Sources, s)
		}
	}
	a.Recipients = nil
	for i := range f.rows("recipients") {
		if rc := f.recipient(i); rc.VendorID != 0 || rc.Name != "" || rc.Detail != "" {
			a.Recipients = append(a.Recipients, rc)
		}
	}
	sec := func(h string) string { return f.str("security." + h) }
	a.Security = register.Security{AccessControl: sec("access_control"), Traceability: sec("traceability"), SoftwareProtection: sec("software_protection"),
		Backup: sec("backup"), Encryption: sec("encryption"), ProcessorControl: sec("processor_control"), Other: sec("other")}
	a.DPIA = register.DPIA{Criteria: f.list("dpia_criteria"), Done: f.bool("dpia_done"), Reference: f.str("dpia_reference"), Notes: f.str("dpia_notes")}
	a.PrivacyNotice, a.Notes, a.Reviewer = f.str("privacy_notice"), f.str("notes"), f.str("reviewer")
	a.ReviewedOn, err = f.date("reviewed_on", "reviewed_on")
	e.keep(err)
	return e.err
}

// parties reads the rows of a group of people or organisations, leaving
// out blank rows.
func (f form) parties(group string) []register.Party {
	var out []register.Party
	for i := range f.rows(group) {
		p := f.party(group + "." + strconv.Itoa(i) + ".")
		if p != (register.Party{}) {
			out = append(out, p)
		}
	}
	return out
}

// dataUse reads one data category with its retention: a number of months
// or years from a trigger, then a fate.
func (f form) dataUse(i int) (register.DataUse, error) {
	d := register.DataUse{Category: f.str(row("data", i, "category")), Description: f.str(row("data", i, "description")),
		Retention: register.Retention{Trigger: f.str(row("data", i, "trigger")), Fate: f.str(row("data", i, "fate")), Note: f.str(row("data", i, "note"))}}
	n, err := f.int(row("data", i, "amount"), "data")
	if f.str(row("data", i, "unit")) == "years" {
		n *= 12
	}
	d.Retention.Months = n
	return d, err
}

// recipient reads one recipient: a vendor of the register, an internal
// team or an external body (with its country and transfer mechanism).
func (f form) recipient(i int) register.Recipient {
	rc := register.Recipient{Kind: f.str(row("recipients", i, "kind")), Detail: f.str(row("recipients", i, "detail"))}
	if rc.Kind == "vendor" {
		rc.VendorID = f.id(row("recipients", i, "vendor_id"))
		return rc
	}
	rc.Name = f.str(row("recipients", i, "name"))
	if rc.Kind == "external" {
		rc.Country, rc.Mechanism = f.country(row("recipients", i, "country")), f.str(row("recipients", i, "mechanism"))
	}
	if rc.Kind == "" && rc.Name != "" {
		rc.Kind = "internal"
	}
	return rc
}
