package esp

import (
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// header is a file's column names, cleaned and made unique, with what has
// been decided about each column.
type header struct {
	names []string // as written, without BOM or padding; duplicates suffixed _2, _3...
	keys  []string // normalised for synonym matching: "Adresse e-mail" -> "adresseemail"
	taken []bool   // the column is interpreted (a field or a provider column)
}

func newHeader(cells []string) *header {
	h := &header{
		names: make([]string, len(cells)),
		keys:  make([]string, len(cells)),
		taken: make([]bool, len(cells)),
	}
	seen := make(map[string]int, len(cells)) // name -> next suffix to try
	for i, c := range cells {
		name := cleanHeaderCell(c)
		if name == "" {
			name = columnName(i)
		}
		h.names[i] = unique(name, seen)
	}
	prefix := entityPrefix(h.names)
	for i, name := range h.names {
		h.keys[i] = key(strings.TrimPrefix(name, prefix))
	}
	return h
}

// entityPrefix returns the "Person - " that CRM exports put before every
// column name, so that "Person - Email - Work" is matched as "Email -
// Work"; "" when the columns do not all share one.
func entityPrefix(names []string) string {
	if len(names) < 2 {
		return ""
	}
	before, _, ok := strings.Cut(names[0], " - ")
	if !ok {
		return ""
	}
	prefix := before + " - "
	for _, n := range names[1:] {
		if !strings.HasPrefix(n, prefix) {
			return ""
		}
	}
	return prefix
}

// columnName names an unnamed column by its 1-based position.
func columnName(i int) string { return "column_" + strconv.Itoa(i+1) }

// unique suffixes a name already used: Email, Email_2, Email_3. seen
// remembers, per name, the next suffix to try, so that a thousand columns
// of the same name cost a thousand steps, not a million.
func unique(name string, seen map[string]int) string {
	n, used := seen[name]
	if !used {
		seen[name] = 2
		return name
	}
	for ; ; n++ {
		s := name + "_" + strconv.Itoa(n)
		if _, taken := seen[s]; !taken {
			seen[name] = n + 1
			seen[s] = 2
			return s
		}
	}
}

// cleanHeaderCell removes byte order marks, zero-width characters and
// surrounding spaces (NBSP included) from a column name.
func cleanHeaderCell(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\uFEFF', '\u200B', '\u200C', '\u200D', '\u2060':
			return -1
		case '\u00A0', '\u202F':
			return ' '
		}
		return r
	}, s)
	return strings.TrimSpace(s)
}

// key normalises a name for synonym matching: lower case, accents removed,
// only letters and digits kept.
func key(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// find returns the first free column named like one of names (exactly,
// then ignoring case), or -1.
func (h *header) find(names ...string) int {
	for _, n := range names {
		for i := range h.names {
			if !h.taken[i] && h.names[i] == n {
				return i
			}
		}
	}
	for _, n := range names {
		for i := range h.names {
			if !h.taken[i] && strings.EqualFold(h.names[i], n) {
				return i
			}
		}
	}
	return -1
}

// findKey returns the first free column whose normalised name is one of
// keys, trying keys in order, or -1.
func (h *header) findKey(keys ...string) int {
	for _, k := range keys {
		for i := range h.keys {
			if !h.taken[i] && h.keys[i] == k {
				return i
			}
		}
	}
	return -1
}

// lookup finds the column a user named in a mapping, taken or not: exactly,
// then ignoring case, then ignoring accents and punctuation.
func (h *header) lookup(name string) int {
	name = cleanHeaderCell(name)
	for i, n := range h.names {
		if n == name {
			return i
		}
	}
	for i, n := range h.names {
		if strings.EqualFold(n, name) {
			return i
		}
	}
	k := key(name)
	for i := range h.keys {
		if k != "" && h.keys[i] == k {
			return i
		}
	}
	return -1
}
