package consent

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/address"
)

// Permission answers "may I send?" for one address and purpose.
type Permission struct {
	Email   string
	Purpose string
	Allowed bool
	// Reason is a code (the Reason* constants); its translation key is
	// "permission.<reason>".
	Reason string
	// Status is the audit status of the purpose ("documented"...), empty
	// when the contact or the purpose is unknown.
	Status string
	// EventID is the ledger event that decided, ConsentAt the time of the
	// consent in force; zero when none.
	EventID   int64
	ConsentAt time.Time
}

// Reasons of a permission.
const (
	ReasonSuppressed     = "suppressed"             // on the suppression list: never
	ReasonWithdrawn      = "withdrawn"              // consent withdrawn
	ReasonUndeliverable  = "undeliverable"          // bounced, cleaned
	ReasonDOIConfirmed   = "doi_confirmed"          // allowed: confirmed by double opt-in
	ReasonConsent        = "documented_consent"     // allowed: documented consent
	ReasonPending        = "doi_pending"            // a double opt-in awaits confirmation
	ReasonNotDocumented  = "consent_not_documented" // some evidence, not enough to prove consent
	ReasonOtherBasis     = "other_basis"            // another legal basis, whose conditions a person must check
	ReasonNoConsent      = "no_consent"             // no consent for this purpose
	ReasonUnknownContact = "unknown_contact"        // not in the base
	ReasonInvalidAddress = "invalid_address"        // not an e-mail address
)

// The audit rules' statuses and reasons (package contacts, which imports
// this one); a test checks they are spelt alike.
const (
	statusDocumented         = "documented"
	statusWeak               = "weak"
	statusWithdrawn          = "withdrawn"
	statusUndeliverable      = "undeliverable"
	statusOtherBasis         = "other_basis"
	auditReasonOptinPending  = "optin_pending"
	auditReasonDOIConfirmed  = "doi_confirmed"
	auditReasonDOIFlagOnTime = "doi_flag_with_time"
)

// StoredState is a purpose's verdict as consent_state holds it.
type StoredState struct {
	Status    string // audit status: documented, weak, missing, withdrawn, undeliverable, other_basis
	Reasons   string // audit reason codes, space separated
	EventID   int64
	ConsentAt time.Time
}

// Decide is the rule: the suppression list and withdrawals always win;
// only documented consent (a confirmed double opt-in the strongest) allows.
// known says the address is a contact; st is nil when the contact has no
// verdict for the purpose.
func Decide(suppressed, known bool, st *StoredState) (bool, string) {
	switch {
	case suppressed:
		return false, ReasonSuppressed
	case !known:
		return false, ReasonUnknownContact
	case st == nil:
		return false, ReasonNoConsent
	}
	reasons := strings.Fields(st.Reasons)
	switch st.Status {
	case statusWithdrawn:
		return false, ReasonWithdrawn
	case statusUndeliverable:
		return false, ReasonUndeliverable
	case statusDocumented:
		if slices.Contains(reasons, auditReasonDOIConfirmed) || slices.Contains(reasons, auditReasonDOIFlagOnTime) {
			return true, ReasonDOIConfirmed
		}
		return true, ReasonConsent
	case statusWeak:
		return false, ReasonNotDocumented
	case statusOtherBasis:
		return false, ReasonOtherBasis
	}
	if slices.Contains(reasons, auditReasonOptinPending) {
		return false, ReasonPending
	}
	return false, ReasonNoConsent
}

// PermissionRow is what the store reads for one address and purpose.
type PermissionRow struct {
	Suppressed bool
	Known      bool
	State      *StoredState
}

// PermissionStore reads permissions.
type PermissionStore interface {
	// Permission reads, in one indexed query, whether any of hashes is on
	// the suppression list, whether key is a contact, and its verdict for
	// purpose.
	Permission(ctx context.Context, key string, hashes [][]byte, purpose string) (PermissionRow, error)
	// Permissions is Permission for many keys at once; hashes[i] are the
	// hashes of keys[i].
	Permissions(ctx context.Context, keys []string, hashes [][][]byte, purpose string) ([]PermissionRow, error)
}

// Permissions answers "may I send?".
type Permissions struct {
	Store PermissionStore
	// Hashes returns the suppression hashes of an address
	// (*suppression.List's Hashes).
	Hashes func(address.Address) [][]byte
}

// Check answers for one address and purpose.
func (p *Permissions) Check(ctx context.Context, email, purpose string) (*Permission, error) {
	if !ValidSlug(purpose) {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "permission.purpose_invalid", nil, "purpose %q is not a purpose slug", purpose)
	}
	a, err := address.Parse(email)
	if err != nil {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "permission.email_invalid", nil, "e-mail address: %v", err)
	}
	row, err := p.Store.Permission(ctx, a.Key, p.Hashes(a), purpose)
	if err != nil {
		return nil, err
	}
	out := permissionOf(email, purpose, row)
	return &out, nil
}

// MaxBatch is the largest batch CheckMany accepts.
const MaxBatch = 10000

// CheckMany answers for many addresses and one purpose, in their order;
// an address that does not parse is denied with ReasonInvalidAddress.
func (p *Permissions) CheckMany(ctx context.Context, emails []string, purpose string) ([]Permission, error) {
	if !ValidSlug(purpose) {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "permission.purpose_invalid", nil, "purpose %q is not a purpose slug", purpose)
	}
	if len(emails) > MaxBatch {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "permission.batch_too_large", map[string]any{"Max": MaxBatch}, "at most %d addresses at once", MaxBatch)
	}
	out := make([]Permission, len(emails))
	var keys []string
	var hashes [][][]byte
	var at []int
	for i, e := range emails {
		a, err := address.Parse(e)
		if err != nil {
			out[i] = Permission{Email: e, Purpose: purpose, Reason: ReasonInvalidAddress}
			continue
		}
		keys, hashes, at = append(keys, a.Key), append(hashes, p.Hashes(a)), append(at, i)
	}
	rows, err := p.Store.Permissions(ctx, keys, hashes, purpose)
	if err != nil {
		return nil, err
	}
	for j, i := range at {
		out[i] = permissionOf(emails[i], purpose, rows[j])
	}
	return out, nil
}

func permissionOf(email, purpose string, row PermissionRow) Permission {
	p := Permission{Email: email, Purpose: purpose}
	p.Allowed, p.Reason = Decide(row.Suppressed, row.Known, row.State)
	if row.State != nil && !row.Suppressed {
		p.Status, p.EventID = row.State.Status, row.State.EventID
		if p.Allowed {
			p.ConsentAt = row.State.ConsentAt
		}
	}
	return p
}
