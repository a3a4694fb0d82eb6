// Package address checks e-mail address syntax and computes the keys used
// to store, merge and match addresses (formats.md §7).
//
// It is pure and fast: Parse runs on every imported row, so plain ASCII
// addresses go through a single byte scan with no regexp and no net/mail,
// and an address that is already canonical costs no allocation. Non-ASCII
// domains take a slower path through Unicode normalisation and Punycode.
//
// Three keys, from the safest to the most aggressive:
//
//   - Canonical (level 1): what we store. Only changes that cannot change the
//     mailbox: trimming, unwrapping "Name <addr>" and mailto:, lower-casing
//     and A-label conversion of the domain, dropping a trailing dot.
//   - Key (level 2): Canonical with a lower-case local part. The merge and
//     match key: almost every mailbox provider is case-insensitive.
//   - Variant (level 3): Gmail dot and +tag removal and other providers'
//     sub-addressing. It says "probably the same mailbox": use it to report
//     likely duplicates and to match suppressions, never to merge, because
//     consent attaches to the address the person gave.
package address

import "strings"

// Address is a parsed e-mail address.
type Address struct {
	Raw       string // as given
	Canonical string // level 1: stored form
	Key       string // level 2: Canonical with the local part lower-cased; the merge / match key
	Variant   string // level 3: provider-specific key (Gmail dots, +tags); set for every address at a provider with such rules, empty elsewhere
	Flags     Flags
}

// Local returns the local part of the canonical address.
func (a Address) Local() string {
	if i := strings.LastIndexByte(a.Canonical, '@'); i >= 0 {
		return a.Canonical[:i]
	}
	return ""
}

// Domain returns the domain of the canonical address, as an A-label.
func (a Address) Domain() string {
	if i := strings.LastIndexByte(a.Canonical, '@'); i >= 0 {
		return a.Canonical[i+1:]
	}
	return ""
}

// Flags are facts about an address that do not make it invalid but that a
// report should show.
type Flags uint8

const (
	// QuotedLocal: the local part is a quoted string ("john doe"@…). Legal,
	// but most ESPs cannot deliver to it.
	QuotedLocal Flags = 1 << iota
	// SMTPUTF8: the local part has non-ASCII characters; delivery needs
	// SMTPUTF8 end to end and Mailchimp refuses such addresses.
	SMTPUTF8
	// IDN: the domain is internationalised (stored as an xn-- A-label).
	IDN
	// DisplayName: the cell held "Name <addr>"; the name was dropped.
	DisplayName
	// Role: a role account (postmaster@, info@, contact@…): usually a team
	// mailbox rather than one person, and in France a generic company
	// address is not the personal data of a natural person.
	Role
)

var flagNames = []struct {
	f    Flags
	name string
}{
	{QuotedLocal, "quoted_local"},
	{SMTPUTF8, "smtputf8"},
	{IDN, "idn"},
	{DisplayName, "display_name"},
	{Role, "role"},
}

// Has reports whether every flag in g is set.
func (f Flags) Has(g Flags) bool { return f&g == g }

// String lists the flags set, "|"-separated ("idn|role").
func (f Flags) String() string {
	var b strings.Builder
	for _, n := range flagNames {
		if f&n.f == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('|')
		}
		b.WriteString(n.name)
	}
	return b.String()
}

// Error codes. The translation key of a code is "address.<code>".
const (
	CodeEmpty         = "empty"
	CodeTooLong       = "too_long"
	CodeLocalTooLong  = "local_too_long"
	CodeDomainTooLong = "domain_too_long"
	CodeLabelTooLong  = "label_too_long"
	CodeBadSyntax     = "bad_syntax"
	CodeBadDomain     = "bad_domain"
)

// Codes lists every error code.
var Codes = []string{
	CodeEmpty, CodeTooLong, CodeLocalTooLong, CodeDomainTooLong,
	CodeLabelTooLong, CodeBadSyntax, CodeBadDomain,
}

// Limits from RFC 5321 §4.5.3.1 and RFC 1035 §2.3.4, counted in octets.
const (
	MaxLength = 254 // whole address: a 256-octet path minus the angle brackets (RFC 3696 erratum 1690)
	MaxLocal  = 64
	MaxDomain = 253 // a 255-octet DNS name in wire form is 253 characters in dotted form
	MaxLabel  = 63
)

// Error says why an address was rejected. Detail is English and names what
// is wrong and where; users see the translation of Key instead.
type Error struct {
	Code   string // one of the Code constants
	Detail string // e.g. `illegal character ',' at position 5`
	Pos    int    // 1-based character position in Raw, 0 when not about one character
}

func (e *Error) Error() string { return "address: " + e.Detail }

// Key is the translation key of the error.
func (e *Error) Key() string { return "address." + e.Code }
