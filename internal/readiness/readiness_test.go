package readiness

import (
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/register"
)

func TestPlanFollowsTheKit(t *testing.T) {
	want := map[Urgency][]string{High: {"clean_base", "vendors"}, MediumHigh: {"collection", "privacy_policy"}, Medium: {"mindset", "eprivacy"}}
	ev := Evaluate(Facts{}, nil)
	for _, g := range ev.Groups {
		var got []string
		for _, a := range g.Actions {
			got = append(got, a.Key)
		}
		if len(got) != len(want[g.Urgency]) || got[0] != want[g.Urgency][0] || got[1] != want[g.Urgency][1] {
			t.Errorf("%s: %v, want %v", g.Urgency, got, want[g.Urgency])
		}
	}
	if ev.Done != 0 || ev.Total == 0 {
		t.Errorf("empty plan: %d/%d", ev.Done, ev.Total)
	}
}

func TestEvaluate(t *testing.T) {
	facts := Facts{Contacts: 100, Imports: 1, ByStatus: map[contacts.Status]int{contacts.Documented: 62, contacts.Weak: 20, contacts.Withdrawn: 18}}
	ticks := []Tick{{Action: "vendors", Item: "esp_checklist", DoneAt: time.Now(), DoneBy: "user:1", Name: "Ada"}}
	ev := Evaluate(facts, ticks)
	states := map[string]ActionState{}
	for _, g := range ev.Groups {
		for _, a := range g.Actions {
			states[a.Key] = a
		}
	}
	if s := states["clean_base"]; s.Done != 1 || s.State != InProgress {
		t.Errorf("clean_base: %d done, %s", s.Done, s.State)
	}
	if s := states["vendors"]; s.Done != 1 || s.Items[4].Tick == nil || s.Items[4].Tick.Name != "Ada" {
		t.Errorf("vendors: %+v", s)
	}
	if s := states["vendors"]; s.Total != 4 {
		t.Errorf("vendors counts its info item: total %d", s.Total)
	}
	if facts.Repermission() != 20 || facts.Documented() != 0.62 {
		t.Errorf("facts: %d %v", facts.Repermission(), facts.Documented())
	}
	facts.ByStatus[contacts.Weak], facts.DPOSet = 0, true
	ev = Evaluate(facts, nil)
	for _, g := range ev.Groups {
		for _, a := range g.Actions {
			if a.Key == "privacy_policy" && a.Items[0].Done != true {
				t.Error("the DPO contact is set but its item is not done")
			}
			if a.Key == "clean_base" && a.Done != 3 {
				t.Errorf("clean_base with every consent documented: %d done, want 3", a.Done)
			}
		}
	}
	facts.CampaignsClosed = 1
	for _, g := range Evaluate(facts, nil).Groups {
		for _, a := range g.Actions {
			if a.Key == "clean_base" && (a.Done != 4 || !a.Items[4].Done) {
				t.Errorf("clean_base after a campaign reached its deadline: %d done, campaign item %v", a.Done, a.Items[4].Done)
			}
		}
	}
}

func TestLookup(t *testing.T) {
	if _, it, ok := Lookup("collection", "contests"); !ok || it.Kind != Check {
		t.Error("collection.contests")
	}
	if _, _, ok := Lookup("collection", "nope"); ok {
		t.Error("unknown item found")
	}
	keys := map[string]bool{}
	for _, a := range Plan {
		for _, it := range a.Items {
			k := a.Key + "." + it.Key
			if keys[k] {
				t.Errorf("%s twice", k)
			}
			keys[k] = true
		}
	}
}

// TestRegisterItems checks the items the registers decide.
func TestRegisterItems(t *testing.T) {
	tests := []struct {
		name string
		st   *register.Status
		done []string
	}{
		{"NotWired", nil, nil},
		{"Empty", &register.Status{}, nil},
		{"VendorsWithGaps", &register.Status{Vendors: 3, VendorsNoAgreement: 1, VendorsHighRisk: 1}, []string{"vendors.list_vendors"}},
		{"VendorsInOrder", &register.Status{Vendors: 3, VendorsMediumRisk: 1}, []string{"vendors.list_vendors", "vendors.register", "vendors.third_party_checklist"}},
		{"OverdueReview", &register.Status{Vendors: 1, ReviewsOverdue: 1}, []string{"vendors.list_vendors", "vendors.register"}},
		{"MethodToFix", &register.Status{Methods: 2, MethodsActNow: 1}, []string{"collection.methods_listed"}},
		{"MethodsInOrder", &register.Status{Methods: 2}, []string{"collection.methods_listed", "collection.methods_checked"}},
		{"RecordIncomplete", &register.Status{Activities: 4, ActivitiesIncomplete: 1}, nil},
		{"RecordDPIAMissing", &register.Status{Activities: 4, DPIAsMissing: 1}, nil},
		{"RecordComplete", &register.Status{Activities: 4}, []string{"collection.record"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := Evaluate(Facts{Register: tt.st}, nil)
			var got []string
			for _, g := range ev.Groups {
				for _, a := range g.Actions {
					for _, it := range a.Items {
						if it.Done && (a.Key == "vendors" || a.Key == "collection") {
							got = append(got, a.Key+"."+it.Key)
						}
					}
				}
			}
			if strings.Join(got, " ") != strings.Join(tt.done, " ") {
				t.Errorf("done %v, want %v", got, tt.done)
			}
		})
	}
}
