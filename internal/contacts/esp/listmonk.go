package esp

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// listmonk reads listmonk's import layout (email,name,attributes) and its
// export (uuid,email,name,attributes,status,created_at,updated_at).
// attributes is a JSON object; well-known keys are read as evidence. An
// export that also carries the per-list subscription_status (and the
// list's opt-in type, single or double) is read for the consent it states.
type listmonk struct {
	attributes int
	subStatus  int
	listOptin  int
	// Evidence.Columns
	statusCols, attrCols, subCols string
}

func bindListmonk(p *plan, _ *FileInfo, _ string) rowReader {
	p.bind(fEmail, "email")
	p.bind(fName, "name")
	p.bind(fStatus, "status")
	p.bind(fCreatedAt, "created_at")
	p.bind(fUpdatedAt, "updated_at")
	l := &listmonk{
		attributes: p.claim("attributes"),
		subStatus:  p.claim("subscription_status"),
		listOptin:  p.claim("optin", "list_optin"),
	}
	l.statusCols = p.columns(p.cols[fStatus])
	l.attrCols = p.columns(l.attributes)
	l.subCols = p.columns(l.subStatus, l.listOptin)
	return l
}

var listmonkHandles = []field{fStatus}

const listmonkDates = "YYYY-MM-DD HH:MM:SS.ffffff +0000 UTC (Go time)"

// read: the subscriber status (enabled, disabled, blocklisted) is not the
// per-list consent; the standard export does not carry that, an export
// with subscription_status does.
func (l *listmonk) read(r *row) {
	switch v := r.cell(r.p.cols[fStatus]); v {
	case "":
	case "enabled":
		r.add(&Evidence{Kind: Declared, Detail: v, Columns: l.statusCols})
	case "blocklisted":
		r.add(&Evidence{Kind: Withdrawal, Detail: v, Columns: l.statusCols})
	case "disabled":
	default:
		r.warn(r.p.cols[fStatus], CodeBadValue, "unknown listmonk status %q; expected enabled, disabled or blocklisted", v)
	}
	l.subscription(r)
	l.readAttributes(r)
}

// subscription reads the per-list subscription_status (formats.md §1.6,
// §3.2): unsubscribed is a withdrawal whatever the list; confirmed and
// unconfirmed mean a double opt-in confirmed or pending only on a double
// opt-in list. On a single opt-in list, or when the list type is not in
// the file, they state a subscription and nothing more.
func (l *listmonk) subscription(r *row) {
	v := r.cell(l.subStatus)
	if v == "" {
		return
	}
	double := strings.EqualFold(r.cell(l.listOptin), "double")
	e := Evidence{Detail: v, Columns: l.subCols}
	switch v {
	case "unsubscribed":
		e.Kind = Withdrawal
	case "confirmed":
		e.Kind = Declared
		if double {
			e.Kind = Confirmation
		}
	case "unconfirmed":
		e.Kind = Declared
		if double {
			e.Kind = Pending
		}
	default:
		r.warn(l.subStatus, CodeBadValue, "unknown listmonk subscription status %q; expected unconfirmed, confirmed or unsubscribed", v)
		return
	}
	r.add(&e)
}

// readAttributes interprets the JSON attributes: consent keys become
// evidence, language fills the record, the rest is kept as
// attributes.<key>. Invalid JSON is a warning; the text is kept as is.
func (l *listmonk) readAttributes(r *row) {
	v := r.cell(l.attributes)
	if v == "" || v == "{}" {
		return
	}
	var attrs map[string]json.RawMessage
	if err := json.Unmarshal([]byte(v), &attrs); err != nil {
		r.warn(l.attributes, CodeBadJSON, "attributes are not a JSON object (%v); kept as text", err)
		r.keep(l.attributes, v)
		return
	}
	a := listmonkAttrs{r: r, col: l.attributes, attrs: attrs}
	if lang := a.text("language"); lang != "" && r.rec.Language == "" {
		r.rec.Language = lang
	}
	l.attrEvidence(&a)
	a.keepRest()
}

// attrEvidence turns the consent keys into one piece of evidence: a signup
// when opt-in keys are present, else a consent record, else a declaration
// naming its source.
func (l *listmonk) attrEvidence(a *listmonkAttrs) {
	optinAt, optinIP := a.time("optin_at"), a.text("optin_ip")
	consentAt, consentIP := a.time("consent_at"), a.text("consent_ip")
	e := Evidence{
		Source: a.text("consent_source"), Method: a.text("consent_method"),
		UserAgent: a.text("optin_ua"), Columns: l.attrCols,
	}
	switch {
	case !optinAt.IsZero() || optinIP != "":
		e.Kind, e.At, e.IP = Signup, optinAt, optinIP
		if e.At.IsZero() {
			e.At = consentAt
		}
	case !consentAt.IsZero() || consentIP != "":
		e.Kind, e.At, e.IP = Consent, consentAt, consentIP
	case e.Source != "" || e.Method != "":
		e.Kind = Declared
	default:
		return
	}
	if e.IP != "" {
		e.Channel = ChannelWebForm
	}
	a.r.add(&e)
}

// listmonkAttrs reads one row's attributes, marking the keys used.
type listmonkAttrs struct {
	r     *row
	col   int // the attributes column, for dates and warnings
	attrs map[string]json.RawMessage
	used  []string
}

// text returns a string or scalar attribute as text.
func (a *listmonkAttrs) text(k string) string {
	raw, ok := a.attrs[k]
	if !ok {
		return ""
	}
	a.used = append(a.used, k)
	return trimCell(rawText(raw))
}

func (a *listmonkAttrs) time(k string) time.Time {
	s := a.text(k)
	if s == "" {
		return time.Time{}
	}
	t, ok := a.r.f.dates.parse(a.col, s)
	if !ok {
		a.r.warnValue(a.col, s, CodeBadDate, "attribute %s: cannot read %q as a date; expected ISO 8601 or %s", k, s, a.r.p.dateHint)
	}
	return t
}

// keepRest keeps the keys not read, in key order, as attributes.<key>.
func (a *listmonkAttrs) keepRest() {
	keys := make([]string, 0, len(a.attrs))
	for k := range a.attrs {
		if !slices.Contains(a.used, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		if v := rawText(a.attrs[k]); v != "" {
			a.r.f.slabs.attrs.add(&Attr{Name: "attributes." + k, Value: v})
		}
	}
}

// rawText is a JSON string's value, or any other JSON value as written.
func rawText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	if bytes.Equal(raw, []byte("null")) {
		return ""
	}
	return string(raw)
}
