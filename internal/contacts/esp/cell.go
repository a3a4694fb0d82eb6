package esp

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// trimCell returns a cell without surrounding blanks (ASCII, NBSP,
// zero-width) and without the leading apostrophe Excel uses to keep
// '+33 6… or '0612… as text. The common case, a cell that starts and ends
// with a printable ASCII character, costs two comparisons.
func trimCell(s string) string {
	if s == "" {
		return s
	}
	first, last := s[0], s[len(s)-1]
	if first > ' ' && first < 0x80 && first != '\'' && last > ' ' && last < 0x80 {
		return s
	}
	s = strings.TrimFunc(s, isBlank)
	if len(s) > 1 && s[0] == '\'' && isTextMarked(s[1]) {
		s = s[1:]
	}
	return s
}

// isBlank is a space for trimming: Unicode white space and the zero-width
// characters that copy and paste leaves around values.
func isBlank(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF':
		return true
	}
	return unicode.IsSpace(r)
}

// isTextMarked reports whether c, after an apostrophe, starts something
// Excel would otherwise turn into a number or a formula.
func isTextMarked(c byte) bool {
	return c >= '0' && c <= '9' || c == '+' || c == '-' || c == '=' || c == '@'
}

// parseBool reads a yes/no cell leniently, in English and French; Brevo's
// DOUBLE_OPT-IN category writes 1 for yes and 2 for no. ok is false for a
// value that is neither.
func parseBool(s string) (v, ok bool) {
	var buf [16]byte
	if s == "" || len(s) > len(buf) {
		return false, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	switch string(buf[:len(s)]) {
	case "1", "yes", "y", "true", "t", "oui", "o", "vrai", "x", "on", "subscribed":
		return true, true
	case "0", "2", "no", "n", "false", "f", "non", "faux", "off", "unsubscribed", "non-subscribed", "nonsubscribed":
		return false, true
	}
	return false, false
}

// appendTags appends the tags listed in one cell: Mailchimp's
// "Member","2025 waiver" (quoted, comma-separated) or plain values
// separated by commas, semicolons or pipes.
func appendTags(dst []string, s string) []string {
	sep := tagSeparator(s)
	for s != "" {
		var tag string
		s = strings.TrimLeft(s, " \t")
		if strings.HasPrefix(s, `"`) {
			tag, s = quotedTag(s[1:])
		} else {
			tag, s, _ = strings.Cut(s, string(sep))
		}
		if tag = trimCell(tag); tag != "" {
			dst = append(dst, tag)
		}
		s = strings.TrimLeft(s, " \t")
		s = strings.TrimPrefix(s, string(sep))
	}
	return dst
}

func tagSeparator(s string) byte {
	if strings.HasPrefix(s, `"`) || strings.IndexByte(s, ',') >= 0 {
		return ','
	}
	for _, c := range []byte{';', '|'} {
		if strings.IndexByte(s, c) >= 0 {
			return c
		}
	}
	return ','
}

// quotedTag reads a tag after its opening quote; a doubled quote stands for
// one quote. It returns the tag and what follows its closing quote.
func quotedTag(s string) (tag, rest string) {
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '"' {
			tag, rest = quotedTagEscaped(s)
			return tag, rest
		}
		return s[:i], s[i+1:]
	}
	return s, ""
}

func quotedTagEscaped(s string) (string, string) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == '"' {
			b.WriteByte('"')
			i++
			continue
		}
		return b.String(), s[i+1:]
	}
	return b.String(), ""
}

// slug turns a label into a lower-case ASCII purpose or channel name:
// "Marketing Information" -> "marketing_information".
func slug(s string) string {
	var b strings.Builder
	pending := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if pending && b.Len() > 0 {
				b.WriteByte('_')
			}
			pending = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r):
		default:
			pending = true
		}
	}
	return b.String()
}
