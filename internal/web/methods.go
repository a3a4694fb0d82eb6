package web

import (
	"net/http"
	"strconv"

	"github.com/gdprkit/gdprkit/internal/register"
)

// Collection methods: how contacts enter the base, each checked against
// the legal bases and the French rules on e-mail prospecting. The list
// separates what needs action now from what only needs its basis on file;
// the form shows the findings live while it is filled in.

type methodListView struct {
	ActNow   []register.MethodView // unlawful, then act now
	Document []register.MethodView
	Chart    any
}

func (s *Server) methodList(w http.ResponseWriter, r *http.Request) {
	ms, err := s.svc.Register.Methods(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var v methodListView
	for _, m := range ms {
		if m.Check.Verdict == register.Document {
			v.Document = append(v.Document, m)
		} else {
			v.ActNow = append(v.ActNow, m)
		}
	}
	if len(ms) > 0 {
		v.Chart = verdictChart(langOf(r), ms)
	}
	s.render(w, r, http.StatusOK, "methods", s.newPage(r, "register", "registerweb.methods.title", v))
}

type methodPageView struct {
	M         register.MethodView
	Keys      register.Keys   // the safeguards, in the form's order
	Confirmed map[string]bool // those the user confirmed
	ActNow    []register.Finding
	Keep      []register.Finding
	History   []register.Change
	Names     map[string]string
	Error     string
}

func (s *Server) methodPage(w http.ResponseWriter, r *http.Request) {
	s.showMethod(w, r, http.StatusOK, "")
}

func (s *Server) showMethod(w http.ResponseWriter, r *http.Request, status int, msg string) {
	id, err := pathID(r)
	v := methodPageView{Error: msg}
	if err == nil {
		v.M, err = s.svc.Register.Method(r.Context(), id)
	}
	if err == nil {
		v.History, err = s.svc.Register.History(r.Context(), register.ChangeFilter{Entity: register.EntityMethod, EntityID: id, Limit: 20})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.ActNow, v.Keep = splitFindings(v.M.Check.Findings)
	v.Keys, v.Confirmed = register.SafeguardKeys, map[string]bool{}
	for _, k := range register.SafeguardKeys {
		v.Confirmed[k] = *v.M.Method.Safeguards.Field(k)
	}
	v.Names = s.actorNames(r)
	p := s.newPage(r, "register", "registerweb.method.title", v)
	p.Title = v.M.Method.Name
	s.render(w, r, status, "method", p)
}

// splitFindings separates the findings that need action now from those
// that only ask for documentation.
func splitFindings(fs []register.Finding) (now, keep []register.Finding) {
	for _, f := range fs {
		if f.Action == register.ActNow {
			now = append(now, f)
		} else {
			keep = append(keep, f)
		}
	}
	return now, keep
}

// newMethod shows the catalogue, then (?kind=…) the form prefilled for
// the kind chosen.
func (s *Server) newMethod(w http.ResponseWriter, r *http.Request) {
	kind := r.URL.Query().Get("kind")
	if !register.MethodKinds.Has(kind) {
		p := s.newPage(r, "register", "registerweb.method.new_title", register.MethodCatalogue)
		s.render(w, r, http.StatusOK, "method_new", p)
		return
	}
	m := register.NewMethod(kind)
	m.Name = translate(langOf(r), "register.method_kind."+kind, nil)
	s.showMethodForm(w, r, http.StatusOK, methodFormView{M: m, New: true})
}

type methodFormView struct {
	M          *register.CollectionMethod
	New        bool
	Check      register.MethodCheck
	Providers  []register.Ref
	Activities []register.Ref
	On         []string // the safeguards confirmed
	formState
	vocab
}

func (s *Server) editMethod(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var mv register.MethodView
	if err == nil {
		mv, err = s.svc.Register.Method(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showMethodForm(w, r, http.StatusOK, methodFormView{M: mv.Method})
}

func (s *Server) showMethodForm(w http.ResponseWriter, r *http.Request, status int, v methodFormView) {
	snap, err := s.svc.Register.Snapshot(r.Context())
	if err == nil {
		v.Check, err = s.svc.Register.CheckDraft(r.Context(), draftProvider(v.M, snap))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, vv := range snap.Vendors {
		v.Providers = append(v.Providers, register.Ref{ID: vv.Vendor.ID, Name: vv.Vendor.Name})
	}
	for _, a := range snap.Activities {
		v.Activities = append(v.Activities, register.Ref{ID: a.Activity.ID, Name: a.Activity.Name})
	}
	for _, k := range register.SafeguardKeys {
		if *v.M.Safeguards.Field(k) {
			v.On = append(v.On, k)
		}
	}
	v.vocab = registerVocab
	title := "registerweb.method.edit_title"
	if v.New {
		title = "registerweb.method.new_title"
	}
	s.render(w, r, status, "method_form", s.newPage(r, "register", title, v))
}

// draftProvider drops a provider that no longer exists from a draft, so
// checking it does not fail.
func draftProvider(m *register.CollectionMethod, snap *register.Snapshot) *register.CollectionMethod {
	if _, ok := snap.Vendor(m.ProviderID); !ok && m.ProviderID != 0 {
		c := *m
		c.ProviderID = 0
		return &c
	}
	return m
}

// checkMethod runs the rules on the form as it is being filled in, for
// htmx: it answers with the findings panel only.
func (s *Server) checkMethod(w http.ResponseWriter, r *http.Request) {
	m := &register.CollectionMethod{}
	if err := readMethod(r, m); err != nil {
		s.fail(w, r, err)
		return
	}
	snap, err := s.svc.Register.Snapshot(r.Context())
	var check register.MethodCheck
	if err == nil {
		check, err = s.svc.Register.CheckDraft(r.Context(), draftProvider(m, snap))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.fragment(w, r, "method_form", "findings", part{P: s.newPage(r, "register", "registerweb.methods.title", nil), X: check})
}

func (s *Server) createMethod(w http.ResponseWriter, r *http.Request) {
	m := &register.CollectionMethod{}
	err := readMethod(r, m)
	if err == nil {
		err = s.svc.Register.CreateMethod(r.Context(), m)
	}
	if err != nil {
		s.methodFormFailed(w, r, err, methodFormView{M: m, New: true})
		return
	}
	s.flash(r, "registerweb.saved")
	redirect(w, r, "/methods/"+strconv.FormatInt(m.ID, 10))
}

func (s *Server) updateMethod(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	var mv register.MethodView
	if err == nil {
		mv, err = s.svc.Register.Method(r.Context(), id)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	m := mv.Method
	err = readMethod(r, m)
	if err == nil {
		err = s.svc.Register.UpdateMethod(r.Context(), m)
	}
	if err != nil {
		s.methodFormFailed(w, r, err, methodFormView{M: m})
		return
	}
	s.flash(r, "registerweb.saved")
	redirect(w, r, "/methods/"+strconv.FormatInt(id, 10))
}

func (s *Server) methodFormFailed(w http.ResponseWriter, r *http.Request, err error, v methodFormView) {
	status, fs, ok := formFailure(r, err)
	if !ok {
		s.fail(w, r, err)
		return
	}
	v.formState = fs
	s.showMethodForm(w, r, status, v)
}

func (s *Server) deleteMethod(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err == nil {
		err = s.svc.Register.DeleteMethod(r.Context(), id, formVersion(r))
	}
	if err != nil {
		s.entryActionFailed(w, r, err, func(status int, msg string) { s.showMethod(w, r, status, msg) })
		return
	}
	s.flash(r, "registerweb.deleted")
	redirect(w, r, "/methods")
}

// readMethod reads the collection-method form into m.
func readMethod(r *http.Request, m *register.CollectionMethod) error {
	f, err := postedForm(r)
	if err != nil {
		return err
	}
	m.Version = version(f)
	m.Kind, m.Name, m.Description, m.Audience = f.str("kind"), f.str("name"), f.str("description"), f.str("audience")
	m.Channels, m.LegalBasis, m.ProviderID, m.ActivityIDs = f.list("channels"), f.str("legal_basis"), f.id("provider_id"), f.ids("activity_ids")
	for _, k := range register.SafeguardKeys {
		*m.Safeguards.Field(k) = f.bool("safeguard." + k)
	}
	m.RetentionMonths, err = f.int("retention_months", "retention_months")
	return err
}
