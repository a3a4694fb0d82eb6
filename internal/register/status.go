package register

// Status is the state of the kit's register actions, for the dashboard:
// "check every vendor" and "check every way contacts are collected", and
// the record of processing behind both.
type Status struct {
	Vendors              int `json:"vendors"`
	VendorsHighRisk      int `json:"vendors_high_risk"`
	VendorsMediumRisk    int `json:"vendors_medium_risk"`
	VendorsNoAgreement   int `json:"vendors_no_agreement"`
	ReviewsOverdue       int `json:"reviews_overdue"`
	TransfersMissing     int `json:"transfers_missing"` // vendors with a transfer without a basis
	Activities           int `json:"activities"`
	ActivitiesIncomplete int `json:"activities_incomplete"`
	DPIAsMissing         int `json:"dpias_missing"` // needed and not done
	Methods              int `json:"methods"`
	MethodsUnlawful      int `json:"methods_unlawful"`
	MethodsActNow        int `json:"methods_act_now"`
	QuestionnairesOpen   int `json:"questionnaires_open"` // sent and not answered, not expired
}

// StatusOf counts from a snapshot; open is the number of questionnaires
// awaiting an answer.
func StatusOf(s *Snapshot, open int) Status {
	st := Status{Vendors: len(s.Vendors), Activities: len(s.Activities), Methods: len(s.Methods), QuestionnairesOpen: open}
	for _, v := range s.Vendors {
		st.countVendor(v)
	}
	for _, a := range s.Activities {
		if !a.Completeness.Complete() {
			st.ActivitiesIncomplete++
		}
		if a.DPIA.Verdict == DPIANeeded {
			st.DPIAsMissing++
		}
	}
	for _, m := range s.Methods {
		switch m.Check.Verdict {
		case LevelUnlawful:
			st.MethodsUnlawful++
		case ActNow:
			st.MethodsActNow++
		}
	}
	return st
}

func (st *Status) countVendor(v VendorView) {
	switch v.Risk.Level {
	case RiskHigh:
		st.VendorsHighRisk++
	case RiskMedium:
		st.VendorsMediumRisk++
	}
	if v.Vendor.IsProcessor() && !v.Vendor.Agreement.Signed {
		st.VendorsNoAgreement++
	}
	if v.ReviewOverdue {
		st.ReviewsOverdue++
	}
	for _, t := range v.Transfers {
		if !t.Lawful() {
			st.TransfersMissing++
			return
		}
	}
}
