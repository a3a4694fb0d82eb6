package register

import "strings"

// methodSections is the annex on collection methods: one block per
// method with the rules' findings, the unlawful first.
func methodSections(t tr, s *Snapshot) []section {
	ms := append([]MethodView(nil), s.Methods...)
	SortByVerdict(ms)
	var out []section
	for _, m := range ms {
		out = append(out, methodSection(t, m))
	}
	return out
}

func methodSection(t tr, mv MethodView) section {
	m := mv.Method
	provider := ""
	if mv.Provider != nil {
		provider = mv.Provider.Name
	}
	var acts []string
	for _, a := range mv.Activities {
		acts = append(acts, a.Name)
	}
	sec := section{Title: m.Name, Columns: []string{t.t("col.field"), t.t("col.value"), t.t("col.references")}}
	sec.Rows = [][]string{
		{t.t("method.kind"), Label(t.lang, "method_kind", m.Kind), ""},
		{t.t("method.audience"), Label(t.lang, "audience", m.Audience) + " – " + Labels(t.lang, "channel", m.Channels), ""},
		{t.t("method.basis"), basisLabel(t.lang, m.LegalBasis), ""},
		{t.t("method.provider"), provider, ""},
		{t.t("method.activities"), strings.Join(acts, semicolon(t.lang)), ""},
		{t.t("method.verdict"), Label(t.lang, "verdict", mv.Check.Verdict), ""},
	}
	for _, f := range mv.Check.Findings {
		head := Label(t.lang, "action", f.Action)
		sec.Rows = append(sec.Rows, []string{head, ExplainFinding(t.lang, f), References(t.lang, f.Refs)})
	}
	return sec
}

func basisLabel(lang, basis string) string {
	if basis == "" {
		return ""
	}
	return Label(lang, "basis", basis)
}

// vendorSummary is the annex listing vendors by risk.
func vendorSummary(t tr, s *Snapshot) section {
	sec := section{Title: t.t("annex.vendors"), Columns: []string{t.t("col.vendor"), t.t("col.vendor_category"), t.t("col.countries"),
		t.t("col.agreement"), t.t("col.risk"), t.t("col.risk_points")}, Empty: t.t("annex.no_vendor")}
	for _, vv := range s.Vendors {
		v := vv.Vendor
		var pts []string
		for _, p := range vv.Risk.Points {
			pts = append(pts, "(+"+itoa(p.Points)+") "+ExplainRisk(t.lang, p))
		}
		agreement := t.yesNo(v.Agreement.Signed)
		if !v.Agreement.SignedOn.IsZero() {
			agreement += " (" + t.date(v.Agreement.SignedOn) + ")"
		}
		sec.Rows = append(sec.Rows, []string{v.Name, Label(t.lang, "vendor_category", v.Category), strings.Join(v.Countries, ", "),
			agreement, itoa(vv.Risk.Score) + " – " + Label(t.lang, "risk_level", vv.Risk.Level), strings.Join(pts, "\n")})
	}
	return sec
}
