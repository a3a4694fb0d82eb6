package register

// Gap is one item of the record that is missing. Its explanation is
// "register.gap.<code>"; Item is the provision ("30(1)(b)") or "cnil" for
// what the CNIL recommends beyond Art. 30.
type Gap struct {
	Code      string   `json:"code"`
	Item      string   `json:"item"`
	Mandatory bool     `json:"mandatory"`
	Vocab     string   `json:"vocab,omitempty"`
	Items     []string `json:"items,omitempty"`
}

// Completeness is the outcome of the Art. 30 check of one activity.
type Completeness struct {
	Gaps    []Gap `json:"gaps"`
	Checked int   `json:"checked"` // mandatory items checked
	Filled  int   `json:"filled"`  // mandatory items present
	Percent int   `json:"percent"`
}

// Complete reports whether no mandatory item is missing.
func (c Completeness) Complete() bool { return c.Filled == c.Checked }

// check is one item: ok, or the gap it leaves.
type check struct {
	ok  bool
	gap Gap
}

// CheckRecord lists what the record of the activity lacks: every item of
// Art. 30(1) for a controller or Art. 30(2) for a processor ("where
// possible" items are counted as mandatory, as the CNIL does), the Art. 9
// condition and the DPIA when they apply, then the items the CNIL
// recommends (not counted in Percent). ts are the activity's derived transfers.
func CheckRecord(org *Organisation, a *Activity, ts []TransferCheck) Completeness {
	var mandatory []check
	if a.Role == RoleProcessor {
		mandatory = processorChecks(org, a, ts)
	} else {
		mandatory = controllerChecks(org, a, ts)
	}
	c := Completeness{Gaps: []Gap{}}
	for _, ch := range mandatory {
		c.Checked++
		if ch.ok {
			c.Filled++
			continue
		}
		ch.gap.Mandatory = true
		c.Gaps = append(c.Gaps, ch.gap)
	}
	for _, ch := range recommendedChecks(a) {
		if !ch.ok {
			c.Gaps = append(c.Gaps, ch.gap)
		}
	}
	if c.Checked > 0 {
		c.Percent = 100 * c.Filled / c.Checked
	}
	return c
}

func controllerChecks(org *Organisation, a *Activity, ts []TransferCheck) []check {
	missingRetention := a.missingRetention()
	checks := []check{
		{org.Name != "" && org.Controller.Named() && org.Controller.Reachable(), Gap{Code: "controller", Item: "30(1)(a)"}},
		{!org.DPODesignated || (org.DPO.Named() && org.DPO.Reachable()), Gap{Code: "dpo", Item: "30(1)(a)"}},
		{partiesComplete(a.JointControllers), Gap{Code: "joint_controller", Item: "30(1)(a)"}},
		{a.Purpose != "", Gap{Code: "purpose", Item: "30(1)(b)"}},
		{len(a.Subjects) > 0, Gap{Code: "subjects", Item: "30(1)(c)"}},
		{len(a.Data) > 0, Gap{Code: "data", Item: "30(1)(c)"}},
		{len(a.Recipients) > 0, Gap{Code: "recipients", Item: "30(1)(d)"}},
		transfersCheck(ts, "30(1)(e)"),
		{len(a.Data) > 0 && len(missingRetention) == 0, Gap{Code: "retention", Item: "30(1)(f)", Vocab: "data_category", Items: missingRetention}},
		{a.Security.Described(), Gap{Code: "security", Item: "30(1)(g)"}},
	}
	// Not Art. 30 items, but obligations once they apply: processing
	// sensitive data needs an Art. 9(2) condition, and a likely high risk
	// an impact assessment before processing starts (Art. 35(1)).
	if len(a.Sensitive()) > 0 {
		checks = append(checks, check{a.Art9Condition != "", Gap{Code: "art9_condition", Item: "9(2)"}})
	}
	if AssessDPIA(a).Needed {
		checks = append(checks, check{a.DPIA.Done, Gap{Code: "dpia", Item: "35(1)"}})
	}
	return checks
}

func processorChecks(org *Organisation, a *Activity, ts []TransferCheck) []check {
	return []check{
		{org.Name != "" && org.Controller.Reachable(), Gap{Code: "processor", Item: "30(2)(a)"}},
		{len(a.Controllers) > 0 && partiesComplete(a.Controllers), Gap{Code: "controllers", Item: "30(2)(a)"}},
		{!org.DPODesignated || (org.DPO.Named() && org.DPO.Reachable()), Gap{Code: "dpo", Item: "30(2)(a)"}},
		{a.Purpose != "", Gap{Code: "processing_categories", Item: "30(2)(b)"}},
		transfersCheck(ts, "30(2)(c)"),
		{a.Security.Described(), Gap{Code: "security", Item: "30(2)(d)"}},
	}
}

// transfersCheck requires every transfer to have a Chapter V basis, and
// a derogation of the second subparagraph of Art. 49(1) to be documented
// (Art. 30(1)(e)).
func transfersCheck(ts []TransferCheck, item string) check {
	var bad []string
	for _, t := range ts {
		undocumented := t.Mechanism == "derogation_49_1_compelling" && t.Documentation == ""
		if !t.Lawful() || undocumented {
			bad = append(bad, t.Country)
		}
	}
	return check{len(bad) == 0, Gap{Code: "transfers", Item: item, Vocab: "country", Items: bad}}
}

func recommendedChecks(a *Activity) []check {
	return []check{
		{a.Role == RoleProcessor || a.LegalBasis != "", Gap{Code: "legal_basis", Item: "cnil"}},
		{a.LegalBasis != "legitimate_interests" || a.LegitimateInterest != "", Gap{Code: "legitimate_interest", Item: "cnil"}},
		{a.Role == RoleProcessor || len(a.Sources) > 0, Gap{Code: "sources", Item: "cnil"}},
		{a.Ref != "", Gap{Code: "ref", Item: "cnil"}},
		{!a.ReviewedOn.IsZero(), Gap{Code: "review", Item: "cnil"}},
	}
}

func partiesComplete(ps []Party) bool {
	for _, p := range ps {
		if !p.Named() || !p.Reachable() {
			return false
		}
	}
	return true
}

func (a *Activity) missingRetention() []string {
	var out []string
	for _, d := range a.Data {
		if !d.Retention.Set() {
			out = append(out, d.Category)
		}
	}
	return out
}
