package esp

import (
	"maps"
	"slices"
	"strings"
)

// ParseMapping reads a column mapping written as on the command line:
//
//	email="Courriel",consent_at="Date opt-in",first_name=Prénom
//
// Quotes are optional; inside quotes a comma is part of the column name and
// a doubled quote ("") stands for one quote. Field names are the canonical
// ones listed by Fields; an unknown one is an error that lists them all.
func ParseMapping(spec string) (Mapping, error) {
	m := Mapping{}
	s := mappingScanner{spec: spec}
	for s.skipSpaces(); !s.done(); s.skipSpaces() {
		start := s.pos
		name, col, err := s.pair()
		if err != nil {
			return nil, err
		}
		if _, dup := m[name]; dup {
			return nil, errMappingSyntax(spec, start, "field "+name+" is mapped twice")
		}
		m[name] = col
	}
	return m, nil
}

// String writes m back in the syntax ParseMapping reads, fields in the
// order of Fields and every column quoted, so the result is stable.
func (m Mapping) String() string {
	var b strings.Builder
	for _, name := range fieldNames {
		col, ok := m[name]
		if !ok {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(name)
		b.WriteString(`="`)
		b.WriteString(strings.ReplaceAll(col, `"`, `""`))
		b.WriteByte('"')
	}
	return b.String()
}

// validate checks that every field of m is canonical.
func (m Mapping) validate(file string) error {
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if _, ok := fieldByName(name); !ok {
			return errUnknownField(file, name)
		}
	}
	return nil
}

// mappingScanner walks a mapping spec one field=column pair at a time.
type mappingScanner struct {
	spec string
	pos  int
}

func (s *mappingScanner) done() bool { return s.pos >= len(s.spec) }

func (s *mappingScanner) skipSpaces() {
	for !s.done() && (s.spec[s.pos] == ' ' || s.spec[s.pos] == '\t') {
		s.pos++
	}
}

// pair reads `field=column` and the comma that may follow it.
func (s *mappingScanner) pair() (name, col string, err error) {
	eq := strings.IndexByte(s.spec[s.pos:], '=')
	if eq < 0 {
		return "", "", errMappingSyntax(s.spec, s.pos, `expected field="column"`)
	}
	name = strings.ToLower(strings.TrimSpace(s.spec[s.pos : s.pos+eq]))
	if _, ok := fieldByName(name); !ok {
		return "", "", errUnknownField("", name)
	}
	s.pos += eq + 1
	s.skipSpaces()
	if col, err = s.column(); err != nil {
		return "", "", err
	}
	if col == "" {
		return "", "", errMappingSyntax(s.spec, s.pos, "empty column name for "+name)
	}
	s.skipSpaces()
	if s.done() {
		return name, col, nil
	}
	if s.spec[s.pos] != ',' {
		return "", "", errMappingSyntax(s.spec, s.pos, "expected a comma")
	}
	s.pos++
	return name, col, nil
}

// column reads a quoted or bare column name.
func (s *mappingScanner) column() (string, error) {
	if s.done() || s.spec[s.pos] != '"' {
		end := strings.IndexByte(s.spec[s.pos:], ',')
		if end < 0 {
			end = len(s.spec) - s.pos
		}
		col := strings.TrimSpace(s.spec[s.pos : s.pos+end])
		s.pos += end
		return col, nil
	}
	var b strings.Builder
	for s.pos++; !s.done(); s.pos++ {
		c := s.spec[s.pos]
		if c != '"' {
			b.WriteByte(c)
			continue
		}
		if s.pos+1 < len(s.spec) && s.spec[s.pos+1] == '"' {
			b.WriteByte('"')
			s.pos++
			continue
		}
		s.pos++
		return b.String(), nil
	}
	return "", errMappingSyntax(s.spec, s.pos, "unclosed quote")
}
