package web

import (
	"net/http"

	"github.com/gdprkit/gdprkit/internal/register"
)

// The organisation page is page 1 of the CNIL register: the controller,
// its representative and its DPO.

type organisationView struct {
	O         *register.Organisation
	Prefilled bool // never saved: filled from the settings
	formState
}

func (s *Server) organisationPage(w http.ResponseWriter, r *http.Request) {
	o, err := s.svc.Register.Organisation(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := organisationView{O: o}
	if o.Version == 0 {
		// Never saved: start from what the settings already say.
		st := s.org(r.Context())
		o.Name, o.Controller.Address = st.OrgName, st.OrgAddress
		if st.DPOSet() {
			o.DPODesignated = true
			o.DPO.LastName, o.DPO.Email, o.DPO.Phone = st.DPOName, st.DPOEmail, st.DPOPhone
		}
		v.Prefilled = o.Name != "" || o.DPODesignated
	}
	s.showOrganisation(w, r, http.StatusOK, v)
}

func (s *Server) showOrganisation(w http.ResponseWriter, r *http.Request, status int, v organisationView) {
	s.render(w, r, status, "organisation", s.newPage(r, "register", "registerweb.org.title", v))
}

func (s *Server) saveOrganisation(w http.ResponseWriter, r *http.Request) {
	f, err := postedForm(r)
	o := &register.Organisation{}
	if err == nil {
		o.Version, o.Name = version(f), f.str("name")
		o.Controller, o.Representative = f.party("controller."), f.party("representative.")
		o.DPODesignated, o.DPO = f.bool("dpo_designated"), f.party("dpo.")
		o.ReviewMonths, err = f.int("review_months", "review_months")
	}
	if err == nil {
		err = s.svc.Register.SaveOrganisation(r.Context(), o)
	}
	if err != nil {
		status, fs, ok := formFailure(r, err)
		if !ok {
			s.fail(w, r, err)
			return
		}
		s.showOrganisation(w, r, status, organisationView{O: o, formState: fs})
		return
	}
	s.flash(r, "registerweb.saved")
	redirect(w, r, "/register/organisation")
}
