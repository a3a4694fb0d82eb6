package spreadsheet

import (
	"strconv"
	"unicode/utf8"
)

// maxCellChars is Excel's limit on the text of one cell, in UTF-16 code
// units. Excel reports a file with a longer cell as damaged, so longer text
// is cut there.
const maxCellChars = 32767

// appendText appends s as XML character data: '&', '<', '>' and '"' are
// escaped, CR is written as a character reference (a parser would turn a
// literal CR into LF), and what XML 1.0 cannot carry is dropped: control
// characters other than tab, LF and CR, U+FFFE, U+FFFF and bytes that are
// not UTF-8 (lone surrogates included).
func appendText(dst []byte, s string) []byte {
	// Fast path: printable ASCII without markup characters, the usual case.
	i := 0
	for i < len(s) && i < maxCellChars {
		c := s[i]
		if c < 0x20 || c >= utf8.RuneSelf || c == '&' || c == '<' || c == '>' || c == '"' {
			break
		}
		i++
	}
	if i == len(s) {
		return append(dst, s...)
	}
	dst = append(dst, s[:i]...)
	return appendTextSlow(dst, s[i:], i)
}

func appendTextSlow(dst []byte, s string, units int) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if units++; units > maxCellChars {
				break
			}
			dst = appendASCII(dst, c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if (r == utf8.RuneError && size == 1) || r == 0xFFFE || r == 0xFFFF {
			continue
		}
		if units += utf16Len(r); units > maxCellChars {
			break
		}
		dst = append(dst, s[i-size:i]...)
	}
	return dst
}

func appendASCII(dst []byte, c byte) []byte {
	switch c {
	case '&':
		return append(dst, "&amp;"...)
	case '<':
		return append(dst, "&lt;"...)
	case '>':
		return append(dst, "&gt;"...)
	case '"':
		return append(dst, "&quot;"...)
	case '\r':
		return append(dst, "&#13;"...)
	case '\t', '\n':
		return append(dst, c)
	}
	if c < 0x20 {
		return dst
	}
	return append(dst, c)
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// needsPreserve reports whether s has leading or trailing white space,
// which XML readers drop unless the element says xml:space="preserve".
func needsPreserve(s string) bool {
	if s == "" {
		return false
	}
	return isSpace(s[0]) || isSpace(s[len(s)-1])
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// columnName returns the spreadsheet name of the zero-based column i:
// A, B, …, Z, AA, AB, …
func columnName(i int) string {
	var b [4]byte
	n := len(b)
	for i++; i > 0; i = (i - 1) / 26 {
		n--
		b[n] = byte('A' + (i-1)%26)
	}
	return string(b[n:])
}

// cellRef returns "A1"-style references: column i (zero-based), row r
// (one-based).
func cellRef(i, r int) string { return columnName(i) + strconv.Itoa(r) }
