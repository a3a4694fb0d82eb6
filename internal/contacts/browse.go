package contacts

import (
	"strings"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// Filter selects contacts for the list pages and the API. Every field but
// Search and SearchIn is safe in a URL; the search text is personal data
// and is kept out of URLs by the web package.
type Filter struct {
	Search   string   // address or name prefix
	SearchIn SearchIn // where to look; SearchAuto decides from Search
	Status   Status
	Channel  string // consent channel code, ChannelNone for contacts without one
	Purpose  string // one of ListPurposes
	ImportID int64  // contacts with a source row from this import
	After    int64  // keyset cursor: the ID of the last contact of the previous page
	Limit    int
}

// FilterRepermission is the Filter.Status that selects the re-permission
// segment: the contacts whose proof is weak or missing
// (Status.NeedsRepermission), what the audit's repermission.csv and the
// dashboard count.
const FilterRepermission Status = "to_repermission"

// SearchIn says which field a search looks at.
type SearchIn string

// Search fields.
const (
	SearchAuto      SearchIn = ""
	SearchEmail     SearchIn = "email"
	SearchLastName  SearchIn = "last_name"
	SearchFirstName SearchIn = "first_name"
)

// ChannelNone filters contacts whose consent has no known channel.
const ChannelNone = "none"

// ListPurposes are the purposes the list can filter on: the ones the
// readers name, each with its own index.
var ListPurposes = []string{esp.PurposeEmail, esp.PurposeSMS, "direct_mail", "online_advertising"}

// ListChannels are the consent channels the list can filter on.
var ListChannels = []string{esp.ChannelWebForm, esp.ChannelEmail, esp.ChannelImport, esp.ChannelAPI,
	esp.ChannelPreference, esp.ChannelAdmin, ChannelNone}

// Field returns where the search looks: an address when the text has an
// "@", a dot or a digit and no space (people type "marie.dupont" or
// "jdupont42"), a last name otherwise.
func (f Filter) Field() SearchIn {
	if f.SearchIn != SearchAuto || f.Search == "" {
		return f.SearchIn
	}
	s := strings.TrimSpace(f.Search)
	if strings.ContainsAny(s, "@.0123456789") && !strings.Contains(s, " ") {
		return SearchEmail
	}
	return SearchLastName
}

// Page is one page of contacts and the cursor of the next, zero on the
// last page.
type Page struct {
	Contacts []Contact
	Next     int64
}

// Imported is a contact with the row of an import it came from.
type Imported struct {
	Contact *Contact
	Source  string     // "file.csv:12"
	Format  esp.Format // the file's format
}

// RowOf is the documented-base row of a stored contact, for downloads:
// the kit's template filled from the base instead of from files. source
// names the row it came from ("file.csv:12"), provider the processor that
// held it.
func RowOf(c *Contact, source string, provider esp.Format, lang string) Row {
	r := Row{
		Email: c.Email, FirstName: c.FirstName, LastName: c.LastName, Source: source,
		SharedWith: ProviderName(provider), ConsentChannel: c.ConsentChannel, ConsentAt: c.ConsentAt,
		Status: c.Status, Reasons: c.Reasons, Language: c.Language,
	}
	if r.FirstName == "" && r.LastName == "" {
		r.FirstName = c.Name
	}
	r.DataHeld = []string{"email"}
	for _, f := range []struct{ name, value string }{
		{"first_name", c.FirstName}, {"last_name", c.LastName}, {"name", c.Name},
		{"language", c.Language}, {"phone", c.Phone},
	} {
		if f.value != "" {
			r.DataHeld = append(r.DataHeld, f.name)
		}
	}
	if c.Attributes != "" && c.Attributes != "{}" {
		r.DataHeld = append(r.DataHeld, "attributes")
	}
	r.Purpose = PurposeText(lang, ParsePurposes(c.Purposes))
	return r
}
