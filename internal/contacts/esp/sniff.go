package esp

import (
	"bytes"
)

// candidates are the delimiters sniffed, in the order that breaks ties.
var candidates = []byte{',', ';', '\t', '|'}

// dialect is how a file writes CSV, read from its first lines.
type dialect struct {
	comma   byte
	crOnly  bool // lines end in CR alone
	sepLine bool // the first line is an Excel "sep=;" hint, not the header
}

// sniff reads the dialect from the start of the decoded text. forced is
// Options.Delimiter as a byte, or 0.
func sniff(sample []byte, forced byte) dialect {
	var d dialect
	if comma, ok := sepHint(sample); ok {
		d.comma, d.sepLine = comma, true
		sample = sample[lineEnd(sample):]
		sample = bytes.TrimLeft(sample, "\r\n")
	}
	header, crOnly := firstLine(sample)
	d.crOnly = crOnly
	switch {
	case forced != 0:
		d.comma = forced
	case d.comma == 0:
		d.comma = mostFrequent(header, sample[len(header):])
	}
	return d
}

// sepHint reads an Excel "sep=X" first line, quoted or not.
func sepHint(b []byte) (byte, bool) {
	b = bytes.TrimPrefix(b, []byte{'"'})
	if len(b) < 5 || !bytes.EqualFold(b[:4], []byte("sep=")) {
		return 0, false
	}
	c := b[4]
	if c == '\r' || c == '\n' || c == '"' {
		return 0, false
	}
	return c, true
}

func lineEnd(b []byte) int {
	if i := bytes.IndexAny(b, "\r\n"); i >= 0 {
		return i
	}
	return len(b)
}

// firstLine returns the first line of b, whose quoted fields may hold line
// breaks, and whether it ends with a CR alone.
func firstLine(b []byte) ([]byte, bool) {
	quoted := false
	for i, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			return b[:i], false
		case c == '\r':
			return b[:i], i+1 < len(b) && b[i+1] != '\n'
		}
	}
	return b, false
}

// mostFrequent returns the candidate delimiter seen most often outside
// quotes on the header line, or a comma when there is none (a one-column
// file). A tie, as in "Email;Name, first;Name, last", goes to the
// candidate that splits the next lines into as many fields as the header.
func mostFrequent(header, rest []byte) byte {
	counts := countDelimiters(header)
	best := 0
	for i, n := range counts {
		if n > counts[best] {
			best = i
		}
	}
	var tied []int
	for i, n := range counts {
		if n == counts[best] && n > 0 {
			tied = append(tied, i)
		}
	}
	if len(tied) > 1 {
		best = steadiest(tied, counts, rest)
	}
	return candidates[best]
}

// tieLines is how many lines after the header break a tie.
const tieLines = 20

// steadiest returns, among the tied candidates, the one whose count on the
// lines after the header most often equals its count on the header; the
// first candidate wins a tie again.
func steadiest(tied, header []int, rest []byte) int {
	matches := make([]int, len(candidates))
	for n := 0; n < tieLines && len(rest) > 0; n++ {
		rest = bytes.TrimLeft(rest, "\r\n")
		line, _ := firstLine(rest)
		rest = rest[len(line):]
		counts := countDelimiters(line)
		for _, i := range tied {
			if counts[i] == header[i] {
				matches[i]++
			}
		}
	}
	best := tied[0]
	for _, i := range tied[1:] {
		if matches[i] > matches[best] {
			best = i
		}
	}
	return best
}

// countDelimiters counts each candidate outside quotes.
func countDelimiters(line []byte) []int {
	counts := make([]int, len(candidates))
	quoted := false
	for _, c := range line {
		if c == '"' {
			quoted = !quoted
			continue
		}
		if quoted {
			continue
		}
		if i := bytes.IndexByte(candidates, c); i >= 0 {
			counts[i]++
		}
	}
	return counts
}
