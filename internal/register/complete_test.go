package register

import (
	"slices"
	"testing"
)

func fullOrg() *Organisation {
	return &Organisation{Name: "Acme", Controller: Party{LastName: "Martin", Email: "boss@acme.example"},
		DPODesignated: true, DPO: Party{LastName: "Durand", Email: "dpo@acme.example"}}
}

func fullActivity() *Activity {
	return &Activity{Ref: "T-01", Name: "Newsletter", Role: RoleController, Purpose: "Send the newsletter", LegalBasis: "consent",
		Data:     []DataUse{{Category: "contact", Retention: Retention{Trigger: "consent_withdrawn"}}},
		Subjects: []SubjectGroup{{Kind: "subscribers"}}, Sources: []Source{{Kind: "data_subject"}},
		Recipients: []Recipient{{Kind: "internal", Name: "Marketing"}}, Security: Security{AccessControl: "MFA"},
		ReviewedOn: now}
}

func gapCodes(c Completeness) (mandatory, recommended []string) {
	for _, g := range c.Gaps {
		if g.Mandatory {
			mandatory = append(mandatory, g.Code)
		} else {
			recommended = append(recommended, g.Code)
		}
	}
	return mandatory, recommended
}

func TestCheckRecord(t *testing.T) {
	tests := []struct {
		name        string
		org         func(o *Organisation)
		act         func(a *Activity)
		transfers   []TransferCheck
		mandatory   []string
		recommended []string
		percent     int
	}{
		{"Complete", nil, nil, nil, nil, nil, 100},
		{"NoOrganisation", func(o *Organisation) { *o = Organisation{} }, nil, nil, []string{"controller"}, nil, 90},
		{"DPOWithoutContact", func(o *Organisation) { o.DPO = Party{} }, nil, nil, []string{"dpo"}, nil, 90},
		{"Empty", nil, func(a *Activity) { *a = Activity{Name: "x", Role: RoleController} }, nil,
			[]string{"purpose", "subjects", "data", "recipients", "retention", "security"}, []string{"legal_basis", "sources", "ref", "review"}, 40},
		{"RetentionMissing", nil, func(a *Activity) { a.Data = append(a.Data, DataUse{Category: "identity"}) }, nil, []string{"retention"}, nil, 90},
		{"TransferWithoutBasis", nil, nil, []TransferCheck{{Country: "IN", Status: TransferMissing}}, []string{"transfers"}, nil, 90},
		{"CompellingUndocumented", nil, nil, []TransferCheck{{Country: "IN", Status: TransferDerogation, Mechanism: "derogation_49_1_compelling"}},
			[]string{"transfers"}, nil, 90},
		{"JointControllerIncomplete", nil, func(a *Activity) { a.JointControllers = []Party{{Company: "Partner"}} }, nil,
			[]string{"joint_controller"}, nil, 90},
		{"SensitiveWithoutCondition", nil, func(a *Activity) {
			a.Data = append(a.Data, DataUse{Category: "health", Retention: Retention{Months: 12}})
		}, nil, []string{"art9_condition"}, nil, 90},
		{"DPIANeededNotDone", nil, func(a *Activity) {
			a.DPIA.Criteria = []string{"large_scale", "evaluation_scoring"}
		}, nil, []string{"dpia"}, nil, 90},
		{"LegitimateInterestUndescribed", nil, func(a *Activity) { a.LegalBasis = "legitimate_interests" }, nil, nil, []string{"legitimate_interest"}, 100},
		{"ProcessorComplete", nil, func(a *Activity) {
			a.Role, a.Controllers, a.Sources, a.LegalBasis = RoleProcessor, []Party{{Company: "Client", Email: "c@client.example"}}, nil, ""
		}, nil, nil, nil, 100},
		{"ProcessorWithoutControllers", nil, func(a *Activity) { a.Role = RoleProcessor }, nil, []string{"controllers"}, nil, 83},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, a := fullOrg(), fullActivity()
			if tt.org != nil {
				tt.org(o)
			}
			if tt.act != nil {
				tt.act(a)
			}
			c := CheckRecord(o, a, tt.transfers)
			m, r := gapCodes(c)
			if !slices.Equal(m, tt.mandatory) || !slices.Equal(r, tt.recommended) {
				t.Errorf("gaps = %v / %v, want %v / %v", m, r, tt.mandatory, tt.recommended)
			}
			if c.Percent != tt.percent {
				t.Errorf("percent = %d, want %d", c.Percent, tt.percent)
			}
			if c.Complete() != (len(tt.mandatory) == 0) {
				t.Errorf("Complete() = %v with mandatory gaps %v", c.Complete(), m)
			}
		})
	}
}
