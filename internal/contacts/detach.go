package contacts

import (
	"strings"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// detach returns a copy of the row that shares no memory with the reader.
// The reader hands out rows from blocks of hundreds; a row kept until the
// end of the import (a duplicate address, merged last) would otherwise keep
// its whole block, and a few scattered duplicates the whole file.
func (in *incoming) detach() *incoming {
	out := *in
	out.prep.Record = detachRecord(in.prep.Record)
	out.prep.Address.Raw = strings.Clone(in.prep.Address.Raw)
	out.prep.Address.Canonical = strings.Clone(in.prep.Address.Canonical)
	out.prep.Address.Key = strings.Clone(in.prep.Address.Key)
	out.prep.Address.Variant = strings.Clone(in.prep.Address.Variant)
	out.obs.Evidence = out.prep.Record.Evidence
	out.as = detachAssessments(in.as, in.obs.Evidence, out.obs.Evidence)
	out.events = make([]Event, len(in.events))
	for i, e := range in.events {
		out.events[i] = detachEvent(e)
	}
	out.source.Raw = strings.Clone(in.source.Raw)
	out.contact = detachContact(in.contact)
	return &out
}

func detachRecord(r *esp.Record) *esp.Record {
	c := &esp.Record{
		File: strings.Clone(r.File), Line: r.Line, Email: strings.Clone(r.Email),
		FirstName: strings.Clone(r.FirstName), LastName: strings.Clone(r.LastName), Name: strings.Clone(r.Name),
		Language: strings.Clone(r.Language), Phone: strings.Clone(r.Phone), List: strings.Clone(r.List),
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt,
	}
	c.Fields = cloneStrings(r.Fields)
	c.Tags = cloneStrings(r.Tags)
	for _, a := range r.Attrs {
		c.Attrs = append(c.Attrs, esp.Attr{Name: strings.Clone(a.Name), Value: strings.Clone(a.Value)})
	}
	for _, e := range r.Evidence {
		c.Evidence = append(c.Evidence, detachEvidence(e))
	}
	return c
}

func detachEvidence(e esp.Evidence) esp.Evidence {
	for _, s := range []*string{&e.Purpose, &e.IP, &e.UserAgent, &e.Channel, &e.Source, &e.Method, &e.LegalBasis, &e.Detail, &e.Columns} {
		*s = strings.Clone(*s)
	}
	e.Kind = esp.Kind(strings.Clone(string(e.Kind)))
	return e
}

// detachAssessments copies assessments, pointing Decisive into the
// detached evidence instead of the reader's.
func detachAssessments(as []Assessment, from, to []esp.Evidence) []Assessment {
	out := make([]Assessment, len(as))
	for i, a := range as {
		a.Purpose = strings.Clone(a.Purpose)
		a.Reasons = append([]Reason(nil), a.Reasons...)
		a.Conditions = cloneStrings(a.Conditions)
		if a.Decisive != nil {
			a.Decisive = nil
			for j := range from {
				if &from[j] == as[i].Decisive {
					a.Decisive = &to[j]
				}
			}
		}
		out[i] = a
	}
	return out
}

func detachEvent(e Event) Event {
	for _, s := range []*string{&e.Purpose, &e.Action, &e.Channel, &e.Source, &e.LegalBasis,
		&e.Personal.Subject, &e.Personal.IP, &e.Personal.UserAgent, &e.Personal.Detail} {
		*s = strings.Clone(*s)
	}
	e.Salt = append([]byte(nil), e.Salt...)
	return e
}

func detachContact(c Contact) Contact {
	for _, s := range []*string{&c.Key, &c.Email, &c.Variant, &c.FirstName, &c.LastName, &c.Name, &c.Language,
		&c.Phone, &c.Attributes, &c.ConsentChannel, &c.Purposes} {
		*s = strings.Clone(*s)
	}
	c.Reasons = append([]Reason(nil), c.Reasons...)
	return c
}

func cloneStrings(xs []string) []string {
	if xs == nil {
		return nil
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.Clone(x)
	}
	return out
}
