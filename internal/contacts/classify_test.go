package contacts

import (
	"slices"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// tm parses "2006-01-02 15:04:05" as UTC; "" is the zero time.
func ts(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

var auditNow = ts("2025-06-01 12:00:00")

// Evidence builders, named after the kinds.
func evSignup(at, ip string) esp.Evidence {
	return esp.Evidence{Kind: esp.Signup, At: ts(at), IP: ip, Channel: esp.ChannelWebForm, Columns: "OPTIN_TIME, OPTIN_IP"}
}

func evConfirm(at, ip string) esp.Evidence {
	return esp.Evidence{Kind: esp.Confirmation, At: ts(at), IP: ip, Channel: esp.ChannelEmail, Columns: "CONFIRM_TIME, CONFIRM_IP"}
}

func evConsent(at string) esp.Evidence {
	return esp.Evidence{Kind: esp.Consent, At: ts(at), Columns: "CONFIRM_TIME"}
}

func evWithdrawal(at string) esp.Evidence {
	return esp.Evidence{Kind: esp.Withdrawal, At: ts(at), Columns: "UNSUB_TIME"}
}

func evBasis(key, raw string) esp.Evidence {
	return esp.Evidence{Kind: esp.Basis, LegalBasis: key, Detail: raw, Columns: "Legal basis for processing contact's data"}
}

func evKind(k esp.Kind) esp.Evidence { return esp.Evidence{Kind: k} }

func forPurpose(p string, e esp.Evidence) esp.Evidence {
	e.Purpose = p
	return e
}

func oneRow(evs ...esp.Evidence) Observation { return Observation{Evidence: evs} }

// want is the expected assessment of one purpose. decisive is the kind of
// the decisive evidence, "" for none.
type wantAssessment struct {
	purpose    string
	status     Status
	reasons    []Reason
	decisive   esp.Kind
	consentAt  string
	conditions []string
}

type classifyCase struct {
	name  string
	obs   []Observation
	ctx   Context
	wants []wantAssessment
}

var (
	softOptinConditions = []string{CondOwnCustomer, CondAnalogousProducts, CondObjectionAtCollection, CondObjectionEveryMessage}
	prospectConditions  = []string{CondB2BProfessional, CondB2BRelatesToProfession, CondB2CConsentRequired, CondObjectionAtCollection, CondObjectionEveryMessage}
)

// sampleCases are the rows of formats.md §1, expressed as the evidence the
// readers produce.
var sampleCases = []classifyCase{
	{"MailchimpAliceDOI", []Observation{{
		Evidence:  []esp.Evidence{evSignup("2023-03-14 09:12:45", "203.0.113.17"), evConfirm("2023-03-14 09:14:02", "203.0.113.17")},
		ChangedAt: ts("2024-11-02 18:40:11"),
	}}, Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonDOIConfirmed, ReasonOptinWithIP}, esp.Confirmation, "2023-03-14 09:14:02", nil}}},
	{"MailchimpBobImported", []Observation{{
		Evidence:  []esp.Evidence{evConsent("2021-06-01 12:00:00")},
		ChangedAt: ts("2021-06-01 12:00:00"),
	}}, Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonConsentTimeIsImportTime, ReasonNoIPOrSource}, esp.Consent, "2021-06-01 12:00:00", nil}}},
	{"MailchimpCarlaUnsubscribed", []Observation{oneRow(
		evSignup("2022-01-10 08:00:01", "198.51.100.23"), evConfirm("2022-01-10 08:03:40", "198.51.100.23"),
		esp.Evidence{Kind: esp.Withdrawal, At: ts("2024-05-06 07:45:12"), Detail: "I no longer want to receive these emails", Source: "May Newsletter"},
	)}, Context{}, []wantAssessment{{esp.PurposeEmail, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil}}},
	{"MailchimpDanUnsubscribedByAdmin", []Observation{oneRow(
		evConsent("2020-09-09 10:10:10"),
		esp.Evidence{Kind: esp.Withdrawal, At: ts("2023-02-01 16:20:00"), Channel: esp.ChannelAdmin, Detail: "N/A (Unsubscribed by an admin)"},
	)}, Context{}, []wantAssessment{{esp.PurposeEmail, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil}}},
	{"MailchimpErinCleaned", []Observation{oneRow(
		evSignup("2019-04-02 11:30:00", "192.0.2.44"), evConfirm("2019-04-02 11:31:15", "192.0.2.44"),
		esp.Evidence{Kind: esp.Bounce, At: ts("2024-08-19 03:12:09"), Source: "Summer Sale"},
	)}, Context{}, []wantAssessment{{esp.PurposeEmail, Undeliverable, []Reason{ReasonBounced}, esp.Bounce, "2019-04-02 11:31:15", nil}}},
	{"MailchimpFrankCleaned", []Observation{oneRow(
		evConsent("2020-01-15 09:00:00"), esp.Evidence{Kind: esp.Bounce, At: ts("2025-01-03 22:05:48")},
	)}, Context{}, []wantAssessment{{esp.PurposeEmail, Undeliverable, []Reason{ReasonBounced}, esp.Bounce, "2020-01-15 09:00:00", nil}}},
	{"BrevoClaireDOIWithoutTime", []Observation{{
		Evidence: []esp.Evidence{
			{Kind: esp.Confirmation, Detail: "Yes", Columns: "DOUBLE_OPT-IN"},
			{Kind: esp.Declared, Method: "OPT_IN", Detail: "Yes", Columns: "OPT_IN"},
		},
		AddedAt: ts("2023-03-14 00:00:00"), ChangedAt: ts("2024-11-02 00:00:00"),
	}}, Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonDOIFlagWithoutTime, ReasonImpliedConsent}, esp.Confirmation, "", nil}}},
	{"BrevoDavidNothing", []Observation{{AddedAt: ts("2021-06-01 00:00:00"), ChangedAt: ts("2021-06-01 00:00:00")}},
		Context{}, []wantAssessment{{esp.PurposeEmail, Missing, []Reason{ReasonNoEvidence}, "", "", nil}}},
	{"HubSpotEmmaDeclaredConsent", []Observation{oneRow(evBasis("consent", "Freely given consent from contact"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Missing, []Reason{ReasonStatusOnly}, esp.Basis, "", nil}}},
	{"HubSpotFelixCustomerAndContract", []Observation{oneRow(
		evBasis("legitimate_interests", "Legitimate interest – existing customer"), evBasis("contract", "Performance of a contract"),
	)}, Context{}, []wantAssessment{{esp.PurposeEmail, OtherBasis, []Reason{ReasonSoftOptinCustomer, ReasonContract}, esp.Basis, "",
		[]string{CondOwnCustomer, CondAnalogousProducts, CondServiceMessagesOnly, CondObjectionAtCollection, CondObjectionEveryMessage}}}},
	{"HubSpotFelixAsExported", []Observation{oneRow(
		evBasis("legitimate_interests", "Legitimate interest – existing customer"), evBasis("contract", "Performance of a contract"),
		esp.Evidence{Kind: esp.Withdrawal, Columns: "Unsubscribed from all email"},
		esp.Evidence{Kind: esp.Withdrawal, Purpose: "marketing_information", Columns: "Opted out of email: Marketing Information"},
	)}, Context{}, []wantAssessment{
		{esp.PurposeEmail, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil},
		{"marketing_information", Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil},
	}},
	{"KlaviyoIrisForm", []Observation{{
		Evidence: []esp.Evidence{{Kind: esp.Consent, At: ts("2023-03-14 09:14:02"), Method: "Klaviyo Form", Source: "Klaviyo Form",
			Columns: "$consent_method, $consent_timestamp"}},
		AddedAt: ts("2023-03-14 09:14:02"),
	}}, Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonConsentWithMethod}, esp.Consent, "2023-03-14 09:14:02", nil}}},
	{"ListmonkKimIPWithoutTime", []Observation{oneRow(esp.Evidence{Kind: esp.Signup, IP: "203.0.113.40", Source: "webform-2023"})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonNoTimestamp}, esp.Signup, "", nil}}},
	{"ListmonkLeaBlocklisted", []Observation{oneRow(evWithdrawal(""))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil}}},
	{"MailjetHenriPending", []Observation{oneRow(esp.Evidence{Kind: esp.Pending, Columns: "IsOptInPending"})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Missing, []Reason{ReasonOptinPending}, esp.Pending, "", nil}}},
}

// ruleCases cover every status and reason, alone and combined.
var ruleCases = []classifyCase{
	// Nothing.
	{"NoObservations", nil, Context{}, []wantAssessment{{esp.PurposeEmail, Missing, []Reason{ReasonNoEvidence}, "", "", nil}}},
	{"StatusOnly", []Observation{oneRow(esp.Evidence{Kind: esp.Declared, Detail: "subscribed"})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Missing, []Reason{ReasonStatusOnly}, esp.Declared, "", nil}}},
	{"SignupWithNothing", []Observation{oneRow(esp.Evidence{Kind: esp.Signup})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Missing, []Reason{ReasonStatusOnly}, esp.Signup, "", nil}}},
	{"NeverSubscribed", []Observation{oneRow(evKind(esp.NeverSubscribed))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Missing, []Reason{ReasonNeverSubscribed}, esp.NeverSubscribed, "", nil}}},
	{"PendingBeatsStatus", []Observation{oneRow(evKind(esp.Pending), evKind(esp.Declared))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Missing, []Reason{ReasonOptinPending, ReasonStatusOnly}, esp.Pending, "", nil}}},
	{"PendingThenConfirmed", []Observation{oneRow(evKind(esp.Pending)), oneRow(evConfirm("2024-01-02 10:00:00", "203.0.113.5"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonDOIConfirmed}, esp.Confirmation, "2024-01-02 10:00:00", nil}}},
	{"BasisNotForMarketing", []Observation{oneRow(evBasis("legal_obligation", ""))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Missing, []Reason{ReasonBasisNotForMarketing}, esp.Basis, "", nil}}},
	{"BasisNotApplicableIgnored", []Observation{oneRow(evBasis("", "Not applicable"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Missing, []Reason{ReasonNoEvidence}, "", "", nil}}},
	{"UnknownKindIgnored", []Observation{oneRow(evKind("opened"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Missing, []Reason{ReasonNoEvidence}, "", "", nil}}},

	// Documented.
	{"DOIFlagWithTime", []Observation{oneRow(esp.Evidence{Kind: esp.Confirmation, At: ts("2023-05-01 10:00:00"), Columns: "DOI_CONFIRMED_AT"})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonDOIFlagWithTime}, esp.Confirmation, "2023-05-01 10:00:00", nil}}},
	{"SingleOptinWithIP", []Observation{oneRow(evSignup("2023-05-01 10:00:00", "198.51.100.9"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonOptinWithIP}, esp.Signup, "2023-05-01 10:00:00", nil}}},
	{"SingleOptinWithIPv6", []Observation{oneRow(evSignup("2023-05-01 10:00:00", "2001:db8::17"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonOptinWithIP}, esp.Signup, "2023-05-01 10:00:00", nil}}},
	{"ForwardedForFirstIsClient", []Observation{oneRow(evSignup("2023-05-01 10:00:00", "203.0.113.7, 10.0.0.1"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonOptinWithIP}, esp.Signup, "2023-05-01 10:00:00", nil}}},
	{"ConsentWithIPCountsAsOptin", []Observation{oneRow(esp.Evidence{Kind: esp.Consent, At: ts("2023-05-01 10:00:00"), IP: "203.0.113.8"})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonOptinWithIP}, esp.Consent, "2023-05-01 10:00:00", nil}}},
	{"StrongestDecidesLatestWins", []Observation{
		oneRow(evSignup("2020-01-01 10:00:00", "203.0.113.1"), evConfirm("2020-01-01 10:01:00", "203.0.113.1")),
		oneRow(evSignup("2022-01-01 10:00:00", "203.0.113.2"), evConfirm("2022-01-01 10:01:00", "203.0.113.2")),
	}, Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonDOIConfirmed, ReasonOptinWithIP}, esp.Confirmation, "2022-01-01 10:01:00", nil}}},
	{"DocumentedBeatsWeak", []Observation{oneRow(evConsent("2019-01-01 00:00:00")), oneRow(evSignup("2023-05-01 10:00:00", "203.0.113.9"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonOptinWithIP}, esp.Signup, "2023-05-01 10:00:00", nil}}},
	{"FutureWithinSlack", []Observation{oneRow(evSignup("2025-06-01 20:00:00", "203.0.113.9"))},
		Context{Now: auditNow}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonOptinWithIP}, esp.Signup, "2025-06-01 20:00:00", nil}}},
	{"ConfirmOrderAcrossRowsIgnored", []Observation{oneRow(evConfirm("2020-01-01 10:00:00", "203.0.113.1")), oneRow(evSignup("2023-01-01 10:00:00", "203.0.113.2"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonDOIConfirmed, ReasonOptinWithIP}, esp.Confirmation, "2020-01-01 10:00:00", nil}}},

	// Weak.
	{"NoIPOrSource", []Observation{{Evidence: []esp.Evidence{evConsent("2021-06-01 12:00:00")}, ChangedAt: ts("2022-01-01 00:00:00")}},
		Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonNoIPOrSource}, esp.Consent, "2021-06-01 12:00:00", nil}}},
	{"ChannelAloneIsNotASource", []Observation{oneRow(esp.Evidence{Kind: esp.Signup, At: ts("2021-06-01 12:00:00"), Channel: esp.ChannelWebForm})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonNoIPOrSource}, esp.Signup, "2021-06-01 12:00:00", nil}}},
	{"ConsentTimeIsAddTime", []Observation{{Evidence: []esp.Evidence{evConsent("2021-06-01 12:00:00")}, AddedAt: ts("2021-06-01 12:00:00")}},
		Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonConsentTimeIsImportTime, ReasonNoIPOrSource}, esp.Consent, "2021-06-01 12:00:00", nil}}},
	{"LoopbackIP", []Observation{oneRow(evSignup("2023-05-01 10:00:00", "127.0.0.1"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonLoopbackIP}, esp.Signup, "2023-05-01 10:00:00", nil}}},
	{"PrivateIPOnDOI", []Observation{oneRow(evSignup("2023-05-01 10:00:00", "10.1.2.3"), evConfirm("2023-05-01 10:02:00", "192.168.1.20"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonPrivateIP}, esp.Confirmation, "2023-05-01 10:02:00", nil}}},
	{"BulkTimestamp", []Observation{oneRow(esp.Evidence{Kind: esp.Consent, At: ts("2021-06-01 12:00:00"), Method: "API"})},
		Context{SharedTime: func(t time.Time) bool { return t.Equal(ts("2021-06-01 12:00:00")) }},
		[]wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonBulkTimestamp}, esp.Consent, "2021-06-01 12:00:00", nil}}},
	{"BulkTimestampAndNoSource", []Observation{oneRow(evConsent("2021-06-01 12:00:00"))},
		Context{SharedTime: func(time.Time) bool { return true }},
		[]wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonBulkTimestamp, ReasonNoIPOrSource}, esp.Consent, "2021-06-01 12:00:00", nil}}},
	{"FutureTimestamp", []Observation{oneRow(evSignup("2025-06-04 12:00:00", "203.0.113.9"))},
		Context{Now: auditNow}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonFutureTimestamp}, esp.Signup, "2025-06-04 12:00:00", nil}}},
	{"ConfirmBeforeOptin", []Observation{oneRow(evSignup("2023-05-01 10:00:00", "203.0.113.9"), evConfirm("2023-05-01 09:00:00", "203.0.113.9"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonConfirmBeforeOptin}, esp.Confirmation, "2023-05-01 09:00:00", nil}}},
	{"AddedByOperator", []Observation{oneRow(esp.Evidence{Kind: esp.Consent, At: ts("2021-06-01 12:00:00"), Channel: esp.ChannelImport, Source: "salon-2021.csv"})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonAddedByOperator}, esp.Consent, "2021-06-01 12:00:00", nil}}},
	{"ImpliedConsentFromForm", []Observation{oneRow(esp.Evidence{Kind: esp.Declared, Channel: esp.ChannelWebForm, Columns: "Newsletter"})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonImpliedConsent}, esp.Declared, "", nil}}},
	{"ImpliedConsentFromOptinFlag", []Observation{oneRow(esp.Evidence{Kind: esp.Declared, Method: "OPT_IN", Detail: "Yes"})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonImpliedConsent}, esp.Declared, "", nil}}},
	{"DeclaredAtImportTime", []Observation{{Evidence: []esp.Evidence{{Kind: esp.Declared, At: ts("2021-06-01 12:00:00")}}, AddedAt: ts("2021-06-01 12:00:00")}},
		Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonConsentTimeIsImportTime, ReasonImpliedConsent}, esp.Declared, "2021-06-01 12:00:00", nil}}},
	{"ImportedDeclaredIsStatusOnly", []Observation{oneRow(esp.Evidence{Kind: esp.Declared, Channel: esp.ChannelImport})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Missing, []Reason{ReasonStatusOnly}, esp.Declared, "", nil}}},
	{"WeakReasonsAccumulateAcrossEvidence", []Observation{
		{Evidence: []esp.Evidence{evConsent("2021-06-01 12:00:00")}, ChangedAt: ts("2021-06-01 12:00:00")},
		oneRow(evSignup("2022-02-02 10:00:00", "127.0.0.1")),
	}, Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonConsentTimeIsImportTime, ReasonLoopbackIP, ReasonNoIPOrSource}, esp.Signup, "2022-02-02 10:00:00", nil}}},
	{"DatedWeakBeatsUndatedDOIFlag", []Observation{oneRow(evKind(esp.Confirmation), evConsent("2021-06-01 12:00:00"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonDOIFlagWithoutTime, ReasonNoIPOrSource}, esp.Consent, "2021-06-01 12:00:00", nil}}},

	// Other bases.
	{"LegitimateInterestProspect", []Observation{oneRow(evBasis("legitimate_interests", "Legitimate interest – prospect/lead"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, OtherBasis, []Reason{ReasonLegitimateInterestProspect}, esp.Basis, "", prospectConditions}}},
	{"LegitimateInterestOther", []Observation{oneRow(evBasis("legitimate_interests", "Legitimate interest - other"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, OtherBasis, []Reason{ReasonLegitimateInterestOther}, esp.Basis, "",
			[]string{CondBalancingTest, CondEmailNeedsConsent, CondObjectionEveryMessage}}}},
	{"ContractOnly", []Observation{oneRow(evBasis("contract", "PERFORMANCE_OF_CONTRACT"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, OtherBasis, []Reason{ReasonContract}, esp.Basis, "", []string{CondServiceMessagesOnly}}}},
	{"BasisFromAPIEnum", []Observation{oneRow(esp.Evidence{Kind: esp.Basis, LegalBasis: "LEGITIMATE_INTEREST_CLIENT"})},
		Context{}, []wantAssessment{{esp.PurposeEmail, OtherBasis, []Reason{ReasonSoftOptinCustomer}, esp.Basis, "", softOptinConditions}}},
	{"BasisFromRawLabel", []Observation{oneRow(esp.Evidence{Kind: esp.Basis, LegalBasis: "Performance of a contract"})},
		Context{}, []wantAssessment{{esp.PurposeEmail, OtherBasis, []Reason{ReasonContract}, esp.Basis, "", []string{CondServiceMessagesOnly}}}},
	{"BasisWithWeakConsent", []Observation{oneRow(evBasis("legitimate_interests", "Legitimate interest – existing customer")), oneRow(evConsent("2021-06-01 12:00:00"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, OtherBasis, []Reason{ReasonSoftOptinCustomer, ReasonNoIPOrSource}, esp.Basis, "2021-06-01 12:00:00", softOptinConditions}}},
	{"BasisWithStatusOnly", []Observation{oneRow(evBasis("legitimate_interests", "Legitimate interest – existing customer"), evKind(esp.Declared))},
		Context{}, []wantAssessment{{esp.PurposeEmail, OtherBasis, []Reason{ReasonSoftOptinCustomer, ReasonStatusOnly}, esp.Basis, "", softOptinConditions}}},
	{"DocumentedConsentBeatsBasis", []Observation{oneRow(evBasis("legitimate_interests", "Legitimate interest – existing customer"), evSignup("2023-01-01 10:00:00", "203.0.113.3"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonOptinWithIP}, esp.Signup, "2023-01-01 10:00:00", nil}}},
	{"ObjectionEndsBasis", []Observation{oneRow(evBasis("legitimate_interests", "Legitimate interest – existing customer")), oneRow(evWithdrawal("2024-01-01 00:00:00"))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil}}},

	// Withdrawn and undeliverable.
	{"Complaint", []Observation{oneRow(evSignup("2023-01-01 10:00:00", "203.0.113.3"), esp.Evidence{Kind: esp.Complaint, At: ts("2024-01-01 00:00:00")})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Withdrawn, []Reason{ReasonSpamComplaint}, esp.Complaint, "", nil}}},
	{"ComplaintAndUnsubscribe", []Observation{oneRow(evWithdrawal("2024-01-01 00:00:00")), oneRow(esp.Evidence{Kind: esp.Complaint, At: ts("2024-02-01 00:00:00")})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Withdrawn, []Reason{ReasonSpamComplaint, ReasonUnsubscribed}, esp.Complaint, "", nil}}},
	{"BounceWinsOverWithdrawal", []Observation{oneRow(evWithdrawal("2024-01-01 00:00:00"), esp.Evidence{Kind: esp.Bounce})},
		Context{}, []wantAssessment{{esp.PurposeEmail, Undeliverable, []Reason{ReasonBounced, ReasonUnsubscribed}, esp.Bounce, "", nil}}},
	{"BounceWinsOverBasis", []Observation{oneRow(evBasis("contract", "Performance of a contract"), evKind(esp.Bounce))},
		Context{}, []wantAssessment{{esp.PurposeEmail, Undeliverable, []Reason{ReasonBounced}, esp.Bounce, "", nil}}},

	// Merges of several rows, in both time orders.
	{"UnsubscribedThenDOILater", []Observation{
		oneRow(evWithdrawal("2022-05-01 00:00:00")),
		oneRow(evSignup("2023-01-01 10:00:00", "203.0.113.4"), evConfirm("2023-01-01 10:05:00", "203.0.113.4")),
	}, Context{}, []wantAssessment{{esp.PurposeEmail, Documented, []Reason{ReasonDOIConfirmed, ReasonOptinWithIP, ReasonResubscribed}, esp.Confirmation, "2023-01-01 10:05:00", nil}}},
	{"DOIThenUnsubscribedLater", []Observation{
		oneRow(evSignup("2023-01-01 10:00:00", "203.0.113.4"), evConfirm("2023-01-01 10:05:00", "203.0.113.4")),
		oneRow(evWithdrawal("2024-03-01 00:00:00")),
	}, Context{}, []wantAssessment{{esp.PurposeEmail, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil}}},
	{"WithdrawalAtSameTimeWins", []Observation{
		oneRow(esp.Evidence{Kind: esp.Consent, At: ts("2023-01-01 10:00:00"), Method: "FORM"}), oneRow(evWithdrawal("2023-01-01 10:00:00")),
	}, Context{}, []wantAssessment{{esp.PurposeEmail, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil}}},
	{"UndatedWithdrawalNeverOverridden", []Observation{
		oneRow(evWithdrawal("")), oneRow(evSignup("2024-01-01 10:00:00", "203.0.113.4"), evConfirm("2024-01-01 10:05:00", "203.0.113.4")),
	}, Context{}, []wantAssessment{{esp.PurposeEmail, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil}}},
	{"FutureOptinDoesNotOverride", []Observation{oneRow(evWithdrawal("2024-01-01 00:00:00")), oneRow(evSignup("2025-06-10 00:00:00", "203.0.113.4"))},
		Context{Now: auditNow}, []wantAssessment{{esp.PurposeEmail, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil}}},
	{"OldProofSpentByWithdrawal", []Observation{
		oneRow(evSignup("2019-01-01 10:00:00", "203.0.113.4"), evConfirm("2019-01-01 10:05:00", "203.0.113.4")),
		oneRow(evWithdrawal("2020-01-01 00:00:00")),
		oneRow(evConsent("2021-01-01 00:00:00")),
	}, Context{}, []wantAssessment{{esp.PurposeEmail, Weak, []Reason{ReasonNoIPOrSource, ReasonResubscribed}, esp.Consent, "2021-01-01 00:00:00", nil}}},
	{"ResubscribedThenBounced", []Observation{
		oneRow(evWithdrawal("2020-01-01 00:00:00")), oneRow(evSignup("2021-01-01 00:00:00", "203.0.113.4")), oneRow(evKind(esp.Bounce)),
	}, Context{}, []wantAssessment{{esp.PurposeEmail, Undeliverable, []Reason{ReasonBounced, ReasonResubscribed}, esp.Bounce, "2021-01-01 00:00:00", nil}}},

	// Several purposes.
	{"PurposesOrdered", []Observation{oneRow(forPurpose("zeta", evKind(esp.Declared)), evKind(esp.Declared), forPurpose("alpha", evKind(esp.Declared)))},
		Context{}, []wantAssessment{
			{esp.PurposeEmail, Missing, []Reason{ReasonStatusOnly}, esp.Declared, "", nil},
			{"alpha", Missing, []Reason{ReasonStatusOnly}, esp.Declared, "", nil},
			{"zeta", Missing, []Reason{ReasonStatusOnly}, esp.Declared, "", nil},
		}},
	{"HubSpotOptOutOneSubscriptionType", []Observation{oneRow(
		esp.Evidence{Kind: esp.Consent, At: ts("2023-05-12 14:32:00"), Method: "FORM_SUBMISSION"},
		forPurpose("marketing_information", esp.Evidence{Kind: esp.Withdrawal, Columns: "Opted out of email: Marketing Information"}),
		forPurpose("product_updates", esp.Evidence{Kind: esp.Consent, At: ts("2023-05-12 14:32:00"), Method: "FORM_SUBMISSION"}),
	)}, Context{}, []wantAssessment{
		{esp.PurposeEmail, Documented, []Reason{ReasonConsentWithMethod}, esp.Consent, "2023-05-12 14:32:00", nil},
		{"marketing_information", Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil},
		{"product_updates", Documented, []Reason{ReasonConsentWithMethod}, esp.Consent, "2023-05-12 14:32:00", nil},
	}},
	{"MailchimpGDPRPermissionsUnsubscribed", []Observation{oneRow(
		evSignup("2022-01-10 08:00:01", "198.51.100.23"), evConfirm("2022-01-10 08:03:40", "198.51.100.23"),
		forPurpose(PurposeDirectMail, esp.Evidence{Kind: esp.Declared, Channel: esp.ChannelWebForm, Columns: "Direct Mail"}),
		forPurpose(PurposeOnlineAdvertising, esp.Evidence{Kind: esp.Declared, Columns: "Customized Online Advertising"}),
		evWithdrawal("2024-05-06 07:45:12"),
	)}, Context{}, []wantAssessment{
		{esp.PurposeEmail, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil},
		{PurposeDirectMail, Weak, []Reason{ReasonImpliedConsent}, esp.Declared, "", nil},
		{PurposeOnlineAdvertising, Missing, []Reason{ReasonStatusOnly}, esp.Declared, "", nil},
	}},
	{"EmailUnsubscribeReachesEmailPurposes", []Observation{
		oneRow(forPurpose("newsletter", evSignup("2023-01-01 10:00:00", "203.0.113.4"))),
		oneRow(evWithdrawal("2024-01-01 00:00:00")),
	}, Context{}, []wantAssessment{
		{esp.PurposeEmail, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil},
		{"newsletter", Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil},
	}},
	{"PurposeWithdrawalStaysInPurpose", []Observation{
		oneRow(evSignup("2023-01-01 10:00:00", "203.0.113.4"), forPurpose(esp.PurposeSMS, evWithdrawal("2024-01-01 00:00:00"))),
	}, Context{}, []wantAssessment{
		{esp.PurposeEmail, Documented, []Reason{ReasonOptinWithIP}, esp.Signup, "2023-01-01 10:00:00", nil},
		{esp.PurposeSMS, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil},
	}},
	{"BrevoSMSBlacklistedOnly", []Observation{oneRow(forPurpose(esp.PurposeSMS, esp.Evidence{Kind: esp.Withdrawal, Columns: "SMS_BLACKLISTED"}))},
		Context{}, []wantAssessment{
			{esp.PurposeEmail, Missing, []Reason{ReasonNoEvidence}, "", "", nil},
			{esp.PurposeSMS, Withdrawn, []Reason{ReasonUnsubscribed}, esp.Withdrawal, "", nil},
		}},
	{"BounceSparesSMS", []Observation{oneRow(evKind(esp.Bounce), forPurpose(esp.PurposeSMS, evSignup("2023-01-01 10:00:00", "203.0.113.4")))},
		Context{}, []wantAssessment{
			{esp.PurposeEmail, Undeliverable, []Reason{ReasonBounced}, esp.Bounce, "", nil},
			{esp.PurposeSMS, Documented, []Reason{ReasonOptinWithIP}, esp.Signup, "2023-01-01 10:00:00", nil},
		}},
}

func TestClassify(t *testing.T) {
	seen := map[Reason]bool{}
	for _, tests := range [][]classifyCase{sampleCases, ruleCases} {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := Classify(tt.obs, tt.ctx)
				if len(got) != len(tt.wants) {
					t.Fatalf("got %d assessments %+v, want %d", len(got), got, len(tt.wants))
				}
				for i, w := range tt.wants {
					checkAssessment(t, got[i], w)
					for _, r := range got[i].Reasons {
						seen[r] = true
					}
				}
			})
		}
	}
	for _, r := range Reasons {
		if !seen[r] {
			t.Errorf("no test produces reason %s", r)
		}
	}
	for _, s := range Statuses {
		covered := false
		for _, tests := range [][]classifyCase{sampleCases, ruleCases} {
			for _, tt := range tests {
				for _, w := range tt.wants {
					covered = covered || w.status == s
				}
			}
		}
		if !covered {
			t.Errorf("no test expects status %s", s)
		}
	}
}

func checkAssessment(t *testing.T, got Assessment, w wantAssessment) {
	t.Helper()
	if got.Purpose != w.purpose || got.Status != w.status {
		t.Errorf("got %s %s, want %s %s", got.Purpose, got.Status, w.purpose, w.status)
	}
	if !slices.Equal(got.Reasons, w.reasons) {
		t.Errorf("%s: reasons = %v, want %v", w.purpose, got.Reasons, w.reasons)
	}
	switch {
	case got.Decisive == nil && w.decisive != "":
		t.Errorf("%s: decisive = nil, want %s", w.purpose, w.decisive)
	case got.Decisive != nil && got.Decisive.Kind != w.decisive:
		t.Errorf("%s: decisive = %s, want %q", w.purpose, got.Decisive.Kind, w.decisive)
	}
	if !got.ConsentAt.Equal(ts(w.consentAt)) {
		t.Errorf("%s: consent at = %v, want %q", w.purpose, got.ConsentAt, w.consentAt)
	}
	if !slices.Equal(got.Conditions, w.conditions) {
		t.Errorf("%s: conditions = %v, want %v", w.purpose, got.Conditions, w.conditions)
	}
}

func TestDecisivePointsIntoObservations(t *testing.T) {
	obs := []Observation{oneRow(evSignup("2023-03-14 09:12:45", "203.0.113.17"), evConfirm("2023-03-14 09:14:02", "203.0.113.17"))}
	a := Overall(Classify(obs, Context{}))
	if a.Decisive != &obs[0].Evidence[1] {
		t.Errorf("Decisive = %p, want %p (the confirmation in obs)", a.Decisive, &obs[0].Evidence[1])
	}
}

func TestClassifyIntoKeepsEarlierResults(t *testing.T) {
	alice := []Observation{oneRow(evSignup("2023-03-14 09:12:45", "203.0.113.17"), evConfirm("2023-03-14 09:14:02", "203.0.113.17"))}
	bob := []Observation{{Evidence: []esp.Evidence{evConsent("2021-06-01 12:00:00")}, ChangedAt: ts("2021-06-01 12:00:00")}}
	as := ClassifyInto(nil, alice, Context{})
	first := as[0]
	as = ClassifyInto(as[:0], bob, Context{})
	if as[0].Status != Weak {
		t.Errorf("second call: %s, want weak", as[0].Status)
	}
	if want := []Reason{ReasonDOIConfirmed, ReasonOptinWithIP}; !slices.Equal(first.Reasons, want) {
		t.Errorf("first call's reasons became %v, want %v", first.Reasons, want)
	}
	prefix := []Assessment{{Purpose: "kept"}}
	if got := ClassifyInto(prefix, alice, Context{}); len(got) != 2 || got[0].Purpose != "kept" {
		t.Errorf("ClassifyInto did not append: %+v", got)
	}
}

func TestOverall(t *testing.T) {
	tests := []struct {
		name string
		as   []Assessment
		want string // purpose
	}{
		{"Primary", []Assessment{{Purpose: "alpha"}, {Purpose: esp.PurposeEmail}}, esp.PurposeEmail},
		{"EmptyPurposeIsPrimary", []Assessment{{Purpose: "alpha"}, {Purpose: ""}}, ""},
		{"FirstOtherwise", []Assessment{{Purpose: "marketing_information"}, {Purpose: "product_updates"}}, "marketing_information"},
		{"None", nil, esp.PurposeEmail},
	}
	for _, tt := range tests {
		if got := Overall(tt.as); got.Purpose != tt.want {
			t.Errorf("%s: Overall = %q, want %q", tt.name, got.Purpose, tt.want)
		}
	}
	if got := Overall(nil); got.Status != Missing || !slices.Equal(got.Reasons, []Reason{ReasonNoEvidence}) {
		t.Errorf("Overall(nil) = %+v, want missing / no_evidence", got)
	}
}

// TestOverallIgnoresOtherChannels: consent is specific to a channel
// (art. L.34-5 CPCE, legal-reference.md §8.1: a "manifestation de volonté
// libre, spécifique et informée"; ICO: granular per channel, formats.md
// §5.1). The rules used to assess only the purposes the evidence named, so
// a contact whose only evidence was for SMS, post or advertising had no
// e-mail marketing assessment and Overall reported that channel's status
// as the contact's: an SMS consent made an e-mail contact "documented",
// an SMS opt-out made it "withdrawn". docs/audit-rules.md now says such a
// contact also gets e-mail marketing, missing / no_evidence.
func TestOverallIgnoresOtherChannels(t *testing.T) {
	smsConsent := esp.Evidence{Kind: esp.Consent, At: ts("2023-05-01 10:00:00"), Method: "FORM", Channel: esp.ChannelWebForm}
	tests := []struct {
		name   string
		obs    []Observation
		status Status   // Overall
		others []Status // the other purposes, in order
	}{
		{"KlaviyoSMSConsentOnly", []Observation{oneRow(forPurpose(esp.PurposeSMS, smsConsent))}, Missing, []Status{Documented}},
		{"BrevoSMSBlacklistedOnly", []Observation{oneRow(forPurpose(esp.PurposeSMS, evWithdrawal("")))}, Missing, []Status{Withdrawn}},
		{"MailchimpDirectMailAndAdsOnly", []Observation{oneRow(
			forPurpose(PurposeDirectMail, evKind(esp.Declared)), forPurpose(PurposeOnlineAdvertising, evWithdrawal("")),
		)}, Missing, []Status{Missing, Withdrawn}},
		{"EmailSubscriptionTypeOnly", []Observation{oneRow(forPurpose("marketing_information", evWithdrawal("")))}, Withdrawn, nil},
		{"EmailAndSMS", []Observation{oneRow(evSignup("2023-01-01 10:00:00", "203.0.113.4"), forPurpose(esp.PurposeSMS, evWithdrawal("")))},
			Documented, []Status{Withdrawn}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			as := Classify(tt.obs, Context{})
			o := Overall(as)
			if o.Status != tt.status {
				t.Errorf("Overall = %s %s, want %s", o.Purpose, o.Status, tt.status)
			}
			if o.Status == Missing && (o.Purpose != esp.PurposeEmail || !slices.Equal(o.Reasons, []Reason{ReasonNoEvidence})) {
				t.Errorf("Overall = %s %v, want email_marketing [no_evidence]", o.Purpose, o.Reasons)
			}
			var others []Status
			for _, a := range as {
				if a.Purpose != o.Purpose {
					others = append(others, a.Status)
				}
			}
			if !slices.Equal(others, tt.others) {
				t.Errorf("other purposes = %v, want %v", others, tt.others)
			}
		})
	}
}

func TestIPClass(t *testing.T) {
	tests := []struct {
		ip   string
		want ipClass
	}{
		{"", ipNone},
		{"not an ip", ipNone},
		{"203.0.113.17", ipPublic}, // documentation ranges count as public (see reserved)
		{"198.51.100.23", ipPublic},
		{"192.0.2.44", ipPublic},
		{"2001:db8::1", ipPublic},
		{"8.8.8.8", ipPublic},
		{" 203.0.113.17 ", ipPublic},
		{"203.0.113.17:443", ipPublic},
		{"[2001:db8::1]:443", ipPublic},
		{"[2001:db8::1]", ipPublic},
		{"100::1", ipPrivate},
		{"192.0.0.8", ipPrivate},
		{"192.0.2.1", ipPublic},
		{"127.0.0.1", ipLoopback},
		{"127.8.9.10", ipLoopback},
		{"::1", ipLoopback},
		{"::ffff:127.0.0.1", ipLoopback},
		{"10.0.0.8", ipPrivate},
		{"172.16.5.4", ipPrivate},
		{"172.31.255.255", ipPrivate},
		{"172.32.0.1", ipPublic},
		{"192.168.1.20", ipPrivate},
		{"::ffff:192.168.1.20", ipPrivate},
		{"fd12:3456::1", ipPrivate},
		{"fe80::1", ipPrivate},
		{"fe80::1%eth0", ipPrivate},
		{"169.254.10.10", ipPrivate},
		{"100.64.0.1", ipPrivate},
		{"100.127.255.254", ipPrivate},
		{"100.128.0.1", ipPublic},
		{"0.0.0.0", ipPrivate},
		{"255.255.255.255", ipPrivate},
		{"224.0.0.1", ipPrivate},
		{"198.18.0.1", ipPrivate},
		{"10.0.0.1, 203.0.113.7", ipPrivate}, // the client comes first
	}
	for _, tt := range tests {
		if got := ipClassOf(tt.ip); got != tt.want {
			t.Errorf("ipClassOf(%q) = %d, want %d", tt.ip, got, tt.want)
		}
	}
}

// TestTranslations checks that every label the audit shows exists in every
// language.
func TestTranslations(t *testing.T) {
	var keys []string
	for _, s := range Statuses {
		keys = append(keys, s.LabelKey(), s.LabelKey()+".explain")
	}
	for _, r := range Reasons {
		keys = append(keys, r.LabelKey(), r.ExplainKey())
	}
	keys = append(keys, ConditionKeys...)
	for _, p := range Purposes {
		keys = append(keys, "purpose."+p)
	}
	for _, ch := range Channels {
		keys = append(keys, ChannelKey(ch))
	}
	for _, b := range Bases {
		keys = append(keys, "basis."+b)
	}
	for _, k := range Kinds {
		keys = append(keys, "kind."+string(k))
	}
	c := locale.Shared()
	for _, k := range keys {
		for _, lang := range locale.Languages {
			if !c.Has(lang, k) {
				t.Errorf("no %s translation for %s", lang, k)
			}
		}
	}
}

func TestConditionsListed(t *testing.T) {
	for r, ks := range conditionsOf {
		if reasonBit[r]&rBases == 0 {
			t.Errorf("conditions for %s, which is not a basis reason", r)
		}
		for _, k := range ks {
			if !slices.Contains(ConditionKeys, k) {
				t.Errorf("%s: condition %s missing from ConditionKeys", r, k)
			}
		}
	}
}

var sinkAssessments []Assessment

func BenchmarkClassify(b *testing.B) {
	cases := []struct {
		name string
		obs  []Observation
	}{
		{"DOI", []Observation{{
			Evidence:  []esp.Evidence{evSignup("2023-03-14 09:12:45", "203.0.113.17"), evConfirm("2023-03-14 09:14:02", "203.0.113.17")},
			ChangedAt: ts("2024-11-02 18:40:11"),
		}}},
		{"Imported", []Observation{{Evidence: []esp.Evidence{evConsent("2021-06-01 12:00:00")}, ChangedAt: ts("2021-06-01 12:00:00")}}},
		{"MergedUnsubscribed", []Observation{
			oneRow(evSignup("2022-01-10 08:00:01", "198.51.100.23"), evConfirm("2022-01-10 08:03:40", "198.51.100.23")),
			oneRow(evWithdrawal("2024-05-06 07:45:12")),
		}},
	}
	shared := func(time.Time) bool { return false }
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				sinkAssessments = Classify(c.obs, Context{Now: auditNow, SharedTime: shared})
			}
		})
		b.Run(c.name+"/Into", func(b *testing.B) {
			b.ReportAllocs()
			var as []Assessment
			for b.Loop() {
				as = ClassifyInto(as[:0], c.obs, Context{Now: auditNow, SharedTime: shared})
			}
			sinkAssessments = as
		})
	}
}
