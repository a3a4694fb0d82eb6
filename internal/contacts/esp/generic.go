package esp

import (
	"strings"
)

// genericSources are the Evidence.Columns of the generic rules, built once
// per file.
type genericSources struct {
	signup, confirm, consent, status, basis, withdrawal, bounce string
}

func newGenericSources(p *plan) genericSources {
	c := &p.generic
	return genericSources{
		signup:     p.columns(c[fOptinAt], c[fOptinIP], c[fUserAgent]),
		confirm:    p.columns(c[fConfirmAt], c[fConfirmIP], c[fDoubleOptin]),
		consent:    p.columns(c[fConsentAt], c[fConsentIP], c[fConsentSource], c[fConsentChannel], c[fConsentMethod], c[fConsentText]),
		status:     p.columns(c[fStatus]),
		basis:      p.columns(c[fLegalBasis]),
		withdrawal: p.columns(c[fUnsubscribed], c[fUnsubscribedAt], c[fUnsubscribeReason]),
		bounce:     p.columns(c[fBounced], c[fBouncedAt]),
	}
}

// genericEvidence reads the canonical evidence fields that no provider rule
// claimed: everything in a generic file, and what a mapping adds to a
// detected one.
func genericEvidence(r *row) {
	c := &r.p.generic
	start := len(r.evidence())
	genericSignup(r, c)
	genericConfirm(r, c)
	genericConsent(r, c)
	genericStatus(r, c)
	genericBasis(r, c)
	genericWithdrawal(r, c)
	genericBounce(r, c)
	if v := r.cell(c[fPurpose]); v != "" {
		purpose := r.f.slugs.get(v, slug)
		ev := r.evidence()
		for i := start; i < len(ev); i++ {
			ev[i].Purpose = purpose
		}
	}
}

// genericSignup: an opt-in date or IP is a signup, through a web form when
// an IP was recorded.
func genericSignup(r *row, c *[numFields]int) {
	at, ip := r.time(c[fOptinAt]), r.cell(c[fOptinIP])
	if at.IsZero() && ip == "" {
		return
	}
	e := Evidence{Kind: Signup, At: at, IP: ip, UserAgent: r.cell(c[fUserAgent]), Columns: r.p.sources.signup}
	if ip != "" {
		e.Channel = ChannelWebForm
	}
	r.add(&e)
}

// genericConfirm: a confirmation date or IP, or a double opt-in flag, is a
// confirmation.
func genericConfirm(r *row, c *[numFields]int) {
	at, ip := r.time(c[fConfirmAt]), r.cell(c[fConfirmIP])
	double, _ := r.flag(c[fDoubleOptin])
	if at.IsZero() && ip == "" && !double {
		return
	}
	r.add(&Evidence{Kind: Confirmation, At: at, IP: ip, Channel: ChannelEmail, Columns: r.p.sources.confirm})
}

// genericConsent: a consent record. With a date it is Consent; without
// one, the method, source or text it names only declares consent.
func genericConsent(r *row, c *[numFields]int) {
	e := Evidence{
		At: r.time(c[fConsentAt]), IP: r.cell(c[fConsentIP]), Source: r.cell(c[fConsentSource]),
		Method: r.cell(c[fConsentMethod]), Detail: r.cell(c[fConsentText]), Columns: r.p.sources.consent,
	}
	channel := r.cell(c[fConsentChannel])
	if e.At.IsZero() && e.IP == "" && e.Source == "" && e.Method == "" && e.Detail == "" && channel == "" {
		return
	}
	e.Kind = Consent
	if e.At.IsZero() {
		e.Kind = Declared
	}
	if channel != "" {
		e.Channel = r.f.channels.get(channel, channelOf)
		if e.Channel == "" {
			e.Detail = joinDetail(e.Detail, "channel: "+channel)
		}
	}
	if c[fOptinAt] < 0 && c[fOptinIP] < 0 {
		e.UserAgent = r.cell(c[fUserAgent]) // no signup to carry it
	}
	r.add(&e)
}

func channelOf(s string) string { return channels[key(s)] }

// statusResult is what a status value means.
type statusResult struct {
	kind  Kind
	known bool
}

func statusOf(s string) statusResult {
	k, ok := statusKinds[key(s)]
	return statusResult{k, ok}
}

func genericStatus(r *row, c *[numFields]int) {
	v := r.cell(c[fStatus])
	if v == "" {
		return
	}
	s := r.f.statuses.get(v, statusOf)
	switch {
	case !s.known:
		r.warn(c[fStatus], CodeBadValue, "unknown status %q; expected subscribed, unsubscribed, pending, cleaned, non-subscribed...", v)
	case s.kind != "":
		r.add(&Evidence{Kind: s.kind, Detail: v, Columns: r.p.sources.status})
	}
}

// genericBasis reads a legal basis cell, possibly multi-valued (HubSpot
// joins values with ";").
func genericBasis(r *row, c *[numFields]int) {
	v := r.cell(c[fLegalBasis])
	if v == "" {
		return
	}
	for _, b := range r.f.bases.get(v, parseBases) {
		switch {
		case b.unknown != "":
			r.warn(c[fLegalBasis], CodeBadValue, "unknown legal basis %q", b.unknown)
		case b.kind != "":
			r.add(&Evidence{Kind: b.kind, LegalBasis: b.basis, Detail: b.detail, Columns: r.p.sources.basis})
		}
	}
}

// parsedBasis is one value of a legal-basis cell.
type parsedBasis struct {
	basisValue
	unknown string // the raw value when it is not known
}

func parseBases(s string) []parsedBasis {
	var out []parsedBasis
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' || r == '|' }) {
		part = trimCell(part)
		if part == "" {
			continue
		}
		v, ok := basisValues[key(part)]
		if !ok {
			out = append(out, parsedBasis{unknown: part})
			continue
		}
		out = append(out, parsedBasis{basisValue: v})
	}
	return out
}

// genericWithdrawal: an unsubscribed flag, or without one an unsubscribe
// date or reason.
func genericWithdrawal(r *row, c *[numFields]int) {
	yes, set := r.flag(c[fUnsubscribed])
	at, reason := r.time(c[fUnsubscribedAt]), r.cell(c[fUnsubscribeReason])
	if set && !yes || !set && at.IsZero() && reason == "" {
		return
	}
	r.add(&Evidence{Kind: Withdrawal, At: at, Detail: reason, Columns: r.p.sources.withdrawal})
}

// genericBounce: a bounced flag, or without one a bounce date.
func genericBounce(r *row, c *[numFields]int) {
	yes, set := r.flag(c[fBounced])
	at := r.time(c[fBouncedAt])
	if set && !yes || !set && at.IsZero() {
		return
	}
	r.add(&Evidence{Kind: Bounce, At: at, Columns: r.p.sources.bounce})
}

// joinDetail appends a part to a detail text.
func joinDetail(detail, part string) string {
	if detail == "" {
		return part
	}
	if part == "" {
		return detail
	}
	return detail + "; " + part
}
