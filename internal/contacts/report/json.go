package report

import (
	"encoding/json"
	"io"
	"math"

	"github.com/gdprkit/gdprkit/internal/contacts"
)

// WriteJSON writes s as indented JSON. Keys come in a stable order (struct
// fields as declared, map keys sorted), every status is a key of each
// by_status even at zero, lists are [] rather than null and times are UTC,
// so scripts and diffs can rely on the shape.
func WriteJSON(w io.Writer, s contacts.Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(normalize(s))
}

// normalize returns a copy of s in the shape WriteJSON promises; s itself
// is not changed.
func normalize(s contacts.Summary) contacts.Summary {
	s.GeneratedAt = s.GeneratedAt.UTC()
	s.ByStatus = allStatuses(s.ByStatus)
	purposes := make([]contacts.PurposeSummary, len(s.ByPurpose))
	for i, p := range s.ByPurpose {
		p.ByStatus = allStatuses(p.ByStatus)
		purposes[i] = p
	}
	s.ByPurpose = purposes
	s.Files = orEmpty(s.Files)
	s.ByReason = orEmpty(s.ByReason)
	s.ConsentAge = orEmpty(s.ConsentAge)
	s.Sources = orEmpty(s.Sources)
	s.FirstWarnings = orEmpty(s.FirstWarnings)
	if math.IsNaN(s.DocumentedShare) || math.IsInf(s.DocumentedShare, 0) {
		s.DocumentedShare = 0
	}
	return s
}

func allStatuses(m map[contacts.Status]int) map[contacts.Status]int {
	out := make(map[contacts.Status]int, len(contacts.Statuses))
	for _, st := range contacts.Statuses {
		out[st] = 0
	}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func orEmpty[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}
