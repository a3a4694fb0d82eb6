package esp

import "time"

// provider is how one format is read.
type provider struct {
	// bind finds the provider's columns and returns its row rules.
	bind func(p *plan, info *FileInfo, base string) rowReader
	// handles are the fields the row rules read themselves; the generic
	// rules read the others.
	handles []field
	// dates names the layouts the provider writes, for bad_date messages.
	dates string
	// dayFirst is set when the provider writes day-first dates whatever
	// the account's zone.
	dayFirst bool
	// utc is set when the provider writes its zone-less times in UTC,
	// whatever the account's zone (formats.md §0).
	utc bool
}

// zone is where zone-less times of a file of provider pv are read: the
// zone the person chose; else UTC for a provider that writes UTC; else the
// organisation's zone; else UTC.
func (o Options) zone(pv provider) *time.Location {
	switch {
	case o.Location != nil:
		return o.Location
	case pv.utc:
		return time.UTC
	case o.DefaultLocation != nil:
		return o.DefaultLocation
	}
	return time.UTC
}

var providers = map[Format]provider{
	Mailchimp: {bind: bindMailchimp, handles: mailchimpHandles, dates: mailchimpDates, utc: true},
	Brevo:     {bind: bindBrevo, handles: brevoHandles, dates: brevoDates, dayFirst: true},
	HubSpot:   {bind: bindHubSpot, dates: hubspotDates},
	Klaviyo:   {bind: bindKlaviyo, handles: klaviyoHandles, dates: klaviyoDates},
	Listmonk:  {bind: bindListmonk, handles: listmonkHandles, dates: listmonkDates},
	Mailjet:   {bind: bindMailjet, handles: mailjetHandles, dates: mailjetDates},
	Generic:   {bind: bindGeneric, dates: genericDates},
}

const genericDates = "YYYY-MM-DD HH:MM:SS, DD/MM/YYYY HH:MM, ISO 8601 or Unix epoch"

// bindGeneric guesses every field from the column names.
func bindGeneric(p *plan, _ *FileInfo, _ string) rowReader {
	guessFields(p)
	return noRules{}
}

// noRules is a provider without rules of its own.
type noRules struct{}

func (noRules) read(*row) {}
