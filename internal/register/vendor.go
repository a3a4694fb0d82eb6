package register

import (
	"slices"
	"time"
)

// Vendor is a company personal data flows to: a processor, a
// sub-processor, a joint controller or an independent controller. It
// holds what the kit's vendor register asks (legal-reference §5.3).
type Vendor struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	LegalName string `json:"legal_name,omitempty"`
	Category  string `json:"category"`
	Role      string `json:"role"`
	// Country is where the vendor is established; Countries are where the
	// data is processed, stored or accessed (support teams included).
	Country        string   `json:"country,omitempty"`
	Address        string   `json:"address,omitempty"`
	Website        string   `json:"website,omitempty"`
	PrivacyContact string   `json:"privacy_contact,omitempty"` // DPO or privacy e-mail
	Services       string   `json:"services,omitempty"`        // the services used
	Purposes       []string `json:"purposes,omitempty"`
	DataCategories []string `json:"data_categories,omitempty"` // keys of DataCategories, sensitive ones included
	Subjects       []string `json:"subjects,omitempty"`
	Countries      []string `json:"countries,omitempty"`
	// Transfers are the mechanisms declared per third country. Countries
	// with an adequacy decision need none: Transfers derives them.
	Transfers []Transfer `json:"transfers,omitempty"`
	Agreement Agreement  `json:"agreement"`
	// SubProcessors are the vendors this one uses for our data, as links
	// to other vendors of the register.
	SubProcessors []int64 `json:"sub_processors,omitempty"`
	// SubProcessorList is where the vendor publishes its sub-processors
	// (a URL or a document); SubProcessorsKnown says the list was read.
	SubProcessorList   string   `json:"sub_processor_list,omitempty"`
	SubProcessorsKnown bool     `json:"sub_processors_known"`
	Certifications     []string `json:"certifications,omitempty"`
	// BreachNoticeHours is the delay the vendor commits to for telling us
	// of a personal data breach; 0 means unknown.
	BreachNoticeHours int      `json:"breach_notice_hours,omitempty"`
	RightsChannels    []string `json:"rights_channels,omitempty"`
	RightsContact     string   `json:"rights_contact,omitempty"`
	// OwnPurposes records that the vendor reuses our data for its own
	// purposes (profiling, benchmarks, product training): for that it is a
	// controller, not our processor (Art. 28(10)).
	OwnPurposes bool `json:"own_purposes"`
	// List is what a seller or renter of contact lists declared in the
	// data-provider questionnaire.
	List       ListProvider `json:"list,omitzero"`
	ReviewDue  time.Time    `json:"review_due,omitzero"`
	ReviewedOn time.Time    `json:"reviewed_on,omitzero"`
	Notes      string       `json:"notes,omitempty"`
	CreatedAt  time.Time    `json:"created_at,omitzero"`
	UpdatedAt  time.Time    `json:"updated_at,omitzero"`
	Version    int          `json:"version"`
}

// Agreement is the processing agreement (Art. 28(3), (9)), or for a joint
// controller the arrangement of Art. 26.
type Agreement struct {
	Signed   bool      `json:"signed"`
	SignedOn time.Time `json:"signed_on,omitzero"`
	Document string    `json:"document,omitempty"` // reference or link
	// Clauses are the points of Art. 28(3), "a" to "h", that the agreement
	// was checked to contain.
	Clauses []string `json:"clauses,omitempty"`
}

// HasClause reports whether point c of Art. 28(3) is in the agreement.
func (a Agreement) HasClause(c string) bool { return slices.Contains(a.Clauses, c) }

// MissingClauses returns the points of Art. 28(3) not checked, in order.
func (a Agreement) MissingClauses() []string {
	var out []string
	for _, c := range Clauses {
		if !a.HasClause(c) {
			out = append(out, c)
		}
	}
	return out
}

// Transfer is the mechanism a vendor relies on for one third country.
type Transfer struct {
	Country       string `json:"country"`
	Mechanism     string `json:"mechanism"`
	Documentation string `json:"documentation,omitempty"`
	// FallbackSCC records standard contractual clauses signed beside the
	// Data Privacy Framework, for the day the framework falls.
	FallbackSCC bool `json:"fallback_scc,omitempty"`
}

// ListProvider is what a list seller or renter declared, from the
// data-provider questionnaire. Its booleans mean "the provider said yes";
// they mean nothing until Assessed is set.
type ListProvider struct {
	Assessed           bool      `json:"assessed,omitempty"`
	AssessedOn         time.Time `json:"assessed_on,omitzero"`
	ConsentForTransfer bool      `json:"consent_for_transfer,omitempty"`
	ConsentProof       bool      `json:"consent_proof,omitempty"`
	InformedOfSharing  bool      `json:"informed_of_sharing,omitempty"`
	Scraped            bool      `json:"scraped,omitempty"`
	Sensitive          bool      `json:"sensitive,omitempty"`
	ObjectionsHandled  bool      `json:"objections_handled,omitempty"`
	Source             string    `json:"source,omitempty"`
}

// IsProcessor reports whether Art. 28 governs the relationship.
func (v *Vendor) IsProcessor() bool { return v.Role == "processor" || v.Role == "sub_processor" }

// TransferFor returns the mechanism declared for country, if any.
func (v *Vendor) TransferFor(country string) (Transfer, bool) {
	for _, t := range v.Transfers {
		if t.Country == country {
			return t, true
		}
	}
	return Transfer{}, false
}

// SharesSensitive returns the sensitive categories the vendor receives.
func (v *Vendor) SharesSensitive() []string {
	var out []string
	for _, c := range v.DataCategories {
		if IsSensitive(c) {
			out = append(out, c)
		}
	}
	return out
}

// Validate checks the vendor as a form would.
func (v *Vendor) Validate() error {
	return firstError(
		checkRequired("name", v.Name),
		checkLen("legal_name", v.LegalName, maxName),
		checkCategory(v.Category),
		checkRole(v.Role),
		checkCountry("country", v.Country),
		checkTexts("identity", v.Address, v.Website, v.PrivacyContact, v.Services, v.SubProcessorList, v.RightsContact, v.Notes),
		checkTexts("purposes", v.Purposes...),
		checkKeys("data_categories", v.DataCategories, CategoryKeys()),
		checkKeys("subjects", v.Subjects, Subjects),
		checkCountries("countries", v.Countries),
		v.checkTransfers(),
		checkKeys("clauses", v.Agreement.Clauses, Clauses),
		checkLen("agreement", v.Agreement.Document, maxText),
		v.checkSubProcessors(),
		checkKeys("certifications", v.Certifications, Certifications),
		checkRange("breach_notice_hours", v.BreachNoticeHours, 0, 24*365),
		checkKeys("rights_channels", v.RightsChannels, RightsChannels),
	)
}

func checkCategory(c string) error {
	if c == "" {
		return invalid("register.error.required", "category", nil)
	}
	return checkKey("category", c, VendorCategories)
}

func checkRole(r string) error {
	if r == "" {
		return invalid("register.error.required", "role", nil)
	}
	return checkKey("role", r, VendorRoles)
}

func (v *Vendor) checkTransfers() error {
	seen := map[string]bool{}
	for _, t := range v.Transfers {
		if err := firstError(checkCountries("transfers", []string{t.Country}), checkMechanism(t),
			checkLen("transfers", t.Documentation, maxText)); err != nil {
			return err
		}
		if seen[t.Country] {
			return invalid("register.error.duplicate_transfer", "transfers", map[string]any{"Value": t.Country})
		}
		seen[t.Country] = true
	}
	return nil
}

func (v *Vendor) checkSubProcessors() error {
	for _, id := range v.SubProcessors {
		if id == 0 || (v.ID != 0 && id == v.ID) {
			return invalid("register.error.sub_processor_self", "sub_processors", nil)
		}
	}
	return nil
}
