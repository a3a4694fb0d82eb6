package readiness

// Plan is the kit's action plan, in the kit's order. Item keys are stable:
// ticks are stored under them.
var Plan = []Action{
	{Key: "clean_base", Urgency: High, Link: "/imports/new", Items: []Item{
		{Key: "imported", Kind: Auto, Link: "/imports/new"},
		{Key: "documented", Kind: Auto, Link: "/contacts?status=documented"},
		{Key: "repermission", Kind: Auto, Link: "/contacts?status=to_repermission"},
		{Key: "decide", Kind: Check},
		{Key: "campaign", Kind: Auto, Link: "/campaigns"},
	}},
	// The vendor and collection-method registers (internal/register)
	// decide the items they can see; the rest stay checklists.
	{Key: "vendors", Urgency: High, Link: "/vendors", Items: []Item{
		{Key: "processors", Kind: Info, Link: "/imports"},
		{Key: "list_vendors", Kind: Auto, Link: "/vendors"},
		{Key: "register", Kind: Auto, Link: "/vendors"},
		{Key: "third_party_checklist", Kind: Auto, Link: "/vendors?risk=high"},
		{Key: "esp_checklist", Kind: Check},
	}},
	{Key: "collection", Urgency: MediumHigh, Link: "/methods", Items: []Item{
		{Key: "methods_listed", Kind: Auto, Link: "/methods"},
		{Key: "methods_checked", Kind: Auto, Link: "/methods#act-now"},
		{Key: "record", Kind: Auto, Link: "/activities"},
		{Key: "bought_lists", Kind: Check},
		{Key: "scraping", Kind: Check},
		{Key: "soft_optin", Kind: Check},
		{Key: "forced_optin", Kind: Check},
		{Key: "referral", Kind: Check},
		{Key: "contests", Kind: Check},
		{Key: "consent_dated", Kind: Auto, Link: "/contacts?status=weak"},
	}},
	{Key: "privacy_policy", Urgency: MediumHigh, Link: "/settings", Items: []Item{
		{Key: "dpo_contact", Kind: Auto, Link: "/settings"},
		{Key: "policy_dpo", Kind: Check},
		{Key: "policy_consent", Kind: Check},
		{Key: "notice_sent", Kind: Check},
	}},
	{Key: "mindset", Urgency: Medium, Items: []Item{
		{Key: "train_marketing", Kind: Check},
		{Key: "train_sales", Kind: Check},
		{Key: "train_support", Kind: Check},
		{Key: "rights_access", Kind: Check},
		{Key: "rights_erasure", Kind: Check},
		{Key: "rights_portability", Kind: Check},
		{Key: "rights_profiling", Kind: Check},
		{Key: "rights_objection", Kind: Check},
	}},
	{Key: "eprivacy", Urgency: Medium, Items: []Item{
		{Key: "cookie_policy", Kind: Check},
		{Key: "cookie_notice", Kind: Check},
		{Key: "trackers", Kind: Check},
	}},
}

// Lookup returns the action and item with the keys.
func Lookup(action, item string) (Action, Item, bool) {
	for _, a := range Plan {
		if a.Key != action {
			continue
		}
		for _, it := range a.Items {
			if it.Key == item {
				return a, it, true
			}
		}
	}
	return Action{}, Item{}, false
}
