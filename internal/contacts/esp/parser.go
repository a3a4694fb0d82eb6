package esp

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Limits of one quoted field. A quote left open would otherwise swallow the
// rest of the file into one cell; past these, the record is reported as a
// bad row and reading resumes on the line after the one it started on.
const (
	maxQuotedLines = 1000
	maxRecordBytes = 1 << 20
)

// parser splits decoded text into records. It reads RFC 4180 CSV liberally:
// lines may end in LF, CRLF or CR alone; a quote inside an unquoted field,
// or inside a quoted field but not before a delimiter, is kept as a
// character (lazy quotes); blanks between a closing quote and the next
// delimiter are ignored. Like encoding/csv, it builds one string per record
// and slices the fields out of it. Blanks before an opening quote are
// dropped, as in a, "Smith, Anne": hand-written and some exported files put
// a space after each delimiter.
type parser struct {
	r       *bufio.Reader
	comma   byte
	crOnly  bool      // lines end in CR alone (old Mac files)
	skipLF  bool      // in CR mode, the last line ended in CR: a LF next belongs to it
	line    int       // physical lines consumed so far
	long    []byte    // a line longer than the bufio buffer
	pending []rawLine // lines to read again after a recovery
	cont    []rawLine // copies of the continuation lines of the current record
	first   []byte    // the current record's first line, valid until the next read
	raw     string    // a copy of it, made when the record spans lines
	buf     []byte    // unescaped fields of the current record
	ends    []int     // end of each field in buf
	// checkUTF8 is set for UTF-8 text: each record is validated, and one
	// that holds invalid bytes is decoded as Windows-1252 (fixUTF8).
	checkUTF8 bool
	invalid   bool     // a record held bytes that are not UTF-8
	spare     []byte   // the other buffer of fixUTF8
	slots     []string // the block take carves Fields from
}

// rawLine is a physical line without its terminator.
type rawLine struct {
	b  []byte
	nl bool // a line terminator followed it
}

// syntaxError is a record that cannot be recovered: a quoted field still
// open at the end of the file or past the limits.
type syntaxError struct {
	line  int    // where the record starts
	field int    // index of the field that is open
	raw   string // the record's first line
	why   string
}

func (e *syntaxError) Error() string { return e.why }

// next returns the fields of the next record and the physical line where
// it starts. Empty lines are skipped. At the end it returns io.EOF.
func (p *parser) next() ([]string, int, error) {
	l, err := p.nextLine()
	for err == nil && len(l.b) == 0 && l.nl {
		l, err = p.nextLine()
	}
	if err != nil {
		return nil, 0, err
	}
	if len(l.b) == 0 {
		return nil, 0, io.EOF
	}
	start := p.line
	p.buf, p.ends, p.cont = p.buf[:0], p.ends[:0], p.cont[:0]
	p.first, p.raw = l.b, ""
	if err := p.fields(l); err != nil {
		var se *syntaxError
		if errors.As(err, &se) {
			p.recover(start)
			se.line, se.raw = start, p.raw
		}
		return nil, start, err
	}
	return p.record(), start, nil
}

// fields splits one record starting at line l into p.buf and p.ends.
func (p *parser) fields(l rawLine) error {
	b := l.b
	for {
		b = p.skipBlanksBeforeQuote(b)
		if len(b) == 0 || b[0] != '"' {
			i := bytes.IndexByte(b, p.comma)
			if i < 0 {
				p.field(b)
				return nil
			}
			p.field(b[:i])
			b = b[i+1:]
			continue
		}
		var last bool
		var err error
		if b, l.nl, last, err = p.quoted(b[1:], l.nl); err != nil || last {
			return err
		}
	}
}

// skipBlanksBeforeQuote drops the spaces (and tabs, unless tab is the
// delimiter) that precede an opening quote, so that the field is read as
// quoted instead of as text holding quotes and, worse, split at a
// delimiter inside them. A field of blanks and text keeps its blanks.
func (p *parser) skipBlanksBeforeQuote(b []byte) []byte {
	for i, c := range b {
		switch {
		case c == '"':
			return b[i:]
		case c == ' ' || c == '\t' && p.comma != '\t':
		default:
			return b
		}
	}
	return b
}

func (p *parser) field(b []byte) {
	p.buf = append(p.buf, b...)
	p.ends = append(p.ends, len(p.buf))
}

// quoted reads a quoted field whose opening quote has been consumed. It
// returns what follows the field on its last line, whether that line has a
// terminator, and whether the field ended the record.
func (p *parser) quoted(b []byte, nl bool) (rest []byte, restNL, last bool, err error) {
	lines := 0
	for {
		i := bytes.IndexByte(b, '"')
		if i >= 0 {
			p.buf = append(p.buf, b[:i]...)
			b = b[i+1:]
			switch {
			case len(b) > 0 && b[0] == '"':
				p.buf = append(p.buf, '"')
				b = b[1:]
			case closes(b, p.comma):
				return p.closeField(b, nl)
			default:
				p.buf = append(p.buf, '"')
			}
			continue
		}
		p.buf = append(p.buf, b...)
		if !nl {
			return p.openAtEOF(lines)
		}
		next, err := p.continuation(&lines)
		if err != nil {
			return nil, false, false, err
		}
		p.buf = append(p.buf, '\n')
		b, nl = next.b, next.nl
	}
}

// closeField ends a quoted field at b, which holds only blanks before the
// delimiter or the end of the line.
func (p *parser) closeField(b []byte, nl bool) ([]byte, bool, bool, error) {
	p.ends = append(p.ends, len(p.buf))
	i := bytes.IndexByte(b, p.comma)
	if i < 0 {
		return nil, nl, true, nil
	}
	rest := b[i+1:]
	if len(rest) == 0 {
		p.field(nil) // a delimiter ends the line: one more empty field
		return nil, nl, true, nil
	}
	return rest, nl, false, nil
}

// closes reports whether a quote followed by b closes a quoted field: only
// blanks stand between it and a delimiter or the end of the line.
func closes(b []byte, comma byte) bool {
	for _, c := range b {
		switch c {
		case comma:
			return true
		case ' ', '\t':
		default:
			return false
		}
	}
	return true
}

// openAtEOF handles the end of the file inside a quoted field: on the
// record's first line the field simply ends there (lazy quotes); if it
// already swallowed other lines the record cannot be trusted.
func (p *parser) openAtEOF(lines int) ([]byte, bool, bool, error) {
	if lines == 0 {
		p.ends = append(p.ends, len(p.buf))
		return nil, false, true, nil
	}
	return nil, false, false, &syntaxError{field: len(p.ends), why: "a quoted field is still open at the end of the file"}
}

// continuation reads the next line of a quoted field that spans lines,
// keeping a copy for recovery.
func (p *parser) continuation(lines *int) (rawLine, error) {
	if *lines == 0 {
		p.raw = string(p.first) // the next read may reuse its bytes
	}
	*lines++
	if *lines > maxQuotedLines || len(p.buf) > maxRecordBytes {
		return rawLine{}, &syntaxError{field: len(p.ends), why: "a quoted field spans too many lines: a quote is probably missing"}
	}
	l, err := p.nextLine()
	if errors.Is(err, io.EOF) {
		return rawLine{}, &syntaxError{field: len(p.ends), why: "a quoted field is still open at the end of the file"}
	}
	if err != nil {
		return rawLine{}, err
	}
	p.cont = append(p.cont, rawLine{b: bytes.Clone(l.b), nl: l.nl})
	return l, nil
}

// recover makes the lines after a bad record's first line readable again.
func (p *parser) recover(start int) {
	p.pending = append(p.cont, p.pending...)
	p.cont = nil
	p.line = start
}

// record builds the fields of the current record from one string.
func (p *parser) record() []string {
	if p.checkUTF8 && !utf8.Valid(p.buf) {
		p.fixUTF8()
	}
	s := string(p.buf)
	fields := p.take(len(p.ends))
	prev := 0
	for i, end := range p.ends {
		fields[i] = s[prev:end]
		prev = end
	}
	return fields
}

// take returns a slice of n strings carved from a shared block: one
// allocation for many records instead of one each. The slice is capped, so
// appending to a record's Fields never writes into the next one's.
func (p *parser) take(n int) []string {
	if cap(p.slots)-len(p.slots) < n {
		p.slots = make([]string, 0, max(4096, n))
	}
	start := len(p.slots)
	p.slots = p.slots[:start+n]
	return p.slots[start : start+n : start+n]
}

// fixUTF8 decodes, field by field, the bytes of the current record that
// are not valid UTF-8 as Windows-1252: a UTF-8 file with a few stray bytes,
// or a Windows-1252 file whose first 64 KiB happened to be plain ASCII.
func (p *parser) fixUTF8() {
	out := p.spare[:0]
	prev := 0
	for i, end := range p.ends {
		for b := p.buf[prev:end]; len(b) > 0; {
			r, size := utf8.DecodeRune(b)
			if r == utf8.RuneError && size == 1 {
				out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(b[0]))
			} else {
				out = append(out, b[:size]...)
			}
			b = b[size:]
		}
		prev = end
		p.ends[i] = len(out)
	}
	p.spare, p.buf = p.buf, out
	p.invalid = true
}

// nextLine returns the next physical line, from the recovery queue first.
// The returned bytes are valid until the next call.
func (p *parser) nextLine() (rawLine, error) {
	if len(p.pending) > 0 {
		l := p.pending[0]
		p.pending = p.pending[1:]
		p.line++
		return l, nil
	}
	l, err := p.readLine()
	if err == nil {
		p.line++
	}
	return l, err
}

// readLine reads one line from r and strips its terminator.
func (p *parser) readLine() (rawLine, error) {
	delim := byte('\n')
	if p.crOnly {
		delim = '\r'
		p.skipCRLF()
	}
	b, err := p.r.ReadSlice(delim)
	if errors.Is(err, bufio.ErrBufferFull) {
		b, err = p.readLong(b, delim)
	}
	if len(b) == 0 && err != nil {
		return rawLine{}, err
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return rawLine{}, err
	}
	return p.trim(b), nil
}

// skipCRLF drops the LF of a CRLF met in a CR file. It runs before the
// next read rather than after the CR, because peeking could move the bytes
// of the line just returned.
func (p *parser) skipCRLF() {
	if !p.skipLF {
		return
	}
	p.skipLF = false
	if c, err := p.r.ReadByte(); err == nil && c != '\n' {
		_ = p.r.UnreadByte()
	}
}

// readLong gathers a line longer than the bufio buffer.
func (p *parser) readLong(b []byte, delim byte) ([]byte, error) {
	p.long = append(p.long[:0], b...)
	for {
		b, err := p.r.ReadSlice(delim)
		p.long = append(p.long, b...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return p.long, err
		}
	}
}

// trim removes the line terminator: LF or CRLF, or CR (and a LF after it)
// in CR mode.
func (p *parser) trim(b []byte) rawLine {
	n := len(b)
	if p.crOnly {
		if n > 0 && b[n-1] == '\r' {
			p.skipLF = true
			return rawLine{b: b[:n-1], nl: true}
		}
		return rawLine{b: b}
	}
	if n > 0 && b[n-1] == '\n' {
		n--
		if n > 0 && b[n-1] == '\r' {
			n--
		}
		return rawLine{b: b[:n], nl: true}
	}
	return rawLine{b: b}
}
