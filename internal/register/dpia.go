package register

// DPIACriteria are the nine criteria of the EDPB guidelines on DPIAs
// (WP248 rev.01, endorsed by the EDPB), which the CNIL applies: a
// processing meeting two of them is likely to result in a high risk and
// needs an impact assessment (Art. 35(1)).
var DPIACriteria = Keys{
	"evaluation_scoring",    // evaluation or scoring, including profiling and predicting
	"automated_decision",    // automated decision with legal or similarly significant effect
	"systematic_monitoring", // systematic monitoring
	"sensitive_data",        // sensitive data or data of a highly personal nature
	"large_scale",           // data processed on a large scale
	"matching_datasets",     // matching or combining datasets
	"vulnerable_subjects",   // data concerning vulnerable data subjects
	"innovative_use",        // innovative use or new technological or organisational solutions
	"prevents_right",        // processing preventing people from exercising a right or using a service or contract
}

// dpiaThreshold is the number of criteria from which a DPIA is needed.
const dpiaThreshold = 2

// DPIA verdicts.
const (
	DPIANeeded    = "needed"     // two criteria or more
	DPIAOneMet    = "one_met"    // one criterion: not required by default, write down why
	DPIANotNeeded = "not_needed" // no criterion
	DPIADone      = "done"       // needed and carried out
)

// DPIAResult is the outcome of the criteria for one activity.
type DPIAResult struct {
	Criteria []string `json:"criteria"` // ticked and derived, in the guidelines' order
	Derived  []string `json:"derived,omitempty"`
	Needed   bool     `json:"needed"`
	Verdict  string   `json:"verdict"`
}

// AssessDPIA counts the criteria the user ticked and those the register
// can see for itself: sensitive data among the categories, and vulnerable
// people (minors, employees, whom the guidelines name) among the subjects.
func AssessDPIA(a *Activity) DPIAResult {
	ticked := map[string]bool{}
	for _, c := range a.DPIA.Criteria {
		ticked[c] = true
	}
	var derived []string
	if len(a.Sensitive()) > 0 && !ticked["sensitive_data"] {
		derived = append(derived, "sensitive_data")
		ticked["sensitive_data"] = true
	}
	if hasVulnerable(a.Subjects) && !ticked["vulnerable_subjects"] {
		derived = append(derived, "vulnerable_subjects")
		ticked["vulnerable_subjects"] = true
	}
	r := DPIAResult{Criteria: []string{}, Derived: derived}
	for _, c := range DPIACriteria {
		if ticked[c] {
			r.Criteria = append(r.Criteria, c)
		}
	}
	r.Needed = len(r.Criteria) >= dpiaThreshold
	switch {
	case r.Needed && a.DPIA.Done:
		r.Verdict = DPIADone
	case r.Needed:
		r.Verdict = DPIANeeded
	case len(r.Criteria) == 1:
		r.Verdict = DPIAOneMet
	default:
		r.Verdict = DPIANotNeeded
	}
	return r
}

func hasVulnerable(ss []SubjectGroup) bool {
	for _, s := range ss {
		if s.Kind == "minors" || s.Kind == "employees" {
			return true
		}
	}
	return false
}
