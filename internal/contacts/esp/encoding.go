package esp

import (
	"bytes"
	"io"
	"sync/atomic"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// headSize is how much of a file Open reads to sniff it: magic numbers,
// byte order marks, NUL patterns and the header line.
const headSize = 64 << 10

// binaryWindow is how far NUL bytes are looked for, as git does: a NUL in
// the first 8,000 bytes means binary content.
const binaryWindow = 8000

// Encodings FileInfo.Encoding reports. Options.Encoding accepts the same
// names; "utf-8-bom" is read as "utf-8".
const (
	encUTF8    = "utf-8"
	encUTF8BOM = "utf-8-bom"
	encUTF16LE = "utf-16le"
	encUTF16BE = "utf-16be"
	enc1252    = "windows-1252"
)

var encodings = []string{encUTF8, encUTF8BOM, encUTF16LE, encUTF16BE, enc1252}

// text is how a file's bytes become UTF-8 text.
type text struct {
	encoding string
	bom      int // bytes of byte order mark to skip
}

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// detectText decides the encoding from the first bytes of a file, or says
// why it is not a CSV file at all. forced is Options.Encoding.
func detectText(name string, head []byte, forced string) (text, error) {
	if err := checkMagic(name, head); err != nil {
		return text{}, err
	}
	if forced != "" {
		return forcedText(name, head, forced)
	}
	switch {
	case bytes.HasPrefix(head, bomUTF16LE):
		return text{encUTF16LE, 2}, nil
	case bytes.HasPrefix(head, bomUTF16BE):
		return text{encUTF16BE, 2}, nil
	}
	utf8Text := text{encUTF8, 0}
	if bytes.HasPrefix(head, bomUTF8) {
		utf8Text = text{encUTF8BOM, 3}
	} else if enc := sniffUTF16(head); enc != "" {
		return text{enc, 0}, nil
	}
	if i := bytes.IndexByte(head[:min(len(head), binaryWindow)], 0); i >= 0 {
		return text{}, errBinary(name, int64(i))
	}
	if utf8.Valid(head[:completeRunes(head)]) {
		return utf8Text, nil
	}
	return legacyText(name, head, utf8Text.bom)
}

// legacyText is the Windows-1252 fallback for a head that is not UTF-8,
// unless it holds bytes 1252 does not define (0x81, 0x8D, 0x8F, 0x90,
// 0x9D): the text is then in some other encoding entirely.
func legacyText(name string, head []byte, bom int) (text, error) {
	for i, c := range head {
		if c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D {
			return text{}, errDecode(name, int64(i))
		}
	}
	return text{enc1252, bom}, nil
}

// completeRunes returns the length of the longest prefix of b that does
// not end inside a multi-byte sequence.
func completeRunes(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return len(b)
			}
			return i
		}
	}
	return len(b)
}

func forcedText(name string, head []byte, enc string) (text, error) {
	switch enc {
	case encUTF8, encUTF8BOM:
		if bytes.HasPrefix(head, bomUTF8) {
			return text{encUTF8BOM, 3}, nil
		}
		return text{encUTF8, 0}, nil
	case encUTF16LE, encUTF16BE:
		if bytes.HasPrefix(head, bomUTF16LE) || bytes.HasPrefix(head, bomUTF16BE) {
			return text{enc, 2}, nil
		}
		return text{enc, 0}, nil
	case enc1252:
		return text{enc1252, 0}, nil
	}
	return text{}, errUnknownEncoding(name, enc)
}

// checkMagic recognises files that are not text: PDF, Excel workbooks
// (XLSX and ODS are ZIP archives, caught where archives are opened; XLS is
// an OLE2 compound file).
func checkMagic(name string, head []byte) error {
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		return errPDF(name)
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return errSpreadsheet(name)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return errBinary(name, int64(max(0, bytes.IndexByte(head, 0)))) // an archive inside an archive
	}
	return nil
}

// sniffUTF16 recognises UTF-16 without a byte order mark from its NUL
// pattern: mostly-ASCII text has a NUL in every other byte, on the odd
// offsets for little-endian and the even ones for big-endian.
func sniffUTF16(head []byte) string {
	n := min(len(head), 4096) &^ 1
	if n < 4 {
		return ""
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if head[i] == 0 {
			even++
		}
		if head[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*10 >= pairs*7 && even*20 <= pairs:
		return encUTF16LE
	case even*10 >= pairs*7 && odd*20 <= pairs:
		return encUTF16BE
	}
	return ""
}

// transforms reports whether the text must be decoded before parsing.
// UTF-8 is parsed as it is; the parser checks each record (see fixUTF8).
func (t text) transforms() bool { return t.encoding != encUTF8 && t.encoding != encUTF8BOM }

// decode returns r as UTF-8 text.
func (t text) decode(r io.Reader) io.Reader {
	switch t.encoding {
	case encUTF16LE:
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewDecoder())
	case encUTF16BE:
		return transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewDecoder())
	case enc1252:
		return transform.NewReader(r, charmap.Windows1252.NewDecoder())
	}
	return r
}

// countReader counts the bytes read through it, for File.Offset. The count
// is atomic so a progress bar may poll it from another goroutine.
type countReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}
