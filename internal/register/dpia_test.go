package register

import (
	"slices"
	"testing"
)

func TestAssessDPIA(t *testing.T) {
	tests := []struct {
		name     string
		a        Activity
		criteria []string
		derived  []string
		verdict  string
	}{
		{"None", Activity{}, []string{}, nil, DPIANotNeeded},
		{"OneTicked", Activity{DPIA: DPIA{Criteria: []string{"large_scale"}}}, []string{"large_scale"}, nil, DPIAOneMet},
		{"TwoTicked", Activity{DPIA: DPIA{Criteria: []string{"large_scale", "evaluation_scoring"}}},
			[]string{"evaluation_scoring", "large_scale"}, nil, DPIANeeded},
		{"TwoTickedDone", Activity{DPIA: DPIA{Criteria: []string{"large_scale", "evaluation_scoring"}, Done: true}},
			[]string{"evaluation_scoring", "large_scale"}, nil, DPIADone},
		{"SensitiveDataDerived", Activity{Data: []DataUse{{Category: "health"}}, DPIA: DPIA{Criteria: []string{"large_scale"}}},
			[]string{"sensitive_data", "large_scale"}, []string{"sensitive_data"}, DPIANeeded},
		{"MinorsDerived", Activity{Subjects: []SubjectGroup{{Kind: "minors"}}}, []string{"vulnerable_subjects"}, []string{"vulnerable_subjects"}, DPIAOneMet},
		{"EmployeesAndSensitive", Activity{Subjects: []SubjectGroup{{Kind: "employees"}}, Data: []DataUse{{Category: "trade_union"}}},
			[]string{"sensitive_data", "vulnerable_subjects"}, []string{"sensitive_data", "vulnerable_subjects"}, DPIANeeded},
		{"TickedAndDerivedCountOnce", Activity{Data: []DataUse{{Category: "health"}}, DPIA: DPIA{Criteria: []string{"sensitive_data"}}},
			[]string{"sensitive_data"}, nil, DPIAOneMet},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := AssessDPIA(&tt.a)
			if !slices.Equal(r.Criteria, tt.criteria) || !slices.Equal(r.Derived, tt.derived) || r.Verdict != tt.verdict {
				t.Errorf("AssessDPIA = %v derived %v %s, want %v derived %v %s", r.Criteria, r.Derived, r.Verdict, tt.criteria, tt.derived, tt.verdict)
			}
			if r.Needed != (len(tt.criteria) >= 2) {
				t.Errorf("needed = %v with %d criteria", r.Needed, len(tt.criteria))
			}
		})
	}
}
