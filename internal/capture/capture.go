// Package capture collects and withdraws consent: sign-up forms (hosted or
// through the JSON API), double opt-in by e-mail, the preference centre,
// one-click unsubscribe, and the confirmations a re-permission campaign
// asks for. Every act is recorded in the consent ledger (package consent)
// with what the person was shown and where they were, in one transaction
// with the contact's current state, so "may I send?" answers from it at
// once.
//
// It has no HTTP in it: internal/web parses requests, calls a Service
// method and renders the result. Links carry signed, expiring tokens
// (token.go) with no personal data; a forged, expired or replayed token is
// one of the errors ErrTokenInvalid, ErrTokenExpired or ErrTokenUsed, for
// the web layer to show as a page of its own.
//
// No answer tells whether an address is known: a sign-up gets the same
// response either way, and a withdrawal of an unknown address still lands
// on the suppression list.
package capture

import (
	"time"

	"github.com/gdprkit/gdprkit/internal/consent"
)

// Form is a sign-up form of one list, hosted by gdprkit or posted to by a
// website through the API.
type Form struct {
	ID          int64
	Slug        string
	Name        string
	List        string
	DoubleOptIn bool
	Language    string // default language of the page and the e-mail
	// SuccessURL is where the person goes after submitting, ConfirmedURL
	// after confirming; empty means gdprkit's own page.
	SuccessURL   string
	ConfirmedURL string
	// Purposes are the purposes the form offers, one unticked box each,
	// in order.
	Purposes []int64
	// Texts are the consent text versions the form shows.
	Texts    []FormText
	Archived bool
}

// FormText is a text version a form shows in one language: the label of a
// purpose's box, or (PurposeID 0) the notice under the form.
type FormText struct {
	Language  string
	PurposeID int64
	TextID    int64
}

// Channels of capture events (esp.Channel* values, the vocabulary the
// audit rules read).
const (
	ChannelWebForm    = "web_form"
	ChannelAPI        = "api"
	ChannelEmail      = "email"
	ChannelPreference = "preference_centre"
	ChannelAdmin      = "admin"
)

// Request is a confirmation gdprkit asked for: a double opt-in after a
// sign-up, or a re-permission campaign's request. The e-mailed link names
// it; the confirmation event copies its form, texts and campaign.
type Request struct {
	ID          int64
	ContactID   int64
	Kind        string // RequestDOI, RequestRepermission
	FormID      int64
	Campaign    string
	Purposes    []string
	Texts       []int64
	BlockID     int64 // the ledger block of the sign-up it confirms
	Language    string
	CreatedAt   time.Time
	ExpiresAt   time.Time
	MessageID   string
	SentAt      time.Time
	ConfirmedAt time.Time
	// Email is the contact's address, read back.
	Email string
}

// Request kinds.
const (
	RequestDOI          = "doi"
	RequestRepermission = "repermission"
)

// PurposeState is one purpose in the preference centre.
type PurposeState struct {
	Purpose consent.Purpose
	// Granted: the person consents now (documented consent or a confirmed
	// double opt-in); Pending: a double opt-in awaits confirmation.
	Granted bool
	Pending bool
	Since   time.Time
}

// Preferences is what the preference centre shows.
type Preferences struct {
	// Email is the address, partly masked: whoever holds the link sees it.
	Email    string
	Language string
	Purposes []PurposeState
}
