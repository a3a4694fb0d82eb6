package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/gdprkit/gdprkit/internal/register"
)

// The register's history: who changed what, when, field by field.

type historyView struct {
	Changes  []register.Change
	Entity   string
	ID       int64
	Entities []string
	Names    map[string]string
	Refs     map[string]string // "vendor:3" -> the entry's current name
}

var historyEntities = []string{register.EntityVendor, register.EntityActivity, register.EntityMethod, register.EntityQuestionnaire, register.EntityOrganisation}

func (s *Server) registerHistory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := historyView{Entities: historyEntities, Entity: q.Get("entity")}
	if !slices.Contains(historyEntities, v.Entity) {
		v.Entity = ""
	}
	if v.Entity != "" {
		v.ID = form{q}.id("id")
	}
	changes, err := s.svc.Register.History(r.Context(), register.ChangeFilter{Entity: v.Entity, EntityID: v.ID, Limit: 200})
	var snap *register.Snapshot
	if err == nil {
		snap, err = s.svc.Register.Snapshot(r.Context())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.Changes, v.Names, v.Refs = changes, s.actorNames(r), entryNames(snap)
	s.render(w, r, http.StatusOK, "history", s.newPage(r, "register", "registerweb.history.title", v))
}

// entryNames names the entries of the register that still exist, for the
// history's links.
func entryNames(s *register.Snapshot) map[string]string {
	m := map[string]string{}
	for _, v := range s.Vendors {
		m[register.EntityVendor+":"+strconv.FormatInt(v.Vendor.ID, 10)] = v.Vendor.Name
	}
	for _, a := range s.Activities {
		m[register.EntityActivity+":"+strconv.FormatInt(a.Activity.ID, 10)] = a.Activity.Name
	}
	for _, mv := range s.Methods {
		m[register.EntityMethod+":"+strconv.FormatInt(mv.Method.ID, 10)] = mv.Method.Name
	}
	return m
}
