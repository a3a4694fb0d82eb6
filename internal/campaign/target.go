package campaign

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/gdprkit/gdprkit/internal/contacts"
)

// Candidate is a contact of the segment as targeting sees it.
type Candidate struct {
	ContactID  int64
	Email      string
	Key        string
	Variant    string
	FirstName  string
	LastName   string
	Name       string
	Language   string
	Attributes string // JSON object of the export's other columns
	Status     contacts.Status
	Source     string // provider of the contact's first row, "form"
	// Suppressed: the address or its mailbox variant is on the
	// suppression list. InCampaign: the contact is a recipient of another
	// running campaign for the same purpose.
	Suppressed bool
	InCampaign bool
}

// Exclusion is why a contact of the segment is not targeted.
type Exclusion string

// Exclusions, in the order Eligible checks them.
const (
	ExclSuppressed    Exclusion = "suppressed"    // on the suppression list: never mail (Flybe)
	ExclWithdrawn     Exclusion = "withdrawn"     // unsubscribed or objected: never mail
	ExclUndeliverable Exclusion = "undeliverable" // bounced or cleaned
	ExclDocumented    Exclusion = "documented"    // consent for the purpose is documented already
	ExclOtherBasis    Exclusion = "other_basis"   // another legal basis: check its own conditions
	ExclNotSelected   Exclusion = "not_selected"  // weak or missing, but not a status the segment selects
	ExclGermany       Exclusion = "germany"       // in Germany, and the campaign leaves Germany out
	ExclInCampaign    Exclusion = "in_campaign"   // already asked by another running campaign
)

// Exclusions lists every reason, in report order.
var Exclusions = []Exclusion{ExclSuppressed, ExclWithdrawn, ExclUndeliverable, ExclDocumented, ExclOtherBasis,
	ExclNotSelected, ExclGermany, ExclInCampaign}

// LabelKey is the translation key of the reason.
func (e Exclusion) LabelKey() string { return "campaign.excl." + string(e) }

// Eligible decides whether a contact of the segment is targeted, and if
// not, why. Withdrawn, undeliverable and suppressed contacts are never
// targeted, nor contacts whose consent is documented already: only weak or
// missing consent is asked again (formats.md §5.3, "Legality first").
func Eligible(c *Candidate, seg Segment, s Settings) Exclusion {
	switch {
	case c.Suppressed:
		return ExclSuppressed
	case c.Status == contacts.Withdrawn:
		return ExclWithdrawn
	case c.Status == contacts.Undeliverable:
		return ExclUndeliverable
	case c.Status == contacts.Documented:
		return ExclDocumented
	case c.Status == contacts.OtherBasis:
		return ExclOtherBasis
	case !c.Status.NeedsRepermission():
		return ExclNotSelected // an unknown status is never mailed
	case len(seg.Statuses) > 0 && !slices.Contains(seg.Statuses, c.Status):
		return ExclNotSelected
	case seg.Language != "" && Language(c.Language, s.Language) != seg.Language:
		return ExclNotSelected
	case !s.IncludeGermany && InGermany(c.Attributes, c.Email):
		return ExclGermany
	case c.InCampaign:
		return ExclInCampaign
	}
	return ""
}

// germanCountry names Germany in the country columns exports carry
// (Mailchimp CC, HubSpot Country, generic country), in lower case.
var germanCountry = []string{"de", "deu", "germany", "deutschland", "allemagne"}

// countryKeys are column names that hold a country, lower-cased.
var countryKeys = []string{"cc", "country", "country_code", "countrycode", "pays", "land", "contact_country"}

// InGermany reports whether a contact is probably in Germany: a country
// column says so, the time zone is Europe/Berlin, or the address is under
// the .de domain.
func InGermany(attributes, email string) bool {
	if strings.HasSuffix(strings.ToLower(email), ".de") {
		return true
	}
	if attributes == "" || attributes == "{}" {
		return false
	}
	var attrs map[string]any
	if json.Unmarshal([]byte(attributes), &attrs) != nil {
		return false
	}
	for k, v := range attrs {
		s, ok := v.(string)
		if !ok {
			continue
		}
		k, s = strings.ToLower(strings.TrimSpace(k)), strings.ToLower(strings.TrimSpace(s))
		switch {
		case slices.Contains(countryKeys, k) && slices.Contains(germanCountry, s):
			return true
		case strings.Contains(k, "timezone") && s == "europe/berlin":
			return true
		}
	}
	return false
}

// Language picks the language a contact is written to: their own when
// gdprkit writes it (fr, fr-FR, French, français), the campaign's default
// otherwise.
func Language(contact, def string) string {
	l := strings.ToLower(strings.TrimSpace(contact))
	switch {
	case l == "":
	case strings.HasPrefix(l, "fr"):
		return "fr"
	case strings.HasPrefix(l, "en"):
		return "en"
	}
	if def == "fr" {
		return "fr"
	}
	return "en"
}

// Domain returns the lower-cased domain of an address, for the per-domain
// rate.
func Domain(email string) string {
	if i := strings.LastIndexByte(email, '@'); i >= 0 {
		return strings.ToLower(email[i+1:])
	}
	return ""
}

// Tally counts the contacts left out, by reason.
type Tally map[Exclusion]int

// Add counts one exclusion; "" is not counted.
func (t Tally) Add(e Exclusion) {
	if e != "" {
		t[e]++
	}
}

// Total is the number of contacts left out.
func (t Tally) Total() int {
	n := 0
	for _, v := range t {
		n += v
	}
	return n
}
