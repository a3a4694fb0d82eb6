package web

import (
	"net/http"
	"strings"

	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/readiness"
)

type dashboardView struct {
	Plan        readiness.Evaluated
	Groups      []groupView
	Share       float64 // items done
	StatusChart any
	Repermit    int
}

type groupView struct {
	Urgency readiness.Urgency
	Actions []actionView
}

// actionView is an action card: its state and, per item, a sentence
// saying what gdprkit found.
type actionView struct {
	readiness.ActionState
	Items []itemView
}

type itemView struct {
	readiness.ItemState
	Status string
}

func viewAction(lang string, a readiness.ActionState, f readiness.Facts, dpo string) actionView {
	av := actionView{ActionState: a}
	for _, it := range a.Items {
		av.Items = append(av.Items, itemView{ItemState: it, Status: itemStatus(lang, a.Key+"."+it.Key, f, dpo)})
	}
	return av
}

// itemStatus is the sentence under an automatic item: the figure it is
// computed from.
func itemStatus(lang, key string, f readiness.Facts, dpo string) string {
	n := func(k string, count int, args map[string]any) string {
		if args == nil {
			args = map[string]any{}
		}
		args["Count"] = chart.Number(lang, float64(count))
		return locale.Shared().N(lang, k, count, args)
	}
	switch key {
	case "clean_base.imported":
		if f.Contacts == 0 {
			return translate(lang, "plan.metric.nothing_imported", nil)
		}
		return n("plan.metric.imported", f.Contacts, map[string]any{"Imports": n("plan.metric.imports", f.Imports, nil)})
	case "clean_base.documented", "collection.consent_dated":
		if f.Contacts == 0 {
			return ""
		}
		return n("plan.metric.documented", f.Contacts, map[string]any{"Share": chart.Percent(lang, f.Documented())})
	case "clean_base.repermission":
		if f.Contacts == 0 {
			return ""
		}
		return n("plan.metric.repermission", f.Repermission(), nil)
	case "vendors.processors":
		if len(f.Processors) == 0 {
			return translate(lang, "plan.metric.no_processor", nil)
		}
		return translate(lang, "plan.metric.processors", map[string]any{"List": strings.Join(f.Processors, ", ")})
	case "privacy_policy.dpo_contact":
		if !f.DPOSet {
			return translate(lang, "plan.metric.no_dpo", nil)
		}
		return translate(lang, "plan.metric.dpo", map[string]any{"DPO": dpo})
	}
	return registerStatus(lang, key, f.Register)
}

// dashboard is the kit's action plan with its figures.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	ev, err := s.svc.Plan.Evaluate(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := dashboardView{Plan: ev, Repermit: ev.Facts.Repermission()}
	lang, dpo := langOf(r), s.dpo(r)
	for _, g := range ev.Groups {
		gv := groupView{Urgency: g.Urgency}
		for _, a := range g.Actions {
			gv.Actions = append(gv.Actions, viewAction(lang, a, ev.Facts, dpo))
		}
		v.Groups = append(v.Groups, gv)
	}
	if ev.Total > 0 {
		v.Share = float64(ev.Done) / float64(ev.Total)
	}
	if ev.Facts.Contacts > 0 {
		v.StatusChart = statusChart(langOf(r), ev.Facts.ByStatus, true)
	}
	s.render(w, r, http.StatusOK, "dashboard", s.newPage(r, "dashboard", "dashboard.title", v))
}

// dpo names the DPO contact from the settings.
func (s *Server) dpo(r *http.Request) string {
	o := s.org(r.Context())
	return strings.TrimSpace(strings.Join(strings.Fields(o.DPOName+" "+o.DPOEmail+" "+o.DPOPhone), " "))
}

// statusChart draws the base's split by audit status.
func statusChart(lang string, by map[contacts.Status]int, compact bool) any {
	points := make([]chart.Point, 0, len(contacts.Statuses))
	for _, st := range contacts.Statuses {
		points = append(points, chart.Point{Label: translate(lang, st.LabelKey(), nil), Value: float64(by[st]), Class: "s-" + string(st)})
	}
	c := chart.Chart{Title: translate(lang, "dashboard.status_chart", nil), Lang: lang}
	if compact {
		c.Width = 720
	}
	if compact {
		return chart.StackedBar(c, points)
	}
	return chart.Donut(c, points)
}

// tick ticks or unticks a checklist item; under htmx it answers with the
// action's card so its progress updates in place.
func (s *Server) tick(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	action, item := r.PathValue("action"), r.PathValue("item")
	done := r.PostFormValue("done") == "1"
	if err := s.svc.Plan.SetTick(r.Context(), action, item, p.user.DisplayName(), done); err != nil {
		s.fail(w, r, err)
		return
	}
	if r.Header.Get("HX-Request") == "" {
		redirect(w, r, "/#"+action)
		return
	}
	ev, err := s.svc.Plan.Evaluate(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, g := range ev.Groups {
		for _, a := range g.Actions {
			if a.Key == action {
				av := viewAction(langOf(r), a, ev.Facts, s.dpo(r))
				s.fragment(w, r, "dashboard", "action", part{P: s.newPage(r, "dashboard", "dashboard.title", nil), X: av})
				return
			}
		}
	}
}
