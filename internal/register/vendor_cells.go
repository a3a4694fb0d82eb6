package register

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/gdprkit/gdprkit/internal/locale"
)

// Cell formats of the vendor sheet. Lists are written "a; b; c" and read
// back split on semicolons and line breaks (names and free text may hold
// commas). Vocabulary cells hold labels in the sheet's language and
// accept the label in either language or the key; country cells hold
// ISO codes.

const listSep = "; "

// splitItems splits a list cell on semicolons and line breaks.
func splitItems(s string) []string {
	f := func(r rune) bool { return r == ';' || r == '\n' || r == '\r' }
	var out []string
	for _, p := range strings.FieldsFunc(s, f) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// unescapeCell undoes spreadsheet.EscapeFormula: the apostrophe our
// writers put before a leading =, +, -, @, tab or carriage return.
func unescapeCell(s string) string {
	if len(s) > 1 && s[0] == '\'' {
		switch s[1] {
		case '=', '+', '-', '@', '\t', '\r':
			return s[1:]
		}
	}
	return s
}

// vocabIndex maps labels (in every language, case-insensitive) and keys
// to keys, for one vocabulary.
type vocabIndex map[string]string

func newVocabIndex(vocab string, keys Keys) vocabIndex {
	ix := vocabIndex{}
	for _, k := range keys {
		ix[fold(k)] = k
		for _, lang := range locale.Languages {
			ix[fold(Label(lang, vocab, k))] = k
		}
	}
	return ix
}

func (ix vocabIndex) key(s string) (string, bool) {
	k, ok := ix[fold(s)]
	return k, ok
}

// apostrophes folds the typographic apostrophe of the French labels into
// the straight one a person types (and older exports hold).
var apostrophes = strings.NewReplacer("’", "'")

// fold is how a cell is compared with a label or a header: without case,
// surrounding spaces, or the difference between ’ and '.
func fold(s string) string { return strings.ToLower(strings.TrimSpace(apostrophes.Replace(s))) }

// problem is a cell that cannot be read: key is a translation key of
// register.import.*, shown with the cell's position.
type problem struct {
	key   string
	value string
}

func (p *problem) Error() string { return p.key + ": " + p.value }

func badCell(key, value string) error { return &problem{key: "register.import." + key, value: value} }

func parseYes(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "no", "non", "n", "false", "faux", "0", "-":
		return false, nil
	case "yes", "oui", "y", "o", "true", "vrai", "1", "x":
		return true, nil
	}
	return false, badCell("bool", s)
}

func parseInt(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", "."), 64)
	if err != nil || f != math.Trunc(f) || f < 0 || f > 1e9 {
		return 0, badCell("number", s)
	}
	return int(f), nil
}

// parseDate reads ISO dates, French dd/mm/yyyy dates, and the serial
// numbers Excel stores when someone types a date into a cell.
func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.DateOnly, "02/01/2006", "2/1/2006", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC().Truncate(24 * time.Hour), nil
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 0 && f < 2958466 {
		t, err := excelize.ExcelDateToTime(f, false)
		if err == nil {
			return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
		}
	}
	return time.Time{}, badCell("date", s)
}

func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func parseVocab(ix vocabIndex, s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	k, ok := ix.key(s)
	if !ok {
		return "", badCell("value", s)
	}
	return k, nil
}

func parseVocabList(ix vocabIndex, s string) ([]string, error) {
	var out []string
	for _, item := range splitItems(s) {
		k, err := parseVocab(ix, item)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}

func parseCountries(s string) ([]string, error) {
	var out []string
	for _, c := range SplitList(strings.ToUpper(s)) {
		if !ValidCountry(c) {
			return nil, badCell("country", c)
		}
		out = append(out, c)
	}
	return out, nil
}

// countryPairs reads "US: value; IN: value" items.
func countryPairs(s string) ([][2]string, error) {
	var out [][2]string
	for _, item := range splitItems(s) {
		c, v, ok := strings.Cut(item, ":")
		c = strings.ToUpper(strings.TrimSpace(c))
		if !ok || !ValidCountry(c) {
			return nil, badCell("pair", item)
		}
		out = append(out, [2]string{c, strings.TrimSpace(v)})
	}
	return out, nil
}

func yesNo(lang string, b bool) string {
	if b {
		return locale.T(lang, "register.yes", nil)
	}
	return locale.T(lang, "register.no", nil)
}

func vocabList(lang, vocab string, keys []string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = Label(lang, vocab, k)
	}
	return strings.Join(out, listSep)
}

func transfersCell(lang string, ts []Transfer) string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Country+": "+Label(lang, "mechanism", t.Mechanism))
	}
	return strings.Join(out, listSep)
}

func transferDocsCell(ts []Transfer) string {
	var out []string
	for _, t := range ts {
		if t.Documentation != "" {
			out = append(out, t.Country+": "+t.Documentation)
		}
	}
	return strings.Join(out, listSep)
}

func idCell(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
