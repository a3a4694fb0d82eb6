package esp

import (
	"bufio"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// parseAll reads every record of s, as "line:field|field" or
// "line:error".
func parseAll(s string, comma byte, crOnly bool) []string {
	p := &parser{r: bufio.NewReaderSize(strings.NewReader(s), 16), comma: comma, crOnly: crOnly, checkUTF8: true}
	var out []string
	for {
		fields, line, err := p.next()
		var se *syntaxError
		switch {
		case errors.Is(err, io.EOF):
			return out
		case errors.As(err, &se):
			out = append(out, strconv.Itoa(line)+":bad_row("+se.raw+")")
		case err != nil:
			return append(out, err.Error())
		default:
			out = append(out, strconv.Itoa(line)+":"+strings.Join(fields, "|"))
		}
	}
}

func TestParser(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		comma  byte
		crOnly bool
		want   []string
	}{
		{"Plain", "a,b\nc,d\n", ',', false, []string{"1:a|b", "2:c|d"}},
		{"NoFinalNewline", "a,b\nc,d", ',', false, []string{"1:a|b", "2:c|d"}},
		{"EmptyFields", ",a,,\n", ',', false, []string{"1:|a||"}},
		{"QuotedLastEmptyField", "\"a\",\n", ',', false, []string{"1:a|"}},
		{"Escapes", "\"a\"\"b\",\"c,d\"\n", ',', false, []string{"1:a\"b|c,d"}},
		{"LongLine", strings.Repeat("x", 40) + ",y\n", ',', false, []string{"1:" + strings.Repeat("x", 40) + "|y"}},
		{"QuotedNewlines", "\"a\r\nb\",c\nd\n", ',', false, []string{"1:a\nb|c", "3:d"}},
		{"CROnlyWithQuotedCR", "a;\"b\rc\"\rd;e\r", ';', true, []string{"1:a|b\nc", "3:d|e"}},
		{"CROnlyMixedCRLF", "a\r\nb\rc\r", ',', true, []string{"1:a", "2:b", "3:c"}},
		{"CRInsideLFLine", "a\rb,c\n", ',', false, []string{"1:a\rb|c"}},
		{"OpenQuoteOnLastLine", "a\n\"b,c", ',', false, []string{"1:a", "2:b,c"}},
		{"OpenQuoteRecovered", "a\n\"b,c\nd,e\nf\n", ',', false, []string{"1:a", "2:bad_row(\"b,c)", "3:d|e", "4:f"}},
		{"BlankBeforeQuote", "a, \"b, c\" ,d\n", ',', false, []string{"1:a|b, c|d"}},
		{"TabBeforeQuote", "a;\t\"b;c\"\n", ';', false, []string{"1:a|b;c"}},
		{"BlankBeforeQuoteSpansLines", "a, \"b\nc\"\nd\n", ',', false, []string{"1:a|b\nc", "3:d"}},
		{"BlanksWithoutQuoteKept", "a, b ,\" \"\n", ',', false, []string{"1:a| b | "}},
		{"TabDelimitedBlankField", "a\t\t\"b\"\n", '\t', false, []string{"1:a||b"}},
		{"QuoteInsideText", "a, 5\" tall\n", ',', false, []string{"1:a| 5\" tall"}},
		{"Latin1Bytes", "j\xe9r\xf4me,\x92\n", ',', false, []string{"1:jérôme|’"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseAll(tt.in, tt.comma, tt.crOnly); !slices.Equal(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestParserLimits: a quote that is never closed swallows at most
// maxQuotedLines lines; the record is then a bad row and the lines after
// its first are read again.
func TestParserLimits(t *testing.T) {
	var b strings.Builder
	b.WriteString("h\n\"open\n")
	for i := range maxQuotedLines + 10 {
		b.WriteString("row")
		b.WriteString(string(rune('a' + i%26)))
		b.WriteString("\n")
	}
	b.WriteString("\"closing\n")
	got := parseAll(b.String(), ',', false)
	if len(got) != maxQuotedLines+13 || got[1] != "2:bad_row(\"open)" || got[2] != "3:rowa" {
		t.Errorf("got %d records starting %q", len(got), got[:min(4, len(got))])
	}
}
