package register

import (
	"strconv"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// ActivityTemplate is a ready-made activity for a common marketing
// processing. Texts are "register.tpl.<key>.*" in the catalogs, so an
// activity is created in the user's language; after that it is the
// user's text.
type ActivityTemplate struct {
	Key         string
	Role        string
	LegalBasis  string
	SubPurposes int       // register.tpl.<key>.sub.<n>, from 1
	Data        []tplData // description register.tpl.<key>.data.<n>, note .data.<n>.note
	Subjects    []string
	Sources     []string // detail register.tpl.<key>.source.<n>
	Recipients  int      // internal teams, register.tpl.<key>.recipient.<n>
	Externals   int      // external bodies, register.tpl.<key>.external.<n>
	Interest    bool     // register.tpl.<key>.interest: the legitimate interests
	Notes       bool     // register.tpl.<key>.notes
}

type tplData struct {
	category string
	months   int
	trigger  string
	fate     string
	note     bool
}

// Retention periods follow the CNIL: three years from the last contact
// for prospects, and from the end of the relationship for customers
// (référentiel on commercial activities); three years from an objection
// for the suppression list; 13 months for audience cookies and 25 for the
// data they collect; 13 months after a card debit for disputes. Periods
// the CNIL does not set (events) are our suggestions, and their notes say
// so.
var ActivityTemplates = []ActivityTemplate{
	{Key: "newsletter", Role: RoleController, LegalBasis: "consent", SubPurposes: 3,
		Data: []tplData{
			{"contact", 0, "consent_withdrawn", "delete", true},
			{"identity", 0, "consent_withdrawn", "delete", false},
			{"consent_records", 60, "consent_withdrawn", "archive", true},
			{"internet", 0, "consent_withdrawn", "anonymise", true},
			{"contact", 36, "objection", "delete", true},
		},
		Subjects: []string{"subscribers"}, Sources: []string{"data_subject"}, Recipients: 1},
	{Key: "prospects", Role: RoleController, LegalBasis: "legitimate_interests", SubPurposes: 3, Interest: true, Notes: true,
		Data: []tplData{
			{"identity", 36, "last_contact", "delete", false},
			{"contact", 36, "last_contact", "delete", false},
			{"professional_life", 36, "last_contact", "delete", false},
			{"commercial", 36, "last_contact", "delete", false},
			{"contact", 36, "objection", "delete", true},
		},
		Subjects: []string{"prospects"}, Sources: []string{"data_subject", "collection_method"}, Recipients: 1},
	{Key: "customers", Role: RoleController, LegalBasis: "contract", SubPurposes: 5,
		Data: []tplData{
			{"identity", 36, "end_of_relationship", "delete", true},
			{"contact", 36, "end_of_relationship", "delete", false},
			{"commercial", 36, "end_of_relationship", "delete", false},
			{"economic_financial", 120, "other", "archive", true},
			{"economic_financial", 13, "transaction", "archive", true},
			{"connection", 12, "collection", "delete", true},
		},
		Subjects: []string{"customers"}, Sources: []string{"data_subject"}, Recipients: 1, Externals: 1},
	{Key: "audience", Role: RoleController, LegalBasis: "consent", SubPurposes: 2, Notes: true,
		Data: []tplData{
			{"connection", 25, "collection", "delete", false},
			{"internet", 25, "collection", "delete", true},
			{"location", 25, "collection", "delete", false},
		},
		Subjects: []string{"website_visitors"}, Sources: []string{"data_subject"}, Recipients: 1},
	{Key: "events", Role: RoleController, LegalBasis: "contract", SubPurposes: 4, Notes: true,
		Data: []tplData{
			{"identity", 6, "event_end", "delete", true},
			{"contact", 6, "event_end", "delete", false},
			{"professional_life", 6, "event_end", "delete", false},
			{"consent_records", 60, "consent_withdrawn", "archive", false},
		},
		Subjects: []string{"event_attendees", "contest_participants"}, Sources: []string{"data_subject", "collection_method"},
		Recipients: 1, Externals: 1},
}

// ActivityTemplateByKey returns the built-in template key.
func ActivityTemplateByKey(key string) (ActivityTemplate, bool) {
	for _, t := range ActivityTemplates {
		if t.Key == key {
			return t, true
		}
	}
	return ActivityTemplate{}, false
}

// NewActivity returns a new, unsaved activity from template key, written
// in lang, with the suggested security measures under the CNIL headings.
func NewActivity(key, lang string) (*Activity, error) {
	t, ok := ActivityTemplateByKey(key)
	if !ok {
		return nil, gdprkit.Errorf(gdprkit.ENOTFOUND, "register.error.no_template", map[string]any{"Value": key}, "register: no activity template %q", key)
	}
	tr := func(suffix string) string { return locale.T(lang, "register.tpl."+key+"."+suffix, nil) }
	a := &Activity{Name: tr("name"), Role: t.Role, Template: key, Purpose: tr("purpose"), LegalBasis: t.LegalBasis,
		Security: SuggestedSecurity(lang)}
	if t.Interest {
		a.LegitimateInterest = tr("interest")
	}
	if t.Notes {
		a.Notes = tr("notes")
	}
	for i := 1; i <= t.SubPurposes; i++ {
		a.SubPurposes = append(a.SubPurposes, tr("sub."+strconv.Itoa(i)))
	}
	for i, d := range t.Data {
		n := "data." + strconv.Itoa(i+1)
		r := Retention{Months: d.months, Trigger: d.trigger, Fate: d.fate}
		if d.note {
			r.Note = tr(n + ".note")
		}
		a.Data = append(a.Data, DataUse{Category: d.category, Description: tr(n), Retention: r})
	}
	for _, s := range t.Subjects {
		a.Subjects = append(a.Subjects, SubjectGroup{Kind: s})
	}
	for i, s := range t.Sources {
		a.Sources = append(a.Sources, Source{Kind: s, Detail: tr("source." + strconv.Itoa(i+1))})
	}
	for i := 1; i <= t.Recipients; i++ {
		a.Recipients = append(a.Recipients, Recipient{Kind: "internal", Name: tr("recipient." + strconv.Itoa(i))})
	}
	for i := 1; i <= t.Externals; i++ {
		a.Recipients = append(a.Recipients, Recipient{Kind: "external", Name: tr("external." + strconv.Itoa(i))})
	}
	return a, nil
}

// SuggestedSecurity returns our suggested measures under the CNIL
// headings, in lang; the user adapts them.
func SuggestedSecurity(lang string) Security {
	s := func(h string) string { return locale.T(lang, "register.tpl.security."+h, nil) }
	return Security{AccessControl: s("access_control"), Traceability: s("traceability"), SoftwareProtection: s("software_protection"),
		Backup: s("backup"), Encryption: s("encryption"), ProcessorControl: s("processor_control")}
}
