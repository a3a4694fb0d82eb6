package register

import (
	"sort"
	"time"
)

// Ref names another entry of the register, for links.
type Ref struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// VendorView is a vendor with what the register derives about it: the
// page and the exports show these.
type VendorView struct {
	Vendor         *Vendor         `json:"vendor"`
	Risk           Risk            `json:"risk"`
	Transfers      []TransferCheck `json:"transfers"`
	SubProcessors  []Ref           `json:"sub_processors"`
	SubProcessorOf []Ref           `json:"sub_processor_of"`
	UsedBy         []Ref           `json:"used_by"`  // activities listing it as a recipient
	Provides       []Ref           `json:"provides"` // collection methods it supplies lists for
	ReviewOverdue  bool            `json:"review_overdue"`
}

// ActivityView is an activity with its derived transfers, DPIA verdict and
// Art. 30 completeness.
type ActivityView struct {
	Activity     *Activity       `json:"activity"`
	Transfers    []TransferCheck `json:"transfers"`
	DPIA         DPIAResult      `json:"dpia"`
	Completeness Completeness    `json:"completeness"`
	Vendors      []Ref           `json:"vendors"`
	Methods      []Ref           `json:"methods"` // collection methods feeding it
}

// MethodView is a collection method with the rules' verdict.
type MethodView struct {
	Method     *CollectionMethod `json:"method"`
	Check      MethodCheck       `json:"check"`
	Provider   *Ref              `json:"provider,omitempty"`
	Activities []Ref             `json:"activities"`
}

// Snapshot is the whole register at one time, with everything derived: the
// exports render it, and the web pages pick from it.
type Snapshot struct {
	At           time.Time      `json:"generated_at"`
	Organisation *Organisation  `json:"organisation"`
	Vendors      []VendorView   `json:"vendors"`    // by decreasing risk
	Activities   []ActivityView `json:"activities"` // controller records by reference, then processor records
	Methods      []MethodView   `json:"collection_methods"`
}

// BuildSnapshot derives everything from the stored entries. It is pure.
func BuildSnapshot(org *Organisation, vendors []*Vendor, acts []*Activity, methods []*CollectionMethod, at time.Time) *Snapshot {
	if org == nil {
		org = &Organisation{}
	}
	byID := make(map[int64]*Vendor, len(vendors))
	for _, v := range vendors {
		byID[v.ID] = v
	}
	s := &Snapshot{At: at, Organisation: org, Vendors: []VendorView{}, Activities: []ActivityView{}, Methods: []MethodView{}}
	for _, m := range methods {
		s.Methods = append(s.Methods, methodView(m, byID, acts))
	}
	for _, a := range sortActivities(acts) {
		s.Activities = append(s.Activities, activityView(org, a, byID, methods, at))
	}
	for _, v := range vendors {
		s.Vendors = append(s.Vendors, vendorView(v, vendors, acts, methods, at))
	}
	SortByRisk(s.Vendors)
	return s
}

func vendorView(v *Vendor, vendors []*Vendor, acts []*Activity, methods []*CollectionMethod, at time.Time) VendorView {
	vv := VendorView{Vendor: v, Risk: VendorRisk(v, at), Transfers: VendorTransfers(v, at),
		SubProcessors: []Ref{}, SubProcessorOf: []Ref{}, UsedBy: []Ref{}, Provides: []Ref{},
		ReviewOverdue: !v.ReviewDue.IsZero() && v.ReviewDue.Before(at)}
	if vv.Transfers == nil {
		vv.Transfers = []TransferCheck{}
	}
	for _, o := range vendors {
		if containsID(v.SubProcessors, o.ID) {
			vv.SubProcessors = append(vv.SubProcessors, Ref{o.ID, o.Name})
		}
		if containsID(o.SubProcessors, v.ID) {
			vv.SubProcessorOf = append(vv.SubProcessorOf, Ref{o.ID, o.Name})
		}
	}
	for _, a := range acts {
		if containsID(a.VendorIDs(), v.ID) {
			vv.UsedBy = append(vv.UsedBy, Ref{a.ID, a.Name})
		}
	}
	for _, m := range methods {
		if m.ProviderID == v.ID {
			vv.Provides = append(vv.Provides, Ref{m.ID, m.Name})
		}
	}
	return vv
}

func activityView(org *Organisation, a *Activity, byID map[int64]*Vendor, methods []*CollectionMethod, at time.Time) ActivityView {
	ts := ActivityTransfers(a, byID, at)
	if ts == nil {
		ts = []TransferCheck{}
	}
	av := ActivityView{Activity: a, Transfers: ts, DPIA: AssessDPIA(a), Completeness: CheckRecord(org, a, ts),
		Vendors: []Ref{}, Methods: []Ref{}}
	for _, id := range a.VendorIDs() {
		if v := byID[id]; v != nil {
			av.Vendors = append(av.Vendors, Ref{v.ID, v.Name})
		}
	}
	for _, m := range methods {
		if containsID(m.ActivityIDs, a.ID) {
			av.Methods = append(av.Methods, Ref{m.ID, m.Name})
		}
	}
	return av
}

func methodView(m *CollectionMethod, byID map[int64]*Vendor, acts []*Activity) MethodView {
	p := byID[m.ProviderID]
	mv := MethodView{Method: m, Check: CheckMethod(m, p), Activities: []Ref{}}
	if p != nil {
		mv.Provider = &Ref{p.ID, p.Name}
	}
	for _, a := range acts {
		if containsID(m.ActivityIDs, a.ID) {
			mv.Activities = append(mv.Activities, Ref{a.ID, a.Name})
		}
	}
	return mv
}

// sortActivities puts controller records first, then processor records
// (the CNIL keeps them in two registers); within each, activities with a
// reference come first in reference order, then the others in the order
// they were created, so fiche numbers do not move when one is renamed.
func sortActivities(acts []*Activity) []*Activity {
	out := append([]*Activity(nil), acts...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		switch {
		case a.Role != b.Role:
			return a.Role == RoleController
		case (a.Ref == "") != (b.Ref == ""):
			return a.Ref != ""
		case a.Ref != b.Ref:
			return a.Ref < b.Ref
		}
		return a.ID < b.ID
	})
	return out
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// Vendor returns the view of vendor id, if present.
func (s *Snapshot) Vendor(id int64) (VendorView, bool) {
	for _, v := range s.Vendors {
		if v.Vendor.ID == id {
			return v, true
		}
	}
	return VendorView{}, false
}

// Activity returns the view of activity id, if present.
func (s *Snapshot) Activity(id int64) (ActivityView, bool) {
	for _, a := range s.Activities {
		if a.Activity.ID == id {
			return a, true
		}
	}
	return ActivityView{}, false
}

// Method returns the view of collection method id, if present.
func (s *Snapshot) Method(id int64) (MethodView, bool) {
	for _, m := range s.Methods {
		if m.Method.ID == id {
			return m, true
		}
	}
	return MethodView{}, false
}
