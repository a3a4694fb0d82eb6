package register

import "time"

// Transfer mechanisms (legal-reference §6.5). A vendor declares one per
// third country; "adequacy" is implied for countries on the list below.
var Mechanisms = Keys{
	"adequacy",     // Art. 45 adequacy decision
	"us_dpf",       // Art. 45, US importer self-certified under the Data Privacy Framework
	"scc_module_1", // Art. 46(2)(c), SCCs of Decision (EU) 2021/914, controller to controller
	"scc_module_2", // controller to processor
	"scc_module_3", // processor to processor
	"scc_module_4", // processor to controller
	"bcr",          // Art. 46(2)(b) and 47, binding corporate rules
	"code_of_conduct",
	"certification",
	"ad_hoc_clauses",    // Art. 46(3)(a), authorised by the supervisory authority
	"derogation_49_1_a", // explicit consent to the transfer, informed of the risks
	"derogation_49_1_b", // contract with the person
	"derogation_49_1_c", // contract in the person's interest
	"derogation_49_1_d", // important reasons of public interest
	"derogation_49_1_e", // legal claims
	"derogation_49_1_f", // vital interests
	"derogation_49_1_g", // public register
	"derogation_49_1_compelling",
	"none", // nothing identified: always a finding
}

// IsDerogation reports whether the mechanism is an Art. 49 derogation.
func IsDerogation(m string) bool { return len(m) > 11 && m[:11] == "derogation_" }

// IsSafeguard reports whether the mechanism is an Art. 46 safeguard.
func IsSafeguard(m string) bool {
	switch m {
	case "scc_module_1", "scc_module_2", "scc_module_3", "scc_module_4", "bcr", "code_of_conduct", "certification", "ad_hoc_clauses":
		return true
	}
	return false
}

func checkMechanism(t Transfer) error {
	if t.Mechanism == "" {
		return invalid("register.error.required", "transfers", nil)
	}
	if err := checkKey("transfers", t.Mechanism, Mechanisms); err != nil {
		return err
	}
	switch {
	case t.Mechanism == "us_dpf" && t.Country != "US":
		return invalid("register.error.dpf_not_us", "transfers", map[string]any{"Value": t.Country})
	case t.Mechanism == "adequacy" && (t.Country == "US" || !hasAdequacyEntry(t.Country)):
		return invalid("register.error.no_adequacy", "transfers", map[string]any{"Value": t.Country})
	}
	return nil
}

// Adequacy is one Commission adequacy decision (Art. 45), from
// legal-reference §6.2. Decision references marked there "[verify]" are
// shown as such in docs/registers.md.
type Adequacy struct {
	Country  string    `json:"country"`
	Scope    string    `json:"scope"` // translation key suffix: register.adequacy_scope.<scope>
	Decision string    `json:"decision"`
	Adopted  time.Time `json:"adopted"`
	Renewed  time.Time `json:"renewed,omitzero"`
	// Confirmed is false for a decision reported by a secondary source
	// and not yet checked in the Official Journal: gdprkit does not rely
	// on it, it tells the user to keep a safeguard until it is checked.
	Confirmed bool `json:"confirmed"`
	// DPFOnly: only importers self-certified under the EU-US Data Privacy
	// Framework are covered.
	DPFOnly bool `json:"dpf_only,omitempty"`
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// DPFAdopted is the date of Implementing Decision (EU) 2023/1795 on the
// EU-US Data Privacy Framework.
var DPFAdopted = day(2023, time.July, 10)

// AdequacyList is the built-in, dated list of adequacy decisions.
var AdequacyList = []Adequacy{
	{Country: "AD", Scope: "full", Decision: "2010/625/EU", Adopted: day(2010, time.October, 19), Confirmed: true},
	{Country: "AR", Scope: "full", Decision: "2003/490/EC", Adopted: day(2003, time.June, 30), Confirmed: true},
	{Country: "CA", Scope: "pipeda", Decision: "2002/2/EC", Adopted: day(2001, time.December, 20), Confirmed: true},
	{Country: "FO", Scope: "full", Decision: "2010/146/EU", Adopted: day(2010, time.March, 5), Confirmed: true},
	{Country: "GG", Scope: "full", Decision: "2003/821/EC", Adopted: day(2003, time.November, 21), Confirmed: true},
	{Country: "IM", Scope: "full", Decision: "2004/411/EC", Adopted: day(2004, time.April, 28), Confirmed: true},
	{Country: "IL", Scope: "automated", Decision: "2011/61/EU", Adopted: day(2011, time.January, 31), Confirmed: true},
	{Country: "JP", Scope: "private_sector", Decision: "(EU) 2019/419", Adopted: day(2019, time.January, 23), Confirmed: true},
	{Country: "JE", Scope: "full", Decision: "2008/393/EC", Adopted: day(2008, time.May, 8), Confirmed: true},
	{Country: "NZ", Scope: "full", Decision: "2013/65/EU", Adopted: day(2012, time.December, 19), Confirmed: true},
	{Country: "KR", Scope: "pipa", Decision: "(EU) 2022/254", Adopted: day(2021, time.December, 17), Confirmed: true},
	{Country: "CH", Scope: "full", Decision: "2000/518/EC", Adopted: day(2000, time.July, 26), Confirmed: true},
	{Country: "GB", Scope: "full", Decision: "(EU) 2021/1772", Adopted: day(2021, time.June, 28), Renewed: day(2025, time.December, 19), Confirmed: true},
	{Country: "US", Scope: "dpf", Decision: "(EU) 2023/1795", Adopted: DPFAdopted, Confirmed: true, DPFOnly: true},
	{Country: "UY", Scope: "full", Decision: "2012/484/EU", Adopted: day(2012, time.August, 21), Confirmed: true},
	// Reported adopted on 27 January 2026 by one law-firm bulletin only
	// (legal-reference §6.2, §9): listed so the user is told, not relied on.
	{Country: "BR", Scope: "full", Decision: "", Adopted: day(2026, time.January, 27), Confirmed: false},
}

// EEA are the member states of the European Economic Area: data processed
// there is not transferred in the sense of Chapter V.
var EEA = Keys{"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
	"MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO"}

// AdequacyFor returns the adequacy decision covering country at the given
// time, whether or not it is confirmed; ok is false when none was adopted
// by then.
func AdequacyFor(country string, at time.Time) (Adequacy, bool) {
	for _, a := range AdequacyList {
		if a.Country == country && !at.Before(a.Adopted) {
			return a, true
		}
	}
	return Adequacy{}, false
}

func hasAdequacyEntry(country string) bool {
	for _, a := range AdequacyList {
		if a.Country == country {
			return true
		}
	}
	return false
}
