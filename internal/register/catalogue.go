package register

// MethodKindInfo is one entry of the collection-method catalogue: the
// kind, what it usually rests on, and its explanation
// ("register.method_kind.<kind>.help"). A new method starts from it.
type MethodKindInfo struct {
	Kind     string
	Basis    string // the basis the method usually claims; the rules judge it
	Audience string
	Channels []string
}

// MethodCatalogue lists every kind with its usual basis and audience, in
// the order a form shows them: the kit's methods first.
var MethodCatalogue = []MethodKindInfo{
	{"web_form", "consent", "b2c", []string{"email"}},
	{"checkout", "contract", "b2c", []string{"email"}},
	{"soft_opt_in", "legitimate_interests", "b2c", []string{"email"}},
	{"forced_opt_in", "consent", "b2c", []string{"email"}},
	{"consent_in_terms", "consent", "b2c", []string{"email"}},
	{"bought_list", "consent", "b2c", []string{"email"}},
	{"rented_list", "consent", "b2c", []string{"email"}},
	{"scraping", "legitimate_interests", "b2b", []string{"email"}},
	{"referral", "consent", "b2c", []string{"email"}},
	{"contest", "consent", "b2c", []string{"email"}},
	{"badge_scan", "legitimate_interests", "b2b", []string{"email"}},
	{"business_card", "legitimate_interests", "b2b", []string{"email"}},
	{"partner", "consent", "b2c", []string{"email"}},
	{"paper_form", "consent", "b2c", []string{"post"}},
	{"phone", "legitimate_interests", "b2c", []string{"phone"}},
	{"other", "", "b2c", nil},
}

// NewMethod returns an unsaved collection method of the kind, prefilled
// from the catalogue; no safeguard is confirmed yet.
func NewMethod(kind string) *CollectionMethod {
	m := &CollectionMethod{Kind: kind, Audience: "b2c"}
	for _, k := range MethodCatalogue {
		if k.Kind == kind {
			m.LegalBasis, m.Audience, m.Channels = k.Basis, k.Audience, append([]string(nil), k.Channels...)
		}
	}
	return m
}
