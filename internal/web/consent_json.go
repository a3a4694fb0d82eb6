package web

import (
	"strconv"
	"time"

	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/jsonstr"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// PermissionJSON is the answer to "may I send?", in the API.
type PermissionJSON struct {
	Email   string `json:"email" doc:"The address as asked."`
	Purpose string `json:"purpose"`
	Allowed bool   `json:"allowed" doc:"Whether a message for this purpose may be sent to this address now."`
	Reason  string `json:"reason" enum:"suppressed,withdrawn,undeliverable,doi_confirmed,documented_consent,doi_pending,consent_not_documented,other_basis,no_consent,unknown_contact,invalid_address" doc:"Why. The suppression list and withdrawals always win."`
	// ReasonText is the reason in English, for people reading logs.
	ReasonText string     `json:"reason_text"`
	Status     string     `json:"status,omitempty" doc:"The audit status of the purpose: documented, weak, missing, withdrawn, undeliverable, other_basis."`
	EventID    int64      `json:"event_id,omitempty" doc:"The consent ledger event that decided."`
	ConsentAt  *time.Time `json:"consent_at,omitempty" doc:"When the consent in force was given (allowed answers only)."`
}

func permissionJSON(p *consent.Permission) PermissionJSON {
	return PermissionJSON{Email: p.Email, Purpose: p.Purpose, Allowed: p.Allowed, Reason: p.Reason, ReasonText: reasonText(p.Reason),
		Status: p.Status, EventID: p.EventID, ConsentAt: optTime(p.ConsentAt)}
}

// reasonTexts are the reasons in English, looked up once: the hot path
// must not go through the translation bundle.
var reasonTexts = func() map[string]string {
	m := map[string]string{}
	for _, r := range []string{consent.ReasonSuppressed, consent.ReasonWithdrawn, consent.ReasonUndeliverable, consent.ReasonDOIConfirmed,
		consent.ReasonConsent, consent.ReasonPending, consent.ReasonNotDocumented, consent.ReasonOtherBasis, consent.ReasonNoConsent,
		consent.ReasonUnknownContact, consent.ReasonInvalidAddress} {
		m[r] = locale.T("en", "permission."+r, nil)
	}
	return m
}()

func reasonText(reason string) string {
	if t, ok := reasonTexts[reason]; ok {
		return t
	}
	return reason
}

// appendPermission writes p as PermissionJSON does, without reflection:
// it is the answer of the busiest endpoint.
func appendPermission(b []byte, p *consent.Permission) []byte {
	b = append(b, `{"email":`...)
	b = jsonstr.Append(b, p.Email, true)
	b = append(b, `,"purpose":`...)
	b = jsonstr.Append(b, p.Purpose, true)
	b = append(b, `,"allowed":`...)
	b = strconv.AppendBool(b, p.Allowed)
	b = append(b, `,"reason":`...)
	b = jsonstr.Append(b, p.Reason, true)
	b = append(b, `,"reason_text":`...)
	b = jsonstr.Append(b, reasonText(p.Reason), true)
	if p.Status != "" {
		b = append(b, `,"status":`...)
		b = jsonstr.Append(b, p.Status, true)
	}
	if p.EventID != 0 {
		b = append(b, `,"event_id":`...)
		b = strconv.AppendInt(b, p.EventID, 10)
	}
	if !p.ConsentAt.IsZero() {
		b = append(b, `,"consent_at":"`...)
		b = p.ConsentAt.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	return append(b, "}\n"...)
}
