package consent_test

import (
	"testing"

	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

func TestDecide(t *testing.T) {
	st := func(status contacts.Status, reasons ...contacts.Reason) *consent.StoredState {
		s := &consent.StoredState{Status: string(status)}
		for _, r := range reasons {
			s.Reasons += string(r) + " "
		}
		return s
	}
	tests := []struct {
		name              string
		suppressed, known bool
		state             *consent.StoredState
		allowed           bool
		reason            string
	}{
		{"SuppressedWinsOverConsent", true, true, st(contacts.Documented, contacts.ReasonDOIConfirmed), false, consent.ReasonSuppressed},
		{"UnknownContact", false, false, nil, false, consent.ReasonUnknownContact},
		{"NoVerdictForPurpose", false, true, nil, false, consent.ReasonNoConsent},
		{"Withdrawn", false, true, st(contacts.Withdrawn, contacts.ReasonUnsubscribed), false, consent.ReasonWithdrawn},
		{"Bounced", false, true, st(contacts.Undeliverable, contacts.ReasonBounced), false, consent.ReasonUndeliverable},
		{"DoubleOptIn", false, true, st(contacts.Documented, contacts.ReasonDOIConfirmed), true, consent.ReasonDOIConfirmed},
		{"VendorDOIFlag", false, true, st(contacts.Documented, contacts.ReasonDOIFlagWithTime), true, consent.ReasonDOIConfirmed},
		{"DocumentedOptin", false, true, st(contacts.Documented, contacts.ReasonOptinWithIP), true, consent.ReasonConsent},
		{"PendingDOI", false, true, st(contacts.Missing, contacts.ReasonOptinPending), false, consent.ReasonPending},
		{"Weak", false, true, st(contacts.Weak, contacts.ReasonNoIPOrSource), false, consent.ReasonNotDocumented},
		{"OtherBasis", false, true, st(contacts.OtherBasis, contacts.ReasonSoftOptinCustomer), false, consent.ReasonOtherBasis},
		{"Missing", false, true, st(contacts.Missing, contacts.ReasonNoEvidence), false, consent.ReasonNoConsent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			allowed, reason := consent.Decide(tt.suppressed, tt.known, tt.state)
			if allowed != tt.allowed || reason != tt.reason {
				t.Errorf("Decide = %v, %s; want %v, %s", allowed, reason, tt.allowed, tt.reason)
			}
		})
	}
}
