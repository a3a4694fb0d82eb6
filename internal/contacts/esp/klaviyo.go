package esp

import (
	"strings"
	"time"
)

// klaviyo reads Klaviyo list and segment exports: the Consent channel
// list, the $consent_* profile properties, and the newer per-channel
// "Email Marketing Consent" columns when present.
type klaviyo struct {
	consentList int
	formVersion int
	smsAt       int
	smsMethod   int
	accepts     int
	channels    []klaviyoChannel
	// Evidence.Columns
	listCols, consentCols, smsCols, acceptsCols string
}

// klaviyoChannel is one channel's consent columns: status
// (SUBSCRIBED, UNSUBSCRIBED, NEVER_SUBSCRIBED), time, method, detail and
// double opt-in flag.
type klaviyoChannel struct {
	purpose                            string
	status, at, method, detail, double int
	columns                            string
}

func bindKlaviyo(p *plan, _ *FileInfo, _ string) rowReader {
	p.bind(fEmail, "Email", "Email Address")
	p.bind(fFirstName, "First Name")
	p.bind(fLastName, "Last Name")
	p.bind(fPhone, "Phone Number")
	p.bind(fCreatedAt, "Profile Created On")
	p.bind(fConsentAt, "$consent_timestamp")
	p.bind(fConsentMethod, "$consent_method")
	p.bind(fConsentSource, "$consent_form_id")
	k := &klaviyo{
		consentList: p.claim("Consent", "$consent"),
		formVersion: p.claim("$consent_form_version"),
		smsAt:       p.claim("SMS Consent Timestamp", "$sms_consent_timestamp"),
		smsMethod:   p.claim("$sms_consent_method"),
		accepts:     p.claim("Accepts Marketing"),
	}
	for _, g := range []struct{ prefix, purpose string }{{"emailmarketing", PurposeEmail}, {"smsmarketing", PurposeSMS}} {
		if ch, ok := bindKlaviyoChannel(p, g.prefix, g.purpose); ok {
			k.channels = append(k.channels, ch)
		}
	}
	c := &p.cols
	k.listCols = p.columns(k.consentList)
	k.consentCols = p.columns(c[fConsentAt], c[fConsentMethod], c[fConsentSource], k.formVersion)
	k.smsCols = p.columns(k.smsAt, k.smsMethod)
	k.acceptsCols = p.columns(k.accepts)
	return k
}

func bindKlaviyoChannel(p *plan, prefix, purpose string) (klaviyoChannel, bool) {
	ch := klaviyoChannel{
		purpose: purpose,
		status:  p.claimKey(prefix + "consent"),
		at:      p.claimKey(prefix+"consenttimestamp", prefix+"timestamp"),
		method:  p.claimKey(prefix+"consentmethod", prefix+"method"),
		detail:  p.claimKey(prefix+"consentmethoddetail", prefix+"methoddetail"),
		double:  p.claimKey(prefix+"doubleoptin", prefix+"consentdoubleoptin"),
	}
	ch.columns = p.columns(ch.status, ch.at, ch.method, ch.detail, ch.double)
	return ch, ch.columns != ""
}

var klaviyoHandles = []field{fConsentAt, fConsentMethod, fConsentSource}

const klaviyoDates = "YYYY-MM-DD HH:MM:SS or ISO 8601 with offset"

func (k *klaviyo) read(r *row) {
	k.consentChannels(r)
	k.consentRecord(r)
	k.smsRecord(r)
	for i := range k.channels {
		k.channel(r, &k.channels[i])
	}
	if yes, _ := r.flag(k.accepts); yes {
		r.add(&Evidence{Kind: Declared, Columns: k.acceptsCols})
	}
}

// consentChannels reads the Consent list, ['email','sms']: each channel
// is declared, with nothing to show when or how.
func (k *klaviyo) consentChannels(r *row) {
	for v := r.cell(k.consentList); v != ""; {
		var word string
		if word, v = nextWord(v); word != "" {
			r.add(&Evidence{Kind: Declared, Purpose: channelPurpose(word), Columns: k.listCols})
		}
	}
}

// consentRecord reads $consent_timestamp, $consent_method and the form
// that collected it.
func (k *klaviyo) consentRecord(r *row) {
	c := &r.p.cols
	at, method, form := r.time(c[fConsentAt]), r.cell(c[fConsentMethod]), r.cell(c[fConsentSource])
	if at.IsZero() && method == "" && form == "" {
		return
	}
	e := Evidence{Kind: Consent, At: at, Method: method, Source: form, Channel: methodChannel(method), Columns: k.consentCols}
	if form != "" {
		e.Channel = ChannelWebForm
	}
	if version := r.cell(k.formVersion); version != "" {
		e.Detail = "form version " + version
	}
	if at.IsZero() {
		e.Kind = Declared
	}
	r.add(&e)
}

func (k *klaviyo) smsRecord(r *row) {
	at, method := r.time(k.smsAt), r.cell(k.smsMethod)
	if at.IsZero() && method == "" {
		return
	}
	e := Evidence{Kind: Consent, Purpose: PurposeSMS, At: at, Method: method, Channel: methodChannel(method), Columns: k.smsCols}
	if at.IsZero() {
		e.Kind = Declared
	}
	r.add(&e)
}

// channel reads one channel's consent columns.
func (k *klaviyo) channel(r *row, ch *klaviyoChannel) {
	v := r.cell(ch.status)
	if v == "" {
		return
	}
	s := r.f.statuses.get(v, statusOf)
	if !s.known {
		r.warn(ch.status, CodeBadValue, "unknown consent %q; expected SUBSCRIBED, UNSUBSCRIBED or NEVER_SUBSCRIBED", v)
		return
	}
	method := r.cell(ch.method)
	e := Evidence{Kind: s.kind, Purpose: ch.purpose, At: r.time(ch.at), Method: method,
		Source: r.cell(ch.detail), Channel: methodChannel(method), Columns: ch.columns}
	if s.kind == Declared {
		e.Kind = subscribedKind(r, ch, e.At)
	}
	if e.Kind != "" {
		r.add(&e)
	}
}

// subscribedKind grades a SUBSCRIBED status: confirmed by double opt-in,
// a dated consent, or only declared.
func subscribedKind(r *row, ch *klaviyoChannel, at time.Time) Kind {
	if double, _ := r.flag(ch.double); double {
		return Confirmation
	}
	if !at.IsZero() {
		return Consent
	}
	return Declared
}

// methodChannel tells the channel a consent method names.
func methodChannel(method string) string {
	m := strings.ToLower(method)
	switch {
	case m == "":
		return ""
	case strings.Contains(m, "form"):
		return ChannelWebForm
	case m == "api":
		return ChannelAPI
	case strings.Contains(m, "import") || strings.Contains(m, "upload"):
		return ChannelImport
	case strings.Contains(m, "preference"):
		return ChannelPreference
	}
	return ""
}

// channelPurpose maps a Klaviyo consent channel to a purpose.
func channelPurpose(channel string) string {
	switch strings.ToLower(channel) {
	case "email":
		return PurposeEmail
	case "sms":
		return PurposeSMS
	case "directmail":
		return "direct_mail"
	}
	return slug(channel)
}

// nextWord returns the first run of letters in s and what follows it.
func nextWord(s string) (word, rest string) {
	start := strings.IndexFunc(s, isWordRune)
	if start < 0 {
		return "", ""
	}
	end := strings.IndexFunc(s[start:], func(r rune) bool { return !isWordRune(r) })
	if end < 0 {
		return s[start:], ""
	}
	return s[start : start+end], s[start+end:]
}

func isWordRune(r rune) bool { return r < 0x80 && isLetter(byte(r)) || r == '_' }
