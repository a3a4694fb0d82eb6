package contacts

import (
	"crypto/rand"
	"encoding/json"
	"time"

	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/jsonstr"
)

// eventDetail is the erasable JSON beside an event: how the evidence was
// read, in words the provider used.
type eventDetail struct {
	Method  string `json:"method,omitempty"`
	Columns string `json:"columns,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

// EventOf turns one piece of evidence about subject (the address as
// consented) into a ledger event with its salted commitment. The chain
// hash is set later, when the event's position is known.
func EventOf(e *esp.Evidence, subject string, salt []byte) Event {
	var detail string
	if e.Method != "" || e.Columns != "" || e.Detail != "" {
		b := make([]byte, 0, 64)
		b = append(b, '{')
		b = appendField(b, "method", e.Method, len(b) > 1)
		b = appendField(b, "columns", e.Columns, len(b) > 1)
		b = appendField(b, "detail", e.Detail, len(b) > 1)
		detail = string(append(b, '}'))
	}
	ev := Event{
		Purpose:    purposeOf(e.Purpose),
		Action:     string(e.Kind),
		OccurredAt: e.At,
		Channel:    e.Channel,
		Source:     e.Source,
		LegalBasis: e.LegalBasis,
		Personal:   consent.Personal{Subject: subject, IP: e.IP, UserAgent: e.UserAgent, Detail: detail},
		Salt:       salt,
	}
	ev.Commitment = consent.Commit(salt, ev.Personal)
	return ev
}

// Chained is the part of an event the ledger hash covers.
func (e *Event) Chained() consent.Event {
	return consent.Event{Purpose: e.Purpose, Action: e.Action, OccurredAt: e.OccurredAt, Channel: e.Channel,
		Source: e.Source, LegalBasis: e.LegalBasis, Commitment: e.Commitment}
}

// Evidence turns a stored event back into evidence for the audit rules.
func (e *Event) Evidence() esp.Evidence {
	ev := esp.Evidence{Purpose: e.Purpose, Kind: esp.Kind(e.Action), At: e.OccurredAt, IP: e.Personal.IP,
		UserAgent: e.Personal.UserAgent, Channel: e.Channel, Source: e.Source, LegalBasis: e.LegalBasis}
	if e.Personal.Detail != "" {
		var d eventDetail
		if json.Unmarshal([]byte(e.Personal.Detail), &d) == nil {
			ev.Method, ev.Columns, ev.Detail = d.Method, d.Columns, d.Detail
		}
	}
	return ev
}

// sameEvidence reports whether stored event e already records evidence v,
// so a re-import does not append it again.
func sameEvidence(e *Event, v *esp.Evidence) bool {
	return e.Purpose == purposeOf(v.Purpose) && e.Action == string(v.Kind) &&
		e.OccurredAt.UnixMilli() == v.At.UnixMilli() && e.OccurredAt.IsZero() == v.At.IsZero() &&
		e.Personal.IP == v.IP
}

// saltSource hands out 16-byte salts from crypto/rand, read in large
// chunks because an import needs one per event.
type saltSource struct {
	buf []byte
}

func (s *saltSource) next() []byte {
	if len(s.buf) < 16 {
		s.buf = make([]byte, 16*4096)
		if _, err := rand.Read(s.buf); err != nil {
			panic("contacts: crypto/rand failed: " + err.Error()) // the kernel's generator does not fail
		}
	}
	out := s.buf[:16:16]
	s.buf = s.buf[16:]
	return out
}

// appendField appends "name":"value" when value is not empty.
func appendField(b []byte, name, value string, comma bool) []byte {
	if value == "" {
		return b
	}
	if comma {
		b = append(b, ',')
	}
	b = jsonstr.Append(b, name, false)
	b = append(b, ':')
	return jsonstr.Append(b, value, false)
}

// purposeJSON is how per-purpose assessments are stored with a contact.
type purposeJSON struct {
	Purpose   string   `json:"purpose"`
	Status    Status   `json:"status"`
	Reasons   []Reason `json:"reasons,omitempty"`
	ConsentAt string   `json:"consent_at,omitempty"`
}

// PurposesJSON encodes assessments for storage.
func PurposesJSON(as []Assessment) string {
	b := make([]byte, 0, 96*len(as))
	b = append(b, '[')
	for i := range as {
		a := &as[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"purpose":`...)
		b = jsonstr.Append(b, purposeOf(a.Purpose), false)
		b = append(b, `,"status":`...)
		b = jsonstr.Append(b, string(a.Status), false)
		if len(a.Reasons) > 0 {
			b = append(b, `,"reasons":[`...)
			for j, r := range a.Reasons {
				if j > 0 {
					b = append(b, ',')
				}
				b = jsonstr.Append(b, string(r), false)
			}
			b = append(b, ']')
		}
		if !a.ConsentAt.IsZero() {
			b = append(b, `,"consent_at":"`...)
			b = a.ConsentAt.UTC().AppendFormat(b, time.RFC3339)
			b = append(b, '"')
		}
		b = append(b, '}')
	}
	return string(append(b, ']'))
}

// ParsePurposes decodes stored assessments (without their decisive
// evidence, which the ledger holds).
func ParsePurposes(s string) []Assessment {
	var ps []purposeJSON
	if json.Unmarshal([]byte(s), &ps) != nil {
		return nil
	}
	out := make([]Assessment, 0, len(ps))
	for _, p := range ps {
		a := Assessment{Purpose: p.Purpose, Status: p.Status, Reasons: p.Reasons}
		a.ConsentAt, _ = time.Parse(time.RFC3339, p.ConsentAt)
		out = append(out, a)
	}
	return out
}

// AttributesJSON encodes the uninterpreted columns and tags of a row.
func AttributesJSON(rec *esp.Record) string {
	if len(rec.Attrs) == 0 && len(rec.Tags) == 0 {
		return "{}"
	}
	b := make([]byte, 0, 128)
	b = append(b, '{')
	for i, a := range rec.Attrs {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonstr.Append(b, a.Name, false)
		b = append(b, ':')
		b = jsonstr.Append(b, a.Value, false)
	}
	if len(rec.Tags) > 0 {
		if len(rec.Attrs) > 0 {
			b = append(b, ',')
		}
		b = append(b, `"tags":[`...)
		for i, t := range rec.Tags {
			if i > 0 {
				b = append(b, ',')
			}
			b = jsonstr.Append(b, t, false)
		}
		b = append(b, ']')
	}
	return string(append(b, '}'))
}

// mergeAttributes overlays the newer attributes on the older ones.
func mergeAttributes(older, newer string) string {
	if older == "" || older == "{}" {
		return newer
	}
	if newer == "" || newer == "{}" {
		return older
	}
	var a, b map[string]any
	if json.Unmarshal([]byte(older), &a) != nil {
		return newer
	}
	if json.Unmarshal([]byte(newer), &b) != nil {
		return older
	}
	for k, v := range b {
		a[k] = v
	}
	out, err := json.Marshal(a)
	if err != nil {
		return newer
	}
	return string(out)
}

// RawLine rebuilds a row as one CSV line with the file's delimiter: the
// original row kept as evidence.
func RawLine(fields []string, delim string) string {
	comma := byte(',')
	if len(delim) == 1 {
		comma = delim[0]
	}
	n := 0
	for _, f := range fields {
		n += len(f) + 3
	}
	b := make([]byte, 0, n)
	for i, f := range fields {
		if i > 0 {
			b = append(b, comma)
		}
		if needsQuotes(f, comma) {
			b = append(b, '"')
			for j := 0; j < len(f); j++ {
				if f[j] == '"' {
					b = append(b, '"')
				}
				b = append(b, f[j])
			}
			b = append(b, '"')
			continue
		}
		b = append(b, f...)
	}
	return string(b)
}

func needsQuotes(f string, comma byte) bool {
	for i := 0; i < len(f); i++ {
		switch f[i] {
		case comma, '"', '\n', '\r':
			return true
		}
	}
	return f != "" && (f[0] == ' ' || f[len(f)-1] == ' ')
}
