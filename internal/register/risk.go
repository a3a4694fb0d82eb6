package register

import (
	"sort"
	"strconv"
	"time"
)

// Risk levels of a vendor.
const (
	RiskLow    = "low"
	RiskMedium = "medium"
	RiskHigh   = "high"
)

// Score thresholds: one missing processing agreement plus one more
// problem is high; a single serious gap is medium.
const (
	mediumFrom = 20
	highFrom   = 50
	maxScore   = 100
)

// Risk is a vendor's risk score with every point explained.
type Risk struct {
	Score  int         `json:"score"`
	Level  string      `json:"level"`
	Points []RiskPoint `json:"points"`
}

// RiskPoint is one rule that added to the score. Its explanation is the
// translation key "register.risk.<rule>"; Items name what it is about
// (countries, clauses, data categories) as keys of the Vocab vocabulary,
// so each language shows its own labels.
type RiskPoint struct {
	Rule   string         `json:"rule"`
	Points int            `json:"points"`
	Vocab  string         `json:"vocab,omitempty"`
	Items  []string       `json:"items,omitempty"`
	Args   map[string]any `json:"args,omitempty"`
	Refs   []string       `json:"refs"`
}

// riskRule is one row of the risk table (docs/registers.md). check
// returns the points the rule adds (0: it does not apply) and what the
// point is about.
type riskRule struct {
	rule  string
	refs  []string
	check func(v *Vendor, ts []TransferCheck, at time.Time) (int, RiskPoint)
}

// VendorRisk scores the vendor at the given time. It is pure: the same
// vendor and time always give the same points, in the order of the table.
func VendorRisk(v *Vendor, at time.Time) Risk {
	ts := VendorTransfers(v, at)
	r := Risk{Points: []RiskPoint{}}
	for _, rule := range riskRules {
		n, p := rule.check(v, ts, at)
		if n == 0 {
			continue
		}
		p.Rule, p.Points, p.Refs = rule.rule, n, rule.refs
		r.Points = append(r.Points, p)
		r.Score += n
	}
	r.Score = min(r.Score, maxScore)
	r.Level = riskLevel(r.Score)
	return r
}

func riskLevel(score int) string {
	switch {
	case score >= highFrom:
		return RiskHigh
	case score >= mediumFrom:
		return RiskMedium
	}
	return RiskLow
}

// SortByRisk orders vendors by decreasing score, then by name, so the list
// starts with what needs attention.
func SortByRisk(vs []VendorView) {
	sort.SliceStable(vs, func(i, j int) bool {
		if vs[i].Risk.Score != vs[j].Risk.Score {
			return vs[i].Risk.Score > vs[j].Risk.Score
		}
		return vs[i].Vendor.Name < vs[j].Vendor.Name
	})
}

var riskRules = []riskRule{
	{"no_agreement", []string{"art28_3", "art28_9"}, func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		return pointsIf(v.IsProcessor() && !v.Agreement.Signed, 30)
	}},
	{"no_arrangement", []string{"art26"}, func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		return pointsIf(v.Role == "joint_controller" && !v.Agreement.Signed, 20)
	}},
	{"missing_clauses", []string{"art28_3"}, missingClauses},
	{"transfer_missing", []string{"art44", "art46"}, transfersWith(TransferMissing, 30)},
	{"transfer_unconfirmed", []string{"art45"}, transfersWith(TransferUnconfirmed, 15)},
	{"transfer_dpf", []string{"dpf"}, dpf(false, 10)},
	{"transfer_dpf_fallback", []string{"dpf"}, dpf(true, 3)},
	{"transfer_derogation", []string{"art49", "edpb_2_2018"}, transfersWith(TransferDerogation, 15)},
	{"special_categories", []string{"art9", "art10"}, specialCategories},
	{"own_purposes", []string{"art28_10"}, func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		return pointsIf(v.OwnPurposes, 20)
	}},
	{"breach_unknown", []string{"art33_2", "art28_3_f"}, func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		return pointsIf(v.IsProcessor() && v.BreachNoticeHours == 0, 10)
	}},
	{"breach_slow", []string{"art33_1", "art33_2"}, breachDelay(73, 1<<30, 15)},
	{"breach_tight", []string{"art33_1", "art33_2"}, breachDelay(49, 72, 5)},
	{"no_rights_channel", []string{"art28_3_e"}, func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		return pointsIf(v.IsProcessor() && len(v.RightsChannels) == 0, 10)
	}},
	{"sub_processors_unknown", []string{"art28_2", "art28_4"}, func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		return pointsIf(v.IsProcessor() && !v.SubProcessorsKnown && len(v.SubProcessors) == 0, 10)
	}},
	{"no_certification", []string{"art28_1", "art28_5"}, func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		return pointsIf(v.IsProcessor() && len(v.Certifications) == 0, 5)
	}},
	{"no_privacy_contact", []string{"art37_7"}, func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		return pointsIf(v.PrivacyContact == "", 3)
	}},
	{"provider_not_assessed", []string{"art5_2", "art14"}, func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		return pointsIf(v.Category == "data_provider" && !v.List.Assessed, 15)
	}},
	{"provider_scraped", []string{"cnil_kaspr"}, func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		return pointsIf(v.List.Assessed && v.List.Scraped, 30)
	}},
	{"provider_no_consent", []string{"art7_1", "cpce_l34_5"}, func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		return pointsIf(v.List.Assessed && (!v.List.ConsentForTransfer || !v.List.ConsentProof), 20)
	}},
	{"no_review_date", []string{"art28_1", "art5_2"}, func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		return pointsIf(v.ReviewDue.IsZero(), 5)
	}},
	{"review_overdue", []string{"art28_1", "art5_2"}, reviewOverdue},
}

func pointsIf(hit bool, n int) (int, RiskPoint) {
	if hit {
		return n, RiskPoint{}
	}
	return 0, RiskPoint{}
}

// missingClauses costs 3 points per missing Art. 28(3) point, once an
// agreement is signed: without one, no_agreement already counts.
func missingClauses(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
	if !v.IsProcessor() || !v.Agreement.Signed {
		return 0, RiskPoint{}
	}
	miss := v.Agreement.MissingClauses()
	return 3 * len(miss), RiskPoint{Vocab: "clause", Items: miss}
}

// transfersWith counts once however many countries share the status: the
// fix (one DPA annex, one SCC set) is usually one per vendor.
func transfersWith(status string, n int) func(*Vendor, []TransferCheck, time.Time) (int, RiskPoint) {
	return func(_ *Vendor, ts []TransferCheck, _ time.Time) (int, RiskPoint) {
		var cs []string
		for _, t := range ts {
			if t.Status == status {
				cs = append(cs, t.Country)
			}
		}
		if len(cs) == 0 {
			return 0, RiskPoint{}
		}
		return n, RiskPoint{Vocab: "country", Items: cs}
	}
}

// dpf scores a US transfer relying on the Data Privacy Framework: lawful
// today, but the third framework after Safe Harbor and Privacy Shield,
// both annulled; an appeal against it is pending (C-703/25 P). Fallback
// SCCs make its fall a non-event, hence the lower score.
func dpf(fallback bool, n int) func(*Vendor, []TransferCheck, time.Time) (int, RiskPoint) {
	return func(_ *Vendor, ts []TransferCheck, _ time.Time) (int, RiskPoint) {
		for _, t := range ts {
			if t.Status == TransferDPF && t.FallbackSCC == fallback {
				return n, RiskPoint{Args: map[string]any{"Date": DPFAdopted.Format(time.DateOnly)}}
			}
		}
		return 0, RiskPoint{}
	}
}

func specialCategories(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
	cs := v.SharesSensitive()
	if len(cs) == 0 && (!v.List.Assessed || !v.List.Sensitive) {
		return 0, RiskPoint{}
	}
	return 15, RiskPoint{Vocab: "data_category", Items: cs}
}

// breachDelay scores a committed breach-notification delay between lo and
// hi hours. The controller has 72 hours from awareness to notify the
// supervisory authority (Art. 33(1)); a processor taking longer makes
// that impossible, and one taking 49 to 72 hours leaves less than a day.
func breachDelay(lo, hi, n int) func(*Vendor, []TransferCheck, time.Time) (int, RiskPoint) {
	return func(v *Vendor, _ []TransferCheck, _ time.Time) (int, RiskPoint) {
		h := v.BreachNoticeHours
		if h < lo || h > hi {
			return 0, RiskPoint{}
		}
		return n, RiskPoint{Args: map[string]any{"Hours": strconv.Itoa(h)}}
	}
}

func reviewOverdue(v *Vendor, _ []TransferCheck, at time.Time) (int, RiskPoint) {
	if v.ReviewDue.IsZero() || !v.ReviewDue.Before(at) {
		return 0, RiskPoint{}
	}
	return 5, RiskPoint{Args: map[string]any{"Date": v.ReviewDue.Format(time.DateOnly)}}
}
