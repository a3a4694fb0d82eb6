package contacts

import (
	"math/bits"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// The audit rules: what the evidence read from exports proves about each
// contact's consent, per purpose. They are pure: time comes in through
// Context, nothing is read or written. docs/audit-rules.md has the table
// with the legal references; the reason codes are in reasons.go.
//
// Classify runs once per contact on files of millions of rows, so it works
// on the caller's evidence in place (Decisive points into it) and allocates
// the result slice and one block of reasons.

// Context is what the rules need besides the evidence.
type Context struct {
	// Now is the reference time of the audit; evidence dated after it is
	// suspect. Zero disables the check. Rules never call time.Now.
	Now time.Time
	// SharedTime reports whether many contacts share exactly this consent
	// time, the mark of a bulk import. Nil means never.
	SharedTime func(t time.Time) bool
}

// futureSlack tolerates times read in the wrong zone: a zone-less export
// read as UTC can be up to 14 hours off, so only a time more than a day
// ahead of the audit is called future.
const futureSlack = 24 * time.Hour

// Classify assesses every purpose the observations mention (one Observation
// per file row merged into the contact): esp.PurposeEmail first, then the
// others by name. A contact with no evidence at all gets one assessment,
// for esp.PurposeEmail, with status Missing.
//
// Each assessment's Decisive points into obs; copy the evidence to keep it
// after obs is reused.
func Classify(obs []Observation, c Context) []Assessment {
	return ClassifyInto(nil, obs, c)
}

// ClassifyInto is Classify appending to dst, so a caller classifying many
// contacts can reuse one slice: ClassifyInto(as[:0], obs, c). The reasons
// are always freshly allocated, so assessments kept from an earlier call
// stay intact.
func ClassifyInto(dst []Assessment, obs []Observation, c Context) []Assessment {
	var pbuf [8]string
	ps := collectPurposes(obs, pbuf[:0])
	var sbuf [8]reasonSet
	sets, n, start := sbuf[:0], 0, len(dst)
	for _, p := range ps {
		a, rs := assess(obs, p, c)
		dst = append(dst, a)
		sets = append(sets, rs)
		n += rs.count()
	}
	// One block for every purpose's reasons; each gets a full slice so an
	// append by the caller cannot overwrite its neighbour.
	all := make([]Reason, 0, n)
	for i, rs := range sets {
		from := len(all)
		all = rs.appendTo(all)
		dst[start+i].Reasons = all[from:len(all):len(all)]
	}
	return dst
}

// Overall returns the contact's single status: the assessment of the
// primary purpose (e-mail marketing) when there is one, else the first.
func Overall(as []Assessment) Assessment {
	for _, a := range as {
		if purposeName(a.Purpose) == esp.PurposeEmail {
			return a
		}
	}
	if len(as) > 0 {
		return as[0]
	}
	return Assessment{Purpose: esp.PurposeEmail, Status: Missing, Reasons: []Reason{ReasonNoEvidence}}
}

// purposeName: an empty purpose is e-mail marketing.
func purposeName(p string) string {
	if p == "" {
		return esp.PurposeEmail
	}
	return p
}

// collectPurposes appends the distinct purposes of the evidence to dst,
// e-mail marketing first and the others sorted. E-mail marketing is added
// when no purpose uses the e-mail address (no evidence at all, or only
// SMS, post or advertising): consent is specific to a channel, so an SMS
// consent or opt-out must not stand for the contact's e-mail status.
func collectPurposes(obs []Observation, dst []string) []string {
	email := false
	for i := range obs {
		for j := range obs[i].Evidence {
			p := purposeName(obs[i].Evidence[j].Purpose)
			email = email || !notEmail[p]
			if !slices.Contains(dst, p) {
				dst = append(dst, p)
			}
		}
	}
	if !email {
		dst = append(dst, esp.PurposeEmail)
	}
	// Insertion sort: a handful of purposes, and no closure to allocate.
	for i := 1; i < len(dst); i++ {
		for j := i; j > 0 && purposeBefore(dst[j], dst[j-1]); j-- {
			dst[j], dst[j-1] = dst[j-1], dst[j]
		}
	}
	return dst
}

func purposeBefore(a, b string) bool {
	if a == esp.PurposeEmail || b == esp.PurposeEmail {
		return a == esp.PurposeEmail && b != esp.PurposeEmail
	}
	return a < b
}

// applies reports whether evidence e counts for purpose p. An unsubscribe,
// a complaint or a bounce recorded for e-mail marketing as a whole reaches
// every purpose that uses the e-mail address: the person said "no more
// e-mail", or the address cannot receive mail (formats.md §3.2: the most
// restrictive status wins). SMS, post and advertising are other channels.
func applies(e *esp.Evidence, p string) bool {
	ep := purposeName(e.Purpose)
	if ep == p {
		return true
	}
	switch e.Kind {
	case esp.Withdrawal, esp.Complaint, esp.Bounce:
		return ep == esp.PurposeEmail && !notEmail[p]
	}
	return false
}

// assess classifies one purpose. Two passes over the evidence: first the
// events that end consent and the latest opt-in that could override them,
// then the consent evidence still in force.
func assess(obs []Observation, p string, c Context) (Assessment, reasonSet) {
	t := tally{purpose: p, c: c}
	t.scanEnds(obs)
	t.scanConsent(obs)
	return t.verdict()
}

// grade is what one piece of consent evidence is worth.
type grade uint8

const (
	gNone grade = iota
	gMissing
	gWeak
	gDocumented
	gradeCount
)

// candidate is the best evidence seen at one grade, with the reasons of
// all evidence at that grade.
type candidate struct {
	ev      *esp.Evidence
	rank    int // lower is stronger
	reasons reasonSet
}

// offer records e with its reasons and keeps it as the candidate if it
// ranks better, or equally but later (the most recent proof).
func (c *candidate) offer(e *esp.Evidence, r int, rs reasonSet) {
	c.reasons |= rs
	if c.ev == nil || r < c.rank || r == c.rank && e.At.After(c.ev.At) {
		c.ev, c.rank = e, r
	}
}

// tally accumulates the evidence of one purpose.
type tally struct {
	purpose string
	c       Context

	bounce     *esp.Evidence // latest bounce
	lastOut    time.Time     // latest dated withdrawal or complaint
	undatedOut bool          // a withdrawal or complaint without a time
	lastIn     time.Time     // latest dated opt-in, not in the future

	out        *esp.Evidence // decisive withdrawal
	outReasons reasonSet     // withdrawals in force
	best       [gradeCount]candidate
	basis      candidate
}

// scanEnds finds bounces, withdrawals and the latest opt-in.
func (t *tally) scanEnds(obs []Observation) {
	for i := range obs {
		for j := range obs[i].Evidence {
			e := &obs[i].Evidence[j]
			if !applies(e, t.purpose) {
				continue
			}
			switch e.Kind {
			case esp.Bounce:
				if t.bounce == nil || e.At.After(t.bounce.At) {
					t.bounce = e
				}
			case esp.Withdrawal, esp.Complaint:
				if e.At.IsZero() {
					t.undatedOut = true
				} else if e.At.After(t.lastOut) {
					t.lastOut = e.At
				}
			case esp.Signup, esp.Confirmation, esp.Consent:
				// Only a dated, plausible opt-in can override a withdrawal.
				if !e.At.IsZero() && !t.future(e.At) && e.At.After(t.lastIn) {
					t.lastIn = e.At
				}
			}
		}
	}
}

// withdrawn: a withdrawal or complaint not followed by a later dated
// opt-in. Without a time a withdrawal cannot be placed before anything, so
// it is never overridden; at equal times the withdrawal wins.
func (t *tally) withdrawn() bool {
	return t.undatedOut || !t.lastOut.IsZero() && !t.lastIn.After(t.lastOut)
}

func (t *tally) future(at time.Time) bool {
	return !t.c.Now.IsZero() && at.Sub(t.c.Now) > futureSlack
}

// scanConsent weighs the evidence that is still in force: consent given
// before the last withdrawal was spent by it, so after a re-subscription
// only the later evidence counts.
func (t *tally) scanConsent(obs []Observation) {
	withdrawn := t.withdrawn()
	for i := range obs {
		o := &obs[i]
		for j := range o.Evidence {
			e := &o.Evidence[j]
			if !applies(e, t.purpose) {
				continue
			}
			switch {
			case e.Kind == esp.Bounce:
			case e.Kind == esp.Withdrawal || e.Kind == esp.Complaint:
				t.addWithdrawal(e)
			case withdrawn:
			case !t.lastOut.IsZero() && !e.At.After(t.lastOut):
			case e.Kind == esp.Basis:
				t.addBasis(e, o)
			default:
				if g, rs := judge(e, o, t.c); g != gNone {
					t.best[g].offer(e, rank(g, e, rs), rs)
				}
			}
		}
	}
}

// addWithdrawal records a withdrawal or complaint that is in force.
func (t *tally) addWithdrawal(e *esp.Evidence) {
	if !e.At.IsZero() && t.lastIn.After(e.At) {
		return // overridden by a later opt-in
	}
	if e.Kind == esp.Complaint {
		t.outReasons |= rSpamComplaint
	} else {
		t.outReasons |= rUnsubscribed
	}
	if t.out == nil || e.At.After(t.out.At) {
		t.out = e
	}
}

// rank orders evidence within a grade. Documented and missing evidence
// carry one reason, in report order. Weak evidence ranks dated before
// undated (the time is what the CNIL's three-year cycle runs from), then
// by kind: a confirmation is the person's second act, a signup their
// first, a consent record or a declaration less specific.
func rank(g grade, e *esp.Evidence, rs reasonSet) int {
	if g != gWeak {
		return bits.TrailingZeros32(uint32(rs))
	}
	r := 0
	if e.At.IsZero() {
		r = 4
	}
	switch e.Kind {
	case esp.Confirmation:
	case esp.Signup:
		r++
	case esp.Consent:
		r += 2
	default:
		r += 3
	}
	return r
}

// verdict turns the tally into an assessment and its reasons.
func (t *tally) verdict() (Assessment, reasonSet) {
	a := Assessment{Purpose: t.purpose}
	withdrawn := t.withdrawn()
	consent := t.best[gDocumented].ev
	if consent == nil {
		consent = t.best[gWeak].ev
	}
	var rs reasonSet
	switch {
	case t.bounce != nil:
		// First: whatever the consent, the address cannot be mailed.
		a.Status, a.Decisive, rs = Undeliverable, t.bounce, rBounced|t.outReasons
	case withdrawn:
		a.Status, a.Decisive, rs = Withdrawn, t.out, t.outReasons
	case t.best[gDocumented].ev != nil:
		a.Status, a.Decisive, rs = Documented, consent, t.best[gDocumented].reasons
	case t.basis.ev != nil:
		// Another basis and no documented consent: the basis decides, the
		// consent evidence found (weak or missing) is reported after it.
		a.Status, a.Decisive = OtherBasis, t.basis.ev
		rs = t.basis.reasons | t.best[gWeak].reasons
		if t.best[gWeak].ev == nil {
			rs |= t.best[gMissing].reasons
		}
		a.Conditions = conditionsFor(t.basis.reasons)
	case t.best[gWeak].ev != nil:
		a.Status, a.Decisive, rs = Weak, consent, t.best[gWeak].reasons
	default:
		a.Status, a.Decisive, rs = Missing, t.best[gMissing].ev, t.best[gMissing].reasons
		if rs == 0 {
			rs = rNoEvidence
		}
	}
	if !withdrawn {
		if !t.lastOut.IsZero() {
			rs |= rResubscribed
		}
		if consent != nil {
			a.ConsentAt = consent.At
		}
	}
	return a, rs
}

// conditionsFor lists the conditions of the basis reasons in rs, each once,
// in ConditionKeys order.
func conditionsFor(rs reasonSet) []string {
	out := make([]string, 0, len(ConditionKeys))
	for _, k := range ConditionKeys {
		for r, ks := range conditionsOf {
			if rs.has(r) && slices.Contains(ks, k) {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// judge grades one piece of consent evidence. Unknown kinds are ignored.
func judge(e *esp.Evidence, o *Observation, c Context) (grade, reasonSet) {
	switch e.Kind {
	case esp.Confirmation:
		return judgeConfirmation(e, o, c)
	case esp.Signup, esp.Consent:
		return judgeOptin(e, o, c)
	case esp.Declared:
		return judgeDeclared(e, o, c)
	case esp.Pending:
		// A double opt-in that was never confirmed: the person may not own
		// the address, which is exactly what the confirmation checks.
		return gMissing, rOptinPending
	case esp.NeverSubscribed:
		return gMissing, rNeverSubscribed
	}
	return gNone, 0
}

// judgeConfirmation: a double opt-in confirmation is the strongest proof
// there is (BGH I ZR 164/09; Mailchimp's GDPR FAQ): the person received a
// message at the address and acted on it. With the time and the public IP
// of the click it is complete; a vendor's DOI flag with a time shows the
// vendor ran the confirmation and when. Without a time it proves the
// mechanism, not when consent was given (the kit: "il est impératif de
// connaître la date d'obtention dudit consentement"), so it is weak.
func judgeConfirmation(e *esp.Evidence, o *Observation, c Context) (grade, reasonSet) {
	ip := ipClassOf(e.IP)
	s := suspicions(e, ip, c) | confirmOrder(e, o)
	switch {
	case e.At.IsZero():
		return gWeak, s | rDOIFlagWithoutTime
	case s != 0:
		return gWeak, s
	case ip == ipPublic:
		return gDocumented, rDOIConfirmed
	}
	return gDocumented, rDOIFlagWithTime
}

// judgeOptin: a signup or a consent record demonstrates consent (Art. 7(1))
// when it says when and shows the person's own act: the public IP they
// submitted from, or the form, method or source that collected it (whose
// text can then be produced). A time alone is what every import leaves
// behind. Without a time but with an IP or a source it is weak; with
// nothing at all it is a bare status.
func judgeOptin(e *esp.Evidence, o *Observation, c Context) (grade, reasonSet) {
	ip := ipClassOf(e.IP)
	sourced := e.Source != "" || e.Method != ""
	if e.At.IsZero() {
		if ip == ipNone && !sourced && !collectionChannel(e.Channel) {
			return gMissing, rStatusOnly
		}
		return gWeak, suspicions(e, ip, c) | rNoTimestamp
	}
	s := suspicions(e, ip, c)
	if e.Kind == esp.Signup {
		s |= confirmOrder(e, o)
	}
	if ip == ipNone && !sourced {
		s |= rNoIPOrSource
		if importTime(e.At, o) {
			s |= rImportTime
		}
	}
	switch {
	case s != 0:
		return gWeak, s
	case ip == ipPublic:
		return gDocumented, rOptinWithIP
	}
	return gDocumented, rConsentWithMethod
}

// judgeDeclared: a declaration ("subscribed", an opt-in flag, a consent
// list) is never proof: it records a conclusion, not the act. When it
// names nothing else it is only the list status that every imported
// contact has: missing. When it points at a collection (a form, an opt-in
// box, a method, a time, an IP) it is consent implied at collection, which
// the kit says is not explicit consent: weak, worth a re-permission.
func judgeDeclared(e *esp.Evidence, o *Observation, c Context) (grade, reasonSet) {
	ip := ipClassOf(e.IP)
	sourced := e.Source != "" || e.Method != ""
	if e.At.IsZero() && ip == ipNone && !sourced && !collectionChannel(e.Channel) {
		return gMissing, rStatusOnly
	}
	s := suspicions(e, ip, c) | rImpliedConsent
	if !e.At.IsZero() && ip == ipNone && !sourced && importTime(e.At, o) {
		s |= rImportTime
	}
	return gWeak, s
}

// suspicions are the signs that evidence was made by a system rather than
// by the person: an IP that is not the person's, an import or an
// administrator as the channel, a time in the future or shared by many
// contacts. Any of them makes the evidence weak.
func suspicions(e *esp.Evidence, ip ipClass, c Context) reasonSet {
	var s reasonSet
	switch ip {
	case ipLoopback:
		s |= rLoopbackIP // a server-side or bulk add (formats.md §1.1)
	case ipPrivate:
		s |= rPrivateIP // an internal network: the company's, not the person's
	}
	if e.Channel == esp.ChannelImport || e.Channel == esp.ChannelAdmin {
		s |= rAddedByOperator // the operator added the contact; the person did nothing here
	}
	if e.At.IsZero() {
		return s
	}
	if !c.Now.IsZero() && e.At.Sub(c.Now) > futureSlack {
		s |= rFutureTimestamp // a clock or zone error: the time proves nothing
	}
	if c.SharedTime != nil && c.SharedTime(e.At) {
		s |= rBulkTimestamp // people do not sign up in the same second by the hundred
	}
	return s
}

// collectionChannel: channels where the person acts themselves.
func collectionChannel(ch string) bool {
	return ch == esp.ChannelWebForm || ch == esp.ChannelPreference || ch == esp.ChannelEmail
}

// importTime: the consent time equals the provider's add or last-change
// time of the same row. Mailchimp fills CONFIRM_TIME at import, so
// CONFIRM_TIME == LAST_CHANGED without an IP is the import pattern
// (formats.md §1.1). Only applied when nothing else vouches for the time:
// a form signup also creates the profile at the same second (Klaviyo).
func importTime(at time.Time, o *Observation) bool {
	return !o.AddedAt.IsZero() && at.Equal(o.AddedAt) || !o.ChangedAt.IsZero() && at.Equal(o.ChangedAt)
}

// confirmOrder flags a confirmation dated before the signup it confirms on
// the same row (Mailchimp CONFIRM_TIME < OPTIN_TIME): the times were
// rewritten, so neither proves the sequence a double opt-in is.
func confirmOrder(e *esp.Evidence, o *Observation) reasonSet {
	if e.At.IsZero() {
		return 0
	}
	p := purposeName(e.Purpose)
	for j := range o.Evidence {
		x := &o.Evidence[j]
		if x.At.IsZero() || purposeName(x.Purpose) != p {
			continue
		}
		if e.Kind == esp.Confirmation && x.Kind == esp.Signup && x.At.After(e.At) ||
			e.Kind == esp.Signup && x.Kind == esp.Confirmation && e.At.After(x.At) {
			return rConfirmBeforeOptin
		}
	}
	return 0
}

// addBasis weighs a declared legal basis (HubSpot "Legal basis for
// processing contact's data"). Declaring a basis proves nothing by itself,
// but it changes the question: not "is consent proven?" but "do the
// conditions of that basis hold?".
func (t *tally) addBasis(e *esp.Evidence, o *Observation) {
	switch b := basisKey(e); b {
	case "consent":
		// "Freely given consent from contact": a declaration like any other.
		g, rs := judgeDeclared(e, o, t.c)
		t.best[g].offer(e, rank(g, e, rs), rs)
	case "legitimate_interests", "contract":
		r := rContract
		if b == "legitimate_interests" {
			r = legitimateInterest(e)
		}
		t.basis.offer(e, bits.TrailingZeros32(uint32(r)), r)
	case "legal_obligation", "vital_interests", "public_task":
		// None of them can justify marketing: the contact has no basis.
		t.best[gMissing].offer(e, bits.TrailingZeros32(uint32(rBasisNotForMarketing)), rBasisNotForMarketing)
	}
}

// basisKey returns the Art. 6(1) key of a Basis evidence. Readers give the
// key; a raw label (a HubSpot value, an API enum, French) is read by its
// words. "Not applicable", HubSpot NON_GDPR or PROCESS_AND_STORE give ""
// and are ignored.
func basisKey(e *esp.Evidence) string {
	if slices.Contains(Bases, e.LegalBasis) {
		return e.LegalBasis
	}
	s := strings.ToLower(e.LegalBasis)
	switch {
	case strings.Contains(s, "legitimate") || strings.Contains(s, "légitime") || strings.Contains(s, "legitime"):
		return "legitimate_interests"
	case strings.Contains(s, "contract") || strings.Contains(s, "contrat"):
		return "contract"
	case strings.Contains(s, "consent"):
		return "consent"
	case strings.Contains(s, "obligation"):
		return "legal_obligation"
	}
	return ""
}

// legitimateInterest tells which legitimate interest is declared, from the
// raw value the reader kept: HubSpot "Legitimate interest – existing
// customer" / LEGITIMATE_INTEREST_CLIENT, "… – prospect/lead" /
// LEGITIMATE_INTEREST_PQL, anything else.
func legitimateInterest(e *esp.Evidence) reasonSet {
	for _, s := range [...]string{e.LegalBasis, e.Detail, e.Method, e.Source} {
		s = strings.ToLower(s)
		switch {
		case strings.Contains(s, "customer") || strings.Contains(s, "client"):
			return rSoftOptinCustomer
		case strings.Contains(s, "prospect") || strings.Contains(s, "lead") || strings.Contains(s, "pql"):
			return rLIProspect
		}
	}
	return rLIOther
}

// ipClass is what an IP address says about who submitted a form.
type ipClass uint8

const (
	ipNone     ipClass = iota // absent or unreadable
	ipPublic                  // the person's connection, as far as we can tell
	ipLoopback                // the server itself
	ipPrivate                 // an internal or reserved network
)

// reserved reports the IPv4 ranges that net/netip does not classify but
// that no person submits a form from. The documentation ranges
// (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32) are
// reserved too, but they count as public here: every sample and test
// fixture uses them as stand-ins for real addresses (formats.md, "Sample
// data").
func reserved(a netip.Addr) bool {
	if !a.Is4() {
		return reserved6.Contains(a)
	}
	b := a.As4()
	switch {
	case b[0] == 0: // "this network"
	case b[0] == 100 && b[1]&0xc0 == 64: // 100.64.0.0/10, carrier-grade NAT (RFC 6598)
	case b[0] == 192 && b[1] == 0 && b[2] == 0: // 192.0.0.0/24, IETF protocol assignments
	case b[0] == 198 && b[1]&0xfe == 18: // 198.18.0.0/15, benchmarking (RFC 2544)
	case b[0] >= 240: // 240.0.0.0/4 reserved, and the broadcast address
	default:
		return false
	}
	return true
}

// reserved6 is the IPv6 discard-only prefix (RFC 6666); ULA, link-local,
// loopback and multicast are classified by net/netip.
var reserved6 = netip.MustParsePrefix("100::/64")

// ipClassOf classifies an IP as written in an export. A list (an
// X-Forwarded-For value) is read by its first address, the client; a port
// or brackets are tolerated; anything unreadable counts as absent.
func ipClassOf(s string) ipClass {
	if s == "" {
		return ipNone
	}
	if i := strings.IndexByte(s, ','); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	a, err := netip.ParseAddr(s)
	if err != nil {
		ap, err := netip.ParseAddrPort(s) // "203.0.113.7:443", "[2001:db8::1]:443"
		if err != nil {
			a, err = netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
			if err != nil {
				return ipNone
			}
		} else {
			a = ap.Addr()
		}
	}
	a = a.Unmap()
	switch {
	case a.IsLoopback():
		return ipLoopback
	case a.IsPrivate(), a.IsLinkLocalUnicast(), a.IsUnspecified(), a.IsMulticast(), reserved(a):
		return ipPrivate // RFC 1918, fc00::/7 ULA, 169.254/16, fe80::/10, 0.0.0.0, ::, and the above
	}
	return ipPublic
}
