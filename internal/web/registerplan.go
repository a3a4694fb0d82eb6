package web

import (
	"strings"

	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/register"
)

// registerStatus is the sentence under a dashboard item the registers
// decide: the figures it is computed from.
func registerStatus(lang, key string, st *register.Status) string {
	if st == nil {
		return ""
	}
	n := func(k string, count int) string {
		return locale.Shared().N(lang, k, count, map[string]any{"Count": chart.Number(lang, float64(count))})
	}
	join := func(parts ...string) string {
		var out []string
		for _, p := range parts {
			if p != "" {
				out = append(out, p)
			}
		}
		return strings.Join(out, " · ")
	}
	when := func(ok bool, s string) string {
		if ok {
			return s
		}
		return ""
	}
	switch key {
	case "vendors.list_vendors":
		if st.Vendors == 0 {
			return translate(lang, "registerweb.plan.no_vendor", nil)
		}
		return n("registerweb.plan.vendors", st.Vendors)
	case "vendors.register":
		if st.Vendors == 0 {
			return ""
		}
		if st.VendorsNoAgreement == 0 && st.TransfersMissing == 0 {
			return translate(lang, "registerweb.plan.register_ok", nil)
		}
		return join(when(st.VendorsNoAgreement > 0, n("registerweb.plan.no_agreement", st.VendorsNoAgreement)),
			when(st.TransfersMissing > 0, n("registerweb.plan.transfers_missing", st.TransfersMissing)))
	case "vendors.third_party_checklist":
		if st.Vendors == 0 {
			return ""
		}
		s := join(when(st.VendorsHighRisk > 0, n("registerweb.plan.high_risk", st.VendorsHighRisk)),
			when(st.ReviewsOverdue > 0, n("registerweb.plan.reviews_overdue", st.ReviewsOverdue)),
			when(st.QuestionnairesOpen > 0, n("registerweb.plan.questionnaires_open", st.QuestionnairesOpen)))
		if s == "" {
			return translate(lang, "registerweb.plan.checklist_ok", nil)
		}
		return s
	case "collection.methods_listed":
		if st.Methods == 0 {
			return translate(lang, "registerweb.plan.no_method", nil)
		}
		return n("registerweb.plan.methods", st.Methods)
	case "collection.methods_checked":
		if st.Methods == 0 {
			return ""
		}
		if st.MethodsUnlawful+st.MethodsActNow == 0 {
			return translate(lang, "registerweb.plan.methods_ok", nil)
		}
		return join(n("registerweb.plan.methods_act_now", st.MethodsUnlawful+st.MethodsActNow),
			when(st.MethodsUnlawful > 0, n("registerweb.plan.methods_unlawful", st.MethodsUnlawful)))
	case "collection.record":
		if st.Activities == 0 {
			return translate(lang, "registerweb.plan.no_activity", nil)
		}
		return join(n("registerweb.plan.activities", st.Activities),
			when(st.ActivitiesIncomplete > 0, n("registerweb.plan.incomplete", st.ActivitiesIncomplete)),
			when(st.DPIAsMissing > 0, n("registerweb.plan.dpias", st.DPIAsMissing)))
	}
	return ""
}
