// Package esp reads contact exports written by e-mail service providers
// (Mailchimp, Brevo, HubSpot, Mailjet, Klaviyo, listmonk) and any other CSV
// through a column mapping.
//
// It turns bytes into Records: it decodes the encoding, sniffs the
// delimiter, recognises the provider from the file name and the header, and
// translates each provider's columns into evidence of consent. It knows
// nothing about databases, HTTP or the audit rules, which live in the
// contacts package.
package esp

import (
	"strconv"
	"time"
)

// Format names a provider layout.
type Format string

// Known formats. Generic is any CSV read through a column Mapping.
const (
	Mailchimp Format = "mailchimp"
	Brevo     Format = "brevo"
	HubSpot   Format = "hubspot"
	Mailjet   Format = "mailjet"
	Klaviyo   Format = "klaviyo"
	Listmonk  Format = "listmonk"
	Generic   Format = "generic"
)

// Formats lists every format in the order Detect tries them.
var Formats = []Format{Mailchimp, Brevo, HubSpot, Klaviyo, Listmonk, Mailjet, Generic}

// Kind is what a piece of evidence says happened.
type Kind string

// Evidence kinds, from the strongest consent proof to the signals that end
// it. The audit rules in package contacts weigh them.
const (
	// Signup: the person submitted a form or was added (Mailchimp OPTIN_*).
	Signup Kind = "signup"
	// Confirmation: the person confirmed a double opt-in (CONFIRM_IP,
	// Brevo DOUBLE_OPT-IN, Klaviyo double_optin, listmonk confirmed on a
	// double opt-in list).
	Confirmation Kind = "confirmation"
	// Consent: a consent record with a time and possibly a method or source
	// (Klaviyo $consent_timestamp, a generic consent_at column) that is not
	// explicitly a signup or a confirmation. Also the subscription becoming
	// effective (Mailchimp CONFIRM_TIME without an IP).
	Consent Kind = "consent"
	// Declared: a status or flag says "subscribed" or "opted in" without
	// anything that shows when or how (Brevo OPT_IN, Klaviyo Consent list,
	// a plain subscribed status).
	Declared Kind = "declared"
	// Pending: a double opt-in was started but not confirmed.
	Pending Kind = "pending"
	// NeverSubscribed: the tool knows the person but they never subscribed
	// (Mailchimp non-subscribed, Klaviyo NEVER_SUBSCRIBED).
	NeverSubscribed Kind = "never_subscribed"
	// Basis: a legal basis other than consent is declared (HubSpot
	// "Legitimate interest – existing customer", "Performance of a
	// contract"). LegalBasis holds it.
	Basis Kind = "basis"
	// Withdrawal: unsubscribed, opted out, blocklisted.
	Withdrawal Kind = "withdrawal"
	// Complaint: the person reported a message as spam.
	Complaint Kind = "complaint"
	// Bounce: the address is undeliverable (Mailchimp cleaned, hard bounce,
	// excluded after bounces).
	Bounce Kind = "bounce"
)

// Purposes the readers name. Providers with per-channel permissions
// (Mailchimp GDPR fields, HubSpot subscription types, Klaviyo channels) add
// their own, as lower-case slugs.
const (
	PurposeEmail = "email_marketing"
	PurposeSMS   = "sms_marketing"
)

// Channels say through which medium consent evidence was collected.
const (
	ChannelWebForm    = "web_form"
	ChannelImport     = "import"
	ChannelAPI        = "api"
	ChannelEmail      = "email"
	ChannelPreference = "preference_centre"
	ChannelAdmin      = "admin"
	ChannelUnknown    = ""
)

// Evidence is one fact a row states about consent for one purpose.
type Evidence struct {
	Purpose    string    // PurposeEmail unless the file says otherwise
	Kind       Kind      //
	At         time.Time // zero when the file gives no time
	IP         string    // as written; empty when absent
	UserAgent  string    //
	Channel    string    // one of the Channel constants, or empty
	Source     string    // form id or URL, campaign, method: where it came from
	Method     string    // provider method name (Klaviyo $consent_method, HubSpot source type)
	LegalBasis string    // for Basis: a key of gdpr lawful bases ("legitimate_interests", "contract", ...)
	Detail     string    // free text: unsubscribe reason, campaign title, raw basis value
	Columns    string    // the columns it was read from, e.g. "OPTIN_TIME, OPTIN_IP"
}

// Attr is a column the reader did not interpret, kept as data held.
type Attr struct {
	Name  string
	Value string
}

// Record is one contact row read from a file.
type Record struct {
	File      string // display name, "export.zip/subscribed_….csv" inside archives
	Line      int    // physical line where the record starts, 1-based
	Fields    []string
	Email     string // the address cell, untouched
	FirstName string
	LastName  string
	Name      string // a full-name column (listmonk name, a generic name); First/Last stay empty unless the file has them
	Language  string
	Phone     string
	Tags      []string
	List      string     // list or audience named by the row itself (a generic list column)
	Attrs     []Attr     // non-empty columns that are not interpreted above
	Evidence  []Evidence // in the order the file states them
	CreatedAt time.Time  // when the provider added the contact, if known
	UpdatedAt time.Time  // last change at the provider, if known
	Warnings  []Problem  // cells that could not be read; the row is still used
}

// Problem is a cell or row that could not be read, named so a person can
// find it: file, line, column and what was expected.
type Problem struct {
	File   string
	Line   int
	Column string // header name, empty for row-level problems
	Code   string // machine-readable: "bad_date", "ragged_row", "no_email", ...
	Detail string // English detail: what was found and what was expected
	// Value is the content found in the cell, for cell warnings.
	Value string
}

func (p *Problem) Error() string {
	s := p.File
	if p.Line > 0 {
		s += ":" + strconv.Itoa(p.Line)
	}
	if p.Column != "" {
		s += ": column " + p.Column
	}
	return s + ": " + p.Detail
}

// FileInfo describes what was detected about one CSV file.
type FileInfo struct {
	Name       string   // display name
	Format     Format   //
	Encoding   string   // "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252"; decided on the first 64 KiB, it turns to "windows-1252" if a later row is not UTF-8 (final at io.EOF)
	Delimiter  string   // ",", ";", "\t", "|"
	Header     []string // column names as written (BOM and padding removed)
	Mapping    Mapping  // how columns were interpreted
	SavedMap   string   // name of the saved mapping applied, if any
	List       string   // list or audience id when the file name or content tells
	FileStatus string   // status implied by the file name (Mailchimp): subscribed, unsubscribed, cleaned, nonsubscribed
	// DateLayouts names, per column, the date layouts applied so far
	// ("DD/MM/YYYY HH:MM"), so a person can check how ambiguous dates were
	// read. It grows while the file is read and is complete at io.EOF.
	DateLayouts map[string]string
}

// Mapping maps canonical fields (see Fields) to the header names they are
// read from. It is how a generic CSV is read, and how any detected format
// reports what it understood.
type Mapping map[string]string

// Options steer reading. The zero value detects everything and reads
// zone-less times as UTC.
type Options struct {
	Format  Format  // force a format instead of detecting it
	Mapping Mapping // column mapping: completes a generic file's guesses, overrides a detected format's columns
	// Location is the zone a person chose for times written without an
	// offset: it applies to every file. DefaultLocation is the
	// organisation's zone, for providers that write local times; a
	// provider that writes UTC (Mailchimp) keeps UTC. UTC when both are
	// nil.
	Location        *time.Location
	DefaultLocation *time.Location
	// Encoding forces a text encoding instead of detecting it: "utf-8",
	// "utf-16le", "utf-16be" or "windows-1252".
	Encoding string
	// Delimiter forces the field separator instead of sniffing it: one
	// ASCII character such as ";" or "\t".
	Delimiter string
	// Saved finds a mapping saved earlier for a file's header; it is asked
	// only for generic files read without a Mapping. It returns nil when
	// none fits, and the mapping's name otherwise.
	Saved func(header []string) (Mapping, string)
}
