package readiness

import (
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/register"
)

// Facts is what gdprkit knows that the plan's automatic items read.
type Facts struct {
	Contacts   int
	ByStatus   map[contacts.Status]int
	Imports    int
	Processors []string // providers whose exports were imported
	DPOSet     bool
	// CampaignsClosed counts re-permission campaigns that reached their
	// deadline (ended, purging or purged).
	CampaignsClosed int
	// Register is the state of the registers, nil when they are not
	// wired (the command line).
	Register *register.Status
}

// Repermission is the number of contacts whose consent is weak or missing.
func (f Facts) Repermission() int {
	return f.ByStatus[contacts.Weak] + f.ByStatus[contacts.Missing]
}

// Documented is the share of contacts with documented consent, 0..1.
func (f Facts) Documented() float64 {
	if f.Contacts == 0 {
		return 0
	}
	return float64(f.ByStatus[contacts.Documented]) / float64(f.Contacts)
}

// Evaluated is the plan with every item's state.
type Evaluated struct {
	Groups  []Group
	Done    int
	Total   int
	Facts   Facts
	Actions int
}

// Group is the actions of one urgency.
type Group struct {
	Urgency Urgency
	Actions []ActionState
}

// ActionState is an action with the state of its items.
type ActionState struct {
	Action
	State State
	Done  int
	Total int
	Items []ItemState
}

// ItemState is an item and whether it is done; Tick is set for a ticked
// checklist item.
type ItemState struct {
	Item
	Done bool
	Tick *Tick
}

// Evaluate computes the state of every item from facts and ticks. It is
// pure: the same inputs give the same plan.
func Evaluate(facts Facts, ticks []Tick) Evaluated {
	ticked := map[[2]string]*Tick{}
	for i := range ticks {
		ticked[[2]string{ticks[i].Action, ticks[i].Item}] = &ticks[i]
	}
	ev := Evaluated{Facts: facts}
	for _, u := range Urgencies {
		g := Group{Urgency: u}
		for _, a := range Plan {
			if a.Urgency == u {
				as := evaluateAction(a, facts, ticked)
				ev.Done += as.Done
				ev.Total += as.Total
				g.Actions = append(g.Actions, as)
			}
		}
		ev.Groups = append(ev.Groups, g)
	}
	ev.Actions = len(Plan)
	return ev
}

func evaluateAction(a Action, facts Facts, ticked map[[2]string]*Tick) ActionState {
	as := ActionState{Action: a}
	for _, it := range a.Items {
		is := ItemState{Item: it}
		switch it.Kind {
		case Auto:
			is.Done = autoDone(a.Key, it.Key, facts)
		case Check:
			is.Tick = ticked[[2]string{a.Key, it.Key}]
			is.Done = is.Tick != nil
		}
		if it.Kind != Info {
			as.Total++
			if is.Done {
				as.Done++
			}
		}
		as.Items = append(as.Items, is)
	}
	as.State = stateOf(as.Done, as.Total)
	return as
}

func stateOf(done, total int) State {
	switch {
	case total > 0 && done == total:
		return Done
	case done > 0:
		return InProgress
	}
	return Todo
}

// autoDone decides the automatic items from the facts.
func autoDone(action, item string, f Facts) bool {
	switch action + "." + item {
	case "clean_base.imported":
		return f.Contacts > 0
	case "clean_base.documented", "clean_base.repermission", "collection.consent_dated":
		return f.Contacts > 0 && f.Repermission() == 0
	case "clean_base.campaign":
		return f.CampaignsClosed > 0
	case "privacy_policy.dpo_contact":
		return f.DPOSet
	}
	return registerDone(action+"."+item, f.Register)
}

// registerDone decides the items the registers can see.
func registerDone(key string, st *register.Status) bool {
	if st == nil {
		return false
	}
	switch key {
	case "vendors.list_vendors":
		return st.Vendors > 0
	case "vendors.register":
		return st.Vendors > 0 && st.VendorsNoAgreement == 0 && st.TransfersMissing == 0
	case "vendors.third_party_checklist":
		return st.Vendors > 0 && st.VendorsHighRisk == 0 && st.ReviewsOverdue == 0
	case "collection.methods_listed":
		return st.Methods > 0
	case "collection.methods_checked":
		return st.Methods > 0 && st.MethodsUnlawful == 0 && st.MethodsActNow == 0
	case "collection.record":
		return st.Activities > 0 && st.ActivitiesIncomplete == 0 && st.DPIAsMissing == 0
	}
	return false
}
