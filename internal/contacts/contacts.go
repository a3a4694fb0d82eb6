// Package contacts is the contact base: who gdprkit knows, where each
// contact came from, and whether their consent is documented.
//
// The audit rules (classify.go) are pure functions of the evidence read
// from exports; they need no database and are table-tested. The consent
// audit (audit.go) runs them over files without a database; the import
// service writes the same results to a Store.
package contacts

import (
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// Status is the audit verdict for a contact and purpose.
type Status string

// The six audit statuses, in the order reports list them.
const (
	// Documented: explicit consent with a time and a channel or source;
	// a double opt-in confirmation is the strongest proof.
	Documented Status = "documented"
	// Weak: some evidence, but not enough to demonstrate consent
	// (Art. 7(1)): a time without IP, source or channel, a loopback or
	// private IP, a consent time equal to the import time, implied consent.
	Weak Status = "weak"
	// Missing: no evidence of consent at all.
	Missing Status = "missing"
	// Withdrawn: the person unsubscribed or objected; never mail them.
	Withdrawn Status = "withdrawn"
	// Undeliverable: cleaned, bounced or excluded; never mail them.
	Undeliverable Status = "undeliverable"
	// OtherBasis: a legal basis other than consent is declared (soft
	// opt-in of existing customers, contract...), with conditions to check.
	OtherBasis Status = "other_basis"
)

// Statuses lists every status in report order.
var Statuses = []Status{Documented, Weak, Missing, Withdrawn, Undeliverable, OtherBasis}

// NeedsRepermission reports whether contacts with status s belong in a
// re-permission campaign: only those whose consent is weak or missing.
// Withdrawn and undeliverable contacts must never be mailed, documented ones
// need nothing, and other bases are checked against their own conditions.
func (s Status) NeedsRepermission() bool { return s == Weak || s == Missing }

// LabelKey is the translation key of the status name.
func (s Status) LabelKey() string { return "status." + string(s) }

// Reason is a machine-readable code explaining a status. Its translation
// keys are "reason.<code>" (short label) and "reason.<code>.explain"
// (a sentence for the person reading the report).
type Reason string

// LabelKey is the translation key of the reason's short label.
func (r Reason) LabelKey() string { return "reason." + string(r) }

// ExplainKey is the translation key of the reason's explanation.
func (r Reason) ExplainKey() string { return "reason." + string(r) + ".explain" }

// Observation is what one file row says about a contact: the evidence it
// carries and the provider's own dates for the row. A contact merged from
// several rows has several observations.
type Observation struct {
	Evidence  []esp.Evidence
	AddedAt   time.Time // when the provider added the contact (zero if unknown)
	ChangedAt time.Time // last change at the provider (zero if unknown)
}

// Assessment is the verdict for one purpose.
type Assessment struct {
	Purpose string
	Status  Status
	Reasons []Reason
	// Decisive is the evidence that decided the status, if any.
	Decisive *esp.Evidence
	// ConsentAt is the time of the strongest consent evidence (zero if none).
	ConsentAt time.Time
	// Conditions lists translation keys of conditions that must hold for an
	// other legal basis to be valid (soft opt-in: own customer, analogous
	// products, objection offered at collection and in every message).
	Conditions []string
}
