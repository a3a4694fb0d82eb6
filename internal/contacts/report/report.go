// Package report writes the output files of a consent audit: report.json
// for scripts, report.html for the people who read and print it, the
// documented contact base as CSV or XLSX (the kit's "documentez votre base
// de contacts" template), and the rejected rows and unreadable cells as
// CSV.
//
// Every piece of text comes from translation keys in
// internal/locale/translations/report.*.toml, or the audit's status.*,
// reason.*, purpose.* and channel.* keys.
package report

import (
	"strconv"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// RowWriter writes the documented contact base, one Row at a time. Close
// finishes the file; it does not close the underlying writer.
type RowWriter interface {
	Write(r contacts.Row) error
	Close() error
}

// Reject is a source row the audit could not use. It is the audit's own
// type, so the audit's Reject sink can write straight to a RejectWriter.
type Reject = contacts.Reject

// RejectWriter writes rejected rows.
type RejectWriter interface {
	Write(r Reject) error
	Close() error
}

// Warning is a cell of a usable row that could not be read, the audit's
// own type like Reject.
type Warning = contacts.Warning

// WarningWriter writes cell warnings.
type WarningWriter interface {
	Write(w Warning) error
	Close() error
}

// tr translates keys for one language, remembering what it looked up:
// the row writers translate the same status and reason labels on every
// row.
type tr struct {
	lang  string
	cache map[string]string
	known map[string]bool
}

func newTr(lang string) *tr {
	return &tr{lang: locale.Normalize(lang), cache: map[string]string{}, known: map[string]bool{}}
}

// t translates key; a missing key gives the key itself (locale.T).
func (t *tr) t(key string) string {
	if s, ok := t.cache[key]; ok {
		return s
	}
	s := locale.T(t.lang, key, nil)
	t.cache[key] = s
	return s
}

// or translates the first of keys that exists, or returns fallback: for
// codes that come from data (reject codes, source channels) and may have
// no translation.
func (t *tr) or(fallback string, keys ...string) string {
	for _, k := range keys {
		if t.has(k) {
			return t.t(k)
		}
	}
	return fallback
}

func (t *tr) has(key string) bool {
	ok, seen := t.known[key]
	if !seen {
		ok = locale.Shared().Has(t.lang, key)
		t.known[key] = ok
	}
	return ok
}

// with translates a message with arguments.
func (t *tr) with(key string, args map[string]any) string {
	return locale.T(t.lang, key, args)
}

// n translates a plural message, with the count formatted for the
// language.
func (t *tr) n(key string, count int) string {
	return locale.Shared().N(t.lang, key, count, map[string]any{"Count": t.num(count)})
}

func (t *tr) num(n int) string { return formatInt(t.lang, n) }

func itoa(n int) string { return strconv.Itoa(n) }
