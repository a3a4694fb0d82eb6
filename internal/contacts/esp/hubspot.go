package esp

import "strings"

// hubspot reads HubSpot UI exports: property labels as headers. The legal
// basis and "Unsubscribed from all email" are read by the generic rules;
// this adds the per-subscription-type opt-outs.
type hubspot struct {
	optOuts []permission
}

func bindHubSpot(p *plan, _ *FileInfo, _ string) rowReader {
	p.bind(fEmail, "Email", "Email Address")
	p.bind(fFirstName, "First Name")
	p.bind(fLastName, "Last Name")
	p.bind(fPhone, "Phone Number", "Mobile Phone Number")
	p.bind(fLanguage, "Preferred language")
	p.bindKey(fLegalBasis, "legalbasisforprocessingcontactsdata")
	p.bind(fUnsubscribed, "Unsubscribed from all email")
	p.bind(fCreatedAt, "Create Date")
	p.bind(fUpdatedAt, "Last Modified Date")
	h := &hubspot{}
	for col, name := range p.h.names {
		label, ok := cutPrefixFold(name, "Opted out of email:")
		if !ok || p.h.taken[col] {
			continue
		}
		p.h.taken[col] = true
		h.optOuts = append(h.optOuts, permission{col: col, purpose: slug(label), columns: name})
	}
	return h
}

const hubspotDates = "YYYY-MM-DD HH:MM, ISO 8601 or Unix epoch milliseconds"

// read: each "Opted out of email: <type>" that is true withdraws that
// subscription type. False says nothing about consent.
func (h *hubspot) read(r *row) {
	for _, o := range h.optOuts {
		if yes, _ := r.flag(o.col); yes {
			r.add(&Evidence{Kind: Withdrawal, Purpose: o.purpose, Columns: o.columns})
		}
	}
}

// cutPrefixFold is strings.CutPrefix ignoring case; the rest is trimmed.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return "", false
	}
	return strings.TrimSpace(s[len(prefix):]), true
}
