package contacts

import "github.com/gdprkit/gdprkit/internal/contacts/esp"

// Reason codes, grouped by the status they explain. Reports translate them
// through "reason.<code>" and "reason.<code>.explain"; the rules are in
// classify.go and the table in docs/audit-rules.md.
const (
	// Undeliverable.
	ReasonBounced Reason = "bounced" // cleaned, hard bounce, excluded

	// Withdrawn.
	ReasonSpamComplaint Reason = "spam_complaint" // reported a message as spam
	ReasonUnsubscribed  Reason = "unsubscribed"   // unsubscribed, opted out, blocklisted

	// Documented, strongest first.
	ReasonDOIConfirmed      Reason = "doi_confirmed"       // confirmation with a time and a public IP
	ReasonDOIFlagWithTime   Reason = "doi_flag_with_time"  // vendor double opt-in flag with a confirmation time
	ReasonOptinWithIP       Reason = "optin_with_ip"       // signup or consent with a time and a public IP
	ReasonConsentWithMethod Reason = "consent_with_method" // consent with a time and a method, form or source

	// Other basis.
	ReasonSoftOptinCustomer          Reason = "soft_optin_customer"          // legitimate interests, existing customer
	ReasonLegitimateInterestProspect Reason = "legitimate_interest_prospect" // legitimate interests, prospect or lead
	ReasonLegitimateInterestOther    Reason = "legitimate_interest_other"    // legitimate interests, other
	ReasonContract                   Reason = "contract"                     // performance of a contract

	// Weak: signs that the evidence was not made by the person, then gaps.
	ReasonConsentTimeIsImportTime Reason = "consent_time_is_import_time" // consent time == add/change time of the row, no IP or source
	ReasonBulkTimestamp           Reason = "bulk_timestamp"              // many contacts share this exact consent time
	ReasonLoopbackIP              Reason = "loopback_ip"                 // 127.0.0.1, ::1
	ReasonPrivateIP               Reason = "private_ip"                  // RFC 1918, ULA, link-local, CGNAT, reserved
	ReasonFutureTimestamp         Reason = "future_timestamp"            // later than the audit time
	ReasonConfirmBeforeOptin      Reason = "confirm_before_optin"        // confirmation earlier than the signup on the same row
	ReasonAddedByOperator         Reason = "added_by_operator"           // channel is an import or an administrator
	ReasonDOIFlagWithoutTime      Reason = "doi_flag_without_time"       // vendor double opt-in flag, no time
	ReasonNoIPOrSource            Reason = "no_ip_or_source"             // a time, but no IP and no form, method or source
	ReasonNoTimestamp             Reason = "no_timestamp"                // an IP or a source, but no time
	ReasonImpliedConsent          Reason = "implied_consent"             // an opt-in flag or form named, nothing recorded

	// Missing.
	ReasonBasisNotForMarketing Reason = "basis_not_for_marketing" // legal obligation, vital interests, public task
	ReasonOptinPending         Reason = "optin_pending"           // double opt-in started, never confirmed
	ReasonStatusOnly           Reason = "status_only"             // a "subscribed" status and nothing else
	ReasonNeverSubscribed      Reason = "never_subscribed"        // known to the tool, never subscribed
	ReasonNoEvidence           Reason = "no_evidence"             // nothing at all

	// Information, with any status but withdrawn.
	ReasonResubscribed Reason = "resubscribed" // a withdrawal was followed by a later dated opt-in
)

// Reasons lists every reason in report order: the order in which an
// assessment lists them, most important first.
var Reasons = []Reason{
	ReasonBounced,
	ReasonSpamComplaint, ReasonUnsubscribed,
	ReasonDOIConfirmed, ReasonDOIFlagWithTime, ReasonOptinWithIP, ReasonConsentWithMethod,
	ReasonSoftOptinCustomer, ReasonLegitimateInterestProspect, ReasonLegitimateInterestOther, ReasonContract,
	ReasonConsentTimeIsImportTime, ReasonBulkTimestamp, ReasonLoopbackIP, ReasonPrivateIP,
	ReasonFutureTimestamp, ReasonConfirmBeforeOptin, ReasonAddedByOperator,
	ReasonDOIFlagWithoutTime, ReasonNoIPOrSource, ReasonNoTimestamp, ReasonImpliedConsent,
	ReasonBasisNotForMarketing, ReasonOptinPending, ReasonStatusOnly, ReasonNeverSubscribed, ReasonNoEvidence,
	ReasonResubscribed,
}

// reasonSet is a set of reasons; bit i is Reasons[i], so iterating the bits
// in order lists reasons in report order.
type reasonSet uint32

var reasonBit = func() map[Reason]reasonSet {
	m := make(map[Reason]reasonSet, len(Reasons))
	for i, r := range Reasons {
		m[r] = 1 << i
	}
	return m
}()

// has reports whether r is in the set.
func (s reasonSet) has(r Reason) bool { return s&reasonBit[r] != 0 }

// count returns the number of reasons in the set.
func (s reasonSet) count() int {
	n := 0
	for ; s != 0; s &= s - 1 {
		n++
	}
	return n
}

// appendTo appends the reasons in report order.
func (s reasonSet) appendTo(dst []Reason) []Reason {
	for i := 0; s != 0; i, s = i+1, s>>1 {
		if s&1 != 0 {
			dst = append(dst, Reasons[i])
		}
	}
	return dst
}

// Reason bits, for the rules.
var (
	rBounced              = reasonBit[ReasonBounced]
	rSpamComplaint        = reasonBit[ReasonSpamComplaint]
	rUnsubscribed         = reasonBit[ReasonUnsubscribed]
	rDOIConfirmed         = reasonBit[ReasonDOIConfirmed]
	rDOIFlagWithTime      = reasonBit[ReasonDOIFlagWithTime]
	rOptinWithIP          = reasonBit[ReasonOptinWithIP]
	rConsentWithMethod    = reasonBit[ReasonConsentWithMethod]
	rSoftOptinCustomer    = reasonBit[ReasonSoftOptinCustomer]
	rLIProspect           = reasonBit[ReasonLegitimateInterestProspect]
	rLIOther              = reasonBit[ReasonLegitimateInterestOther]
	rContract             = reasonBit[ReasonContract]
	rImportTime           = reasonBit[ReasonConsentTimeIsImportTime]
	rBulkTimestamp        = reasonBit[ReasonBulkTimestamp]
	rLoopbackIP           = reasonBit[ReasonLoopbackIP]
	rPrivateIP            = reasonBit[ReasonPrivateIP]
	rFutureTimestamp      = reasonBit[ReasonFutureTimestamp]
	rConfirmBeforeOptin   = reasonBit[ReasonConfirmBeforeOptin]
	rAddedByOperator      = reasonBit[ReasonAddedByOperator]
	rDOIFlagWithoutTime   = reasonBit[ReasonDOIFlagWithoutTime]
	rNoIPOrSource         = reasonBit[ReasonNoIPOrSource]
	rNoTimestamp          = reasonBit[ReasonNoTimestamp]
	rImpliedConsent       = reasonBit[ReasonImpliedConsent]
	rBasisNotForMarketing = reasonBit[ReasonBasisNotForMarketing]
	rOptinPending         = reasonBit[ReasonOptinPending]
	rStatusOnly           = reasonBit[ReasonStatusOnly]
	rNeverSubscribed      = reasonBit[ReasonNeverSubscribed]
	rNoEvidence           = reasonBit[ReasonNoEvidence]
	rResubscribed         = reasonBit[ReasonResubscribed]

	rBases = rSoftOptinCustomer | rLIProspect | rLIOther | rContract
)

// Condition keys: what must hold for a legal basis other than consent to
// cover e-mail marketing. They are translation keys.
const (
	// Soft opt-in (art. L.34-5 CPCE, second paragraph).
	CondOwnCustomer       = "condition.own_customer"       // address obtained from the person during a sale or a service
	CondAnalogousProducts = "condition.analogous_products" // messages about analogous products or services of the same company
	// B2B prospecting (CNIL): the message must concern the person's job.
	CondB2BProfessional        = "condition.b2b_professional_recipient" // the person is reached in a professional capacity
	CondB2BRelatesToProfession = "condition.b2b_relates_to_profession"  // the message relates to that profession
	CondB2CConsentRequired     = "condition.b2c_consent_required"       // a consumer needs prior consent: no prospecting on legitimate interests
	// Legitimate interests in general.
	CondBalancingTest     = "condition.balancing_test"      // a documented legitimate-interest assessment
	CondEmailNeedsConsent = "condition.email_needs_consent" // e-mail marketing still needs consent or the soft opt-in
	// Contract.
	CondServiceMessagesOnly = "condition.service_messages_only" // covers service messages, not marketing
	// Objection, for every basis.
	CondObjectionAtCollection = "condition.objection_at_collection" // offered simply and free when the address was collected
	CondObjectionEveryMessage = "condition.objection_every_message" // offered simply and free in every message
)

// ConditionKeys lists every condition in the order an assessment lists them.
var ConditionKeys = []string{
	CondOwnCustomer, CondAnalogousProducts,
	CondB2BProfessional, CondB2BRelatesToProfession, CondB2CConsentRequired,
	CondBalancingTest, CondEmailNeedsConsent,
	CondServiceMessagesOnly,
	CondObjectionAtCollection, CondObjectionEveryMessage,
}

// conditionsOf lists the conditions of each basis reason.
var conditionsOf = map[Reason][]string{
	ReasonSoftOptinCustomer: {CondOwnCustomer, CondAnalogousProducts, CondObjectionAtCollection, CondObjectionEveryMessage},
	ReasonLegitimateInterestProspect: {CondB2BProfessional, CondB2BRelatesToProfession, CondB2CConsentRequired,
		CondObjectionAtCollection, CondObjectionEveryMessage},
	ReasonLegitimateInterestOther: {CondBalancingTest, CondEmailNeedsConsent, CondObjectionEveryMessage},
	ReasonContract:                {CondServiceMessagesOnly},
}

// Purposes that gdprkit names besides esp.PurposeEmail and esp.PurposeSMS
// (Mailchimp's GDPR permissions "Direct Mail" and "Customized Online
// Advertising").
const (
	PurposeDirectMail        = "direct_mail"
	PurposeOnlineAdvertising = "online_advertising"
)

// Purposes lists the purposes with a translation, "purpose.<purpose>".
// Providers add their own (HubSpot subscription types); PurposeLabel shows
// those under the provider's name.
var Purposes = []string{esp.PurposeEmail, esp.PurposeSMS, PurposeDirectMail, PurposeOnlineAdvertising}

// notEmail are the purposes that do not use the e-mail address. An e-mail
// unsubscribe or bounce recorded for the primary purpose reaches every
// other purpose but these.
var notEmail = map[string]bool{
	esp.PurposeSMS:           true,
	PurposeDirectMail:        true,
	PurposeOnlineAdvertising: true,
}

// Channels lists the evidence channels; ChannelKey translates them.
var Channels = []string{
	esp.ChannelWebForm, esp.ChannelImport, esp.ChannelAPI, esp.ChannelEmail,
	esp.ChannelPreference, esp.ChannelAdmin, esp.ChannelUnknown,
}

// ChannelKey is the translation key of a channel; the empty channel is
// "channel.unknown".
func ChannelKey(ch string) string {
	if ch == esp.ChannelUnknown {
		return "channel.unknown"
	}
	return "channel." + ch
}

// Bases lists the lawful bases of Art. 6(1) GDPR, as esp.Evidence.LegalBasis
// names them; their labels are "basis.<basis>".
var Bases = []string{"consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"}

// Kinds lists every evidence kind; their labels are "kind.<kind>".
var Kinds = []esp.Kind{
	esp.Signup, esp.Confirmation, esp.Consent, esp.Declared, esp.Pending,
	esp.NeverSubscribed, esp.Basis, esp.Withdrawal, esp.Complaint, esp.Bounce,
}
