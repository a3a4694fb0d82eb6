package esp

import (
	"path"
	"strings"
)

// Detect tells the format of a file from its name and header: a Mailchimp
// per-status file name, then each provider's distinctive columns in the
// order of Formats. Anything else is Generic.
func Detect(name string, header []string) Format {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	if _, _, ok := mailchimpFile(base); ok {
		return Mailchimp
	}
	h := newHeader(header)
	for _, d := range detectors {
		if d.match(h, base) {
			return d.format
		}
	}
	return Generic
}

var detectors = []struct {
	format Format
	match  func(h *header, base string) bool
}{
	{Mailchimp, isMailchimp},
	{Brevo, isBrevo},
	{HubSpot, isHubSpot},
	{Klaviyo, isKlaviyo},
	{Listmonk, isListmonk},
	{Mailjet, isMailjet},
}

// isMailchimp: the "Email Address" merge field with a system column, or,
// when the address label was renamed or translated ("E-Mail-Adresse"),
// a column only Mailchimp writes (MEMBER_RATING, LEID, EUID) next to one
// of its opt-in times, spelt as Mailchimp spells them.
func isMailchimp(h *header, _ string) bool {
	if h.has("Email Address") &&
		h.hasAny("MEMBER_RATING", "OPTIN_TIME", "CONFIRM_TIME", "LAST_CHANGED", "LEID", "EUID", "UNSUB_TIME", "CLEAN_TIME") {
		return true
	}
	return (h.hasExact("MEMBER_RATING") || h.hasExact("LEID") || h.hasExact("EUID")) &&
		(h.hasExact("OPTIN_TIME") || h.hasExact("CONFIRM_TIME"))
}

// isBrevo: EMAIL with a Brevo attribute. An address column spelt
// otherwise ("Email;Prénom", as re-saved or hand-built files write it)
// needs one of the system attributes only Brevo writes, in Brevo's own
// spelling; DOUBLE_OPT-IN alone is a name other tools use too.
func isBrevo(h *header, _ string) bool {
	if h.hasExact("EMAIL") &&
		h.hasAny("ADDED_TIME", "MODIFIED_TIME", "DOUBLE_OPT-IN", "OPT_IN", "EMAIL_BLACKLISTED", "SMS_BLACKLISTED", "CONTACT ID") {
		return true
	}
	return h.hasAny("EMAIL", "E-MAIL") &&
		(h.hasExact("ADDED_TIME") || h.hasExact("MODIFIED_TIME") || h.hasExact("EMAIL_BLACKLISTED") || h.hasExact("SMS_BLACKLISTED"))
}

func isHubSpot(h *header, base string) bool {
	if strings.HasPrefix(strings.ToLower(base), "hubspot-crm-exports") {
		return true
	}
	if h.hasKey("legalbasisforprocessingcontactsdata") || h.hasAny("Unsubscribed from all email", "Marketing contact status") {
		return true
	}
	for _, n := range h.names {
		if _, ok := cutPrefixFold(n, "Opted out of email:"); ok {
			return true
		}
	}
	return h.has("Record ID") && h.has("Email")
}

func isKlaviyo(h *header, _ string) bool {
	return h.hasAny("Klaviyo ID", "$consent_timestamp", "$consent_method", "$consent_form_id", "Profile Created On") ||
		h.hasKey("emailmarketingconsent")
}

// isListmonk: lower-case email and attributes columns, as listmonk's
// importer and exporter write them.
func isListmonk(h *header, _ string) bool {
	return h.hasExact("email") && h.hasExact("attributes")
}

func isMailjet(h *header, _ string) bool {
	if h.hasAny("IsOptInPending", "IsExcludedFromCampaigns", "IsSpamComplaining", "IsUnsubscribed",
		"UnsubscribedAt", "ExclusionFromCampaignsUpdatedAt", "DeliveredCount") {
		return true
	}
	return h.hasExact("email") && h.hasExact("name") && h.hasKey("optindate")
}

func (h *header) hasExact(name string) bool {
	for _, n := range h.names {
		if n == name {
			return true
		}
	}
	return false
}

func (h *header) has(name string) bool {
	for _, n := range h.names {
		if strings.EqualFold(n, name) {
			return true
		}
	}
	return false
}

func (h *header) hasAny(names ...string) bool {
	for _, n := range names {
		if h.has(n) {
			return true
		}
	}
	return false
}

func (h *header) hasKey(k string) bool {
	for _, hk := range h.keys {
		if hk == k {
			return true
		}
	}
	return false
}
