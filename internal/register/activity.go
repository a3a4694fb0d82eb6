package register

import "time"

// Activity is one processing activity of the record (Art. 30): a "fiche"
// of the CNIL model. With Role "controller" it holds every item of
// Art. 30(1); with Role "processor" it is an Art. 30(2) record of what the
// organisation does on behalf of the Controllers.
type Activity struct {
	ID         int64  `json:"id"`
	Ref        string `json:"ref,omitempty"` // "N° / REF" of the CNIL fiche
	Name       string `json:"name"`          // "Nom / sigle"
	Role       string `json:"role"`
	Template   string `json:"template,omitempty"`   // the built-in template it started from
	Department string `json:"department,omitempty"` // the team in charge
	// JointControllers share the purposes and means (Art. 26); Controllers
	// are those the organisation processes data for, as a processor.
	JointControllers []Party `json:"joint_controllers,omitempty"`
	Controllers      []Party `json:"controllers,omitempty"`
	// Purpose is the main purpose; for a processor record, the categories
	// of processing carried out (Art. 30(2)(b)).
	Purpose            string         `json:"purpose"`
	SubPurposes        []string       `json:"sub_purposes,omitempty"`
	LegalBasis         string         `json:"legal_basis,omitempty"`
	LegitimateInterest string         `json:"legitimate_interest,omitempty"` // the interests pursued, or a link to the assessment
	Art9Condition      string         `json:"art9_condition,omitempty"`
	Data               []DataUse      `json:"data,omitempty"`
	Subjects           []SubjectGroup `json:"subjects,omitempty"`
	Sources            []Source       `json:"sources,omitempty"`
	Recipients         []Recipient    `json:"recipients,omitempty"`
	Security           Security       `json:"security"`
	DPIA               DPIA           `json:"dpia"`
	PrivacyNotice      string         `json:"privacy_notice,omitempty"` // where people are informed (Art. 13/14)
	Notes              string         `json:"notes,omitempty"`
	ReviewedOn         time.Time      `json:"reviewed_on,omitzero"`
	Reviewer           string         `json:"reviewer,omitempty"`
	CreatedAt          time.Time      `json:"created_at,omitzero"`
	UpdatedAt          time.Time      `json:"updated_at,omitzero"`
	Version            int            `json:"version"`
}

// DataUse is one category of personal data processed, with its retention
// (Art. 30(1)(f)). A category may appear twice with different
// descriptions and periods (contact data, and the objection list).
type DataUse struct {
	Category    string    `json:"category"`
	Description string    `json:"description,omitempty"`
	Retention   Retention `json:"retention"`
}

// Retention is how long data is kept: Months from Trigger, or while the
// trigger has not happened when Months is 0; then Fate.
type Retention struct {
	Months  int    `json:"months,omitempty"`
	Trigger string `json:"trigger,omitempty"`
	Fate    string `json:"fate,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Set reports whether a retention was given in any form.
func (r Retention) Set() bool { return r.Months > 0 || r.Trigger != "" || r.Note != "" }

// SubjectGroup is a category of data subjects, with what sets it apart.
type SubjectGroup struct {
	Kind   string `json:"kind"`
	Detail string `json:"detail,omitempty"`
}

// Source is where data comes from (Art. 14(2)(f); the CNIL's "source des
// données").
type Source struct {
	Kind   string `json:"kind"`
	Detail string `json:"detail,omitempty"`
}

// Recipient is an internal team, a vendor of the register, or an external
// body. External recipients outside the EEA carry their country and
// transfer mechanism; a vendor's transfers come from the vendor.
type Recipient struct {
	Kind      string `json:"kind"`
	VendorID  int64  `json:"vendor_id,omitempty"`
	Name      string `json:"name,omitempty"`
	Detail    string `json:"detail,omitempty"`
	Country   string `json:"country,omitempty"`
	Mechanism string `json:"mechanism,omitempty"`
}

// Security describes the measures of Art. 32 under the headings of the
// CNIL model (section 4).
type Security struct {
	AccessControl      string `json:"access_control,omitempty"`
	Traceability       string `json:"traceability,omitempty"`
	SoftwareProtection string `json:"software_protection,omitempty"`
	Backup             string `json:"backup,omitempty"`
	Encryption         string `json:"encryption,omitempty"`
	ProcessorControl   string `json:"processor_control,omitempty"`
	Other              string `json:"other,omitempty"`
}

// SecurityHeadings are the CNIL headings, in the model's order; their
// labels are "register.security.<heading>".
var SecurityHeadings = Keys{"access_control", "traceability", "software_protection", "backup", "encryption", "processor_control", "other"}

// Measure is one heading of Security with its text.
type Measure struct {
	Heading string
	Text    string
}

// Measures returns the headings in the CNIL order, empty ones included.
func (s Security) Measures() []Measure {
	texts := []string{s.AccessControl, s.Traceability, s.SoftwareProtection, s.Backup, s.Encryption, s.ProcessorControl, s.Other}
	out := make([]Measure, len(texts))
	for i, t := range texts {
		out[i] = Measure{SecurityHeadings[i], t}
	}
	return out
}

// Described reports whether any measure is written down.
func (s Security) Described() bool {
	for _, m := range s.Measures() {
		if m.Text != "" {
			return true
		}
	}
	return false
}

// DPIA holds the criteria the user ticked and whether an impact
// assessment was carried out (Art. 35).
type DPIA struct {
	Criteria  []string `json:"criteria,omitempty"`
	Done      bool     `json:"done,omitempty"`
	Reference string   `json:"reference,omitempty"` // link to the assessment, e.g. a CNIL PIA file
	Notes     string   `json:"notes,omitempty"`     // why none is needed, when only one criterion is met
}

// VendorIDs returns the vendors among the recipients.
func (a *Activity) VendorIDs() []int64 {
	var out []int64
	for _, r := range a.Recipients {
		if r.Kind == "vendor" && r.VendorID != 0 {
			out = append(out, r.VendorID)
		}
	}
	return out
}

// Sensitive returns the sensitive categories among the activity's data.
func (a *Activity) Sensitive() []string {
	var out []string
	for _, d := range a.Data {
		if IsSensitive(d.Category) {
			out = append(out, d.Category)
		}
	}
	return out
}

// Validate checks the activity as a form would.
func (a *Activity) Validate() error {
	return firstError(
		checkRequired("name", a.Name),
		checkLen("ref", a.Ref, maxName),
		checkActivityRole(a.Role),
		checkTexts("purpose", append([]string{a.Purpose, a.LegitimateInterest, a.Department, a.PrivacyNotice, a.Notes, a.Reviewer}, a.SubPurposes...)...),
		checkKey("legal_basis", a.LegalBasis, LegalBases),
		checkKey("art9_condition", a.Art9Condition, Art9Conditions),
		checkParties("joint_controllers", a.JointControllers),
		checkParties("controllers", a.Controllers),
		a.checkData(),
		a.checkSubjects(),
		a.checkSources(),
		a.checkRecipients(),
		checkTexts("security", a.Security.AccessControl, a.Security.Traceability, a.Security.SoftwareProtection,
			a.Security.Backup, a.Security.Encryption, a.Security.ProcessorControl, a.Security.Other),
		checkKeys("dpia", a.DPIA.Criteria, DPIACriteria),
		checkTexts("dpia", a.DPIA.Reference, a.DPIA.Notes),
	)
}

func checkActivityRole(r string) error {
	if r != RoleController && r != RoleProcessor {
		return invalid("register.error.unknown_value", "role", map[string]any{"Value": r})
	}
	return nil
}

func checkParties(field string, ps []Party) error {
	for _, p := range ps {
		if err := p.validate(field); err != nil {
			return err
		}
	}
	return nil
}

func (a *Activity) checkData() error {
	for _, d := range a.Data {
		if err := firstError(
			checkKeys("data", []string{d.Category}, CategoryKeys()),
			checkTexts("data", d.Description, d.Retention.Note),
			checkKey("data", d.Retention.Trigger, RetentionTriggers),
			checkKey("data", d.Retention.Fate, RetentionFates),
			checkRange("data", d.Retention.Months, 0, 1200),
		); err != nil {
			return err
		}
	}
	return nil
}

func (a *Activity) checkSubjects() error {
	for _, s := range a.Subjects {
		if err := firstError(checkKeys("subjects", []string{s.Kind}, Subjects), checkTexts("subjects", s.Detail)); err != nil {
			return err
		}
	}
	return nil
}

func (a *Activity) checkSources() error {
	for _, s := range a.Sources {
		if err := firstError(checkKeys("sources", []string{s.Kind}, SourceKinds), checkTexts("sources", s.Detail)); err != nil {
			return err
		}
	}
	return nil
}

func (a *Activity) checkRecipients() error {
	for _, r := range a.Recipients {
		err := firstError(
			checkKeys("recipients", []string{r.Kind}, RecipientKinds),
			checkTexts("recipients", r.Name, r.Detail),
			checkCountry("recipients", r.Country),
			checkKey("recipients", r.Mechanism, Mechanisms),
		)
		switch {
		case err != nil:
			return err
		case r.Kind == "vendor" && r.VendorID <= 0:
			return invalid("register.error.recipient_vendor", "recipients", nil)
		case r.Kind != "vendor" && r.Name == "":
			return invalid("register.error.required", "recipients", nil)
		}
	}
	return nil
}
