package address

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Parse checks s and returns its canonical forms. It accepts the WHATWG
// "valid e-mail address" grammar (dot-atom local part, LDH domain labels)
// within the RFC 5321 length limits, plus two legal forms that it flags
// rather than rejects: quoted-string local parts and non-ASCII (SMTPUTF8)
// local parts. Surrounding spaces, "Name <addr>", "<addr>" and "mailto:"
// are removed. The error is always an *Error.
func Parse(s string) (Address, error) {
	p := parser{raw: s}
	a, err := p.parse()
	if err != nil {
		return Address{Raw: s}, err
	}
	a.Raw = s
	return a, nil
}

// parser carries the raw input so errors can give positions in it.
type parser struct {
	raw string
	off int // byte offset of the unwrapped address inside raw
}

// fail builds an error about the byte at index i of the unwrapped address
// (i < 0: no position).
func (p *parser) fail(code string, i int, format string, args ...any) *Error {
	e := &Error{Code: code, Detail: fmt.Sprintf(format, args...)}
	if i >= 0 {
		e.Pos = utf8.RuneCountInString(p.raw[:p.off+i]) + 1
		e.Detail += fmt.Sprintf(" at position %d", e.Pos)
	}
	return e
}

func (p *parser) parse() (Address, error) {
	t, flags, err := p.unwrap()
	if err != nil {
		return Address{}, err
	}
	at := strings.LastIndexByte(t, '@')
	switch {
	case at < 0:
		return Address{}, p.fail(CodeBadSyntax, -1, "missing @")
	case at == 0:
		return Address{}, p.fail(CodeBadSyntax, 0, "nothing before the @")
	case at == len(t)-1:
		return Address{}, p.fail(CodeBadSyntax, at, "nothing after the @")
	}
	local := t[:at]
	lf, err := p.local(local)
	if err != nil {
		return Address{}, err
	}
	dom, df, err := p.domain(t[at+1:], at+1)
	if err != nil {
		return Address{}, err
	}
	if len(local) > MaxLocal {
		return Address{}, p.fail(CodeLocalTooLong, -1, "local part is %d octets long, the limit is %d", len(local), MaxLocal)
	}
	a := Address{Flags: flags | lf | df}
	if dom == t[at+1:] {
		a.Canonical = t // already canonical: no allocation
	} else {
		a.Canonical = local + "@" + dom
	}
	if len(a.Canonical) > MaxLength {
		return Address{}, p.fail(CodeTooLong, -1, "address is %d octets long, the limit is %d", len(a.Canonical), MaxLength)
	}
	a.Key = key(a.Canonical, local, dom, a.Flags)
	a.Variant = variant(a.Key, a.Flags)
	if isRole(a.Key, a.Flags) {
		a.Flags |= Role
	}
	return a, nil
}

// unwrap trims s and removes a display name, angle brackets and a mailto:
// prefix. It only slices s, so p.off locates the result inside p.raw.
func (p *parser) unwrap() (string, Flags, error) {
	var flags Flags
	t, off := trim(p.raw)
	p.off = off
	if strings.HasSuffix(t, ">") {
		lt := openingBracket(t)
		if lt < 0 {
			return "", 0, p.fail(CodeBadSyntax, len(t)-1, "'>' without a matching '<'")
		}
		if name, _ := trim(t[:lt]); name != "" {
			flags |= DisplayName
		}
		inner, o := trim(t[lt+1 : len(t)-1])
		t, p.off = inner, p.off+lt+1+o
	}
	if len(t) >= 7 && strings.EqualFold(t[:7], "mailto:") {
		t = t[7:]
		p.off += 7
		// A mailto: URI may carry ?subject=…; '?' is legal in a local part,
		// so cut only after the domain starts.
		if q := strings.IndexByte(t[strings.LastIndexByte(t, '@')+1:], '?'); q >= 0 {
			t = t[:strings.LastIndexByte(t, '@')+1+q]
		}
		inner, o := trim(t)
		t, p.off = inner, p.off+o
	}
	if t == "" {
		return "", 0, &Error{Code: CodeEmpty, Detail: "empty address"}
	}
	return t, flags, nil
}

// openingBracket returns the index of the first '<' outside a quoted
// string, or -1.
func openingBracket(t string) int {
	quoted := false
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '\\':
			if quoted {
				i++
			}
		case '"':
			quoted = !quoted
		case '<':
			if !quoted {
				return i
			}
		}
	}
	return -1
}

// trim removes ASCII and Unicode white space and invisible characters that
// spreadsheets leave around cells (NBSP, zero-width space, BOM). It returns
// the trimmed string and its byte offset in s.
func trim(s string) (string, int) {
	if s == "" || (s[0] > ' ' && s[0] < utf8.RuneSelf && s[len(s)-1] > ' ' && s[len(s)-1] < utf8.RuneSelf) {
		return s, 0
	}
	l := strings.TrimLeftFunc(s, isBlank)
	return strings.TrimRightFunc(l, isBlank), len(s) - len(l)
}

func isBlank(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u180e':
		return true
	}
	return unicode.IsSpace(r)
}

// atext marks the ASCII characters allowed in a dot-atom besides '.'
// (RFC 5322 §3.2.3, as restricted by WHATWG: the same set).
var atext = func() (t [utf8.RuneSelf]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for _, c := range "!#$%&'*+-/=?^_`{|}~" {
		t[c] = true
	}
	return t
}()

// local checks a local part and returns QuotedLocal / SMTPUTF8 flags.
func (p *parser) local(l string) (Flags, error) {
	if l[0] == '"' {
		return p.quoted(l)
	}
	var flags Flags
	for i := 0; i < len(l); {
		c := l[i]
		switch {
		case c < utf8.RuneSelf && atext[c]:
			i++
			continue
		case c == '.':
			if err := p.dot(l, i); err != nil {
				return 0, err
			}
			i++
			continue
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(l[i:])
			if err := p.nonASCII(r, size, l[i], i); err != nil {
				return 0, err
			}
			flags |= SMTPUTF8
			i += size
			continue
		}
		return 0, p.illegal(c, i, "local part")
	}
	return flags, nil
}

// dot checks a '.' at index i of a dot-atom local part.
func (p *parser) dot(l string, i int) error {
	switch {
	case i == 0:
		return p.fail(CodeBadSyntax, i, "local part starts with a dot")
	case l[i-1] == '.':
		return p.fail(CodeBadSyntax, i, "two dots in a row")
	case i == len(l)-1:
		return p.fail(CodeBadSyntax, i, "local part ends with a dot")
	}
	return nil
}

// nonASCII checks a non-ASCII character of a local part: any visible
// character is allowed by RFC 6532, spaces and invisible ones are not.
func (p *parser) nonASCII(r rune, size int, b byte, i int) error {
	switch {
	case r == utf8.RuneError && size == 1:
		return p.fail(CodeBadSyntax, i, "invalid UTF-8 byte 0x%02X", b)
	case unicode.IsSpace(r):
		return p.fail(CodeBadSyntax, i, "space (U+%04X)", r)
	case !unicode.IsGraphic(r):
		return p.fail(CodeBadSyntax, i, "illegal character U+%04X", r)
	}
	return nil
}

// illegal reports an ASCII character that has no place where it was found.
func (p *parser) illegal(c byte, i int, where string) error {
	switch {
	case c == ' ' || c == '\t':
		return p.fail(CodeBadSyntax, i, "space in the %s", where)
	case c == '@':
		return p.fail(CodeBadSyntax, i, "second @")
	case c < ' ' || c == 0x7f:
		return p.fail(CodeBadSyntax, i, "control character 0x%02X in the %s", c, where)
	}
	return p.fail(CodeBadSyntax, i, "illegal character '%c' in the %s", c, where)
}

// quoted checks a quoted-string local part (RFC 5322 §3.2.4, RFC 6532 for
// non-ASCII): legal, so accepted and flagged.
func (p *parser) quoted(l string) (Flags, error) {
	flags := QuotedLocal
	for i := 1; i < len(l); {
		c := l[i]
		switch {
		case c == '"':
			if i != len(l)-1 {
				return 0, p.fail(CodeBadSyntax, i+1, "text after the closing quote")
			}
			if i == 1 {
				return 0, p.fail(CodeBadSyntax, 0, "empty quoted local part")
			}
			return flags, nil
		case c == '\\':
			if i+1 >= len(l) {
				return 0, p.fail(CodeBadSyntax, i, "backslash at the end of the local part")
			}
			switch e := l[i+1]; {
			case e >= utf8.RuneSelf:
				i++ // an escaped non-ASCII character is checked as one below
			case e < ' ' && e != '\t' || e == 0x7f:
				return 0, p.illegal(e, i+1, "local part")
			default:
				i += 2
			}
			continue
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(l[i:])
			if r == utf8.RuneError && size == 1 {
				return 0, p.fail(CodeBadSyntax, i, "invalid UTF-8 byte 0x%02X", c)
			}
			if !unicode.IsGraphic(r) {
				return 0, p.fail(CodeBadSyntax, i, "illegal character U+%04X", r)
			}
			flags |= SMTPUTF8
			i += size
			continue
		case (c < ' ' && c != '\t') || c == 0x7f:
			return 0, p.illegal(c, i, "local part")
		}
		i++
	}
	return 0, p.fail(CodeBadSyntax, 0, "unclosed quote")
}

// key lower-cases the local part of the canonical address. Non-ASCII local
// parts are also put in NFC so that composed and decomposed spellings of
// the same name match.
func key(canonical, local, dom string, f Flags) string {
	if f&SMTPUTF8 != 0 {
		return norm.NFC.String(strings.ToLower(local)) + "@" + dom
	}
	upper := false
	for i := 0; i < len(local); i++ {
		if c := local[i]; 'A' <= c && c <= 'Z' {
			upper = true
			break
		}
	}
	if !upper {
		return canonical
	}
	var b strings.Builder
	b.Grow(len(canonical))
	for i := 0; i < len(local); i++ {
		c := local[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	b.WriteByte('@')
	b.WriteString(dom)
	return b.String()
}
