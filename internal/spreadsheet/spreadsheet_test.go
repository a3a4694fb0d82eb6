package spreadsheet

import (
	"bytes"
	"strings"
	"testing"
)

func TestEscapeFormula(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=1+1", "'=1+1"},
		{`=HYPERLINK("http://x")`, `'=HYPERLINK("http://x")`},
		{"+33 6 12 34 56 78", "'+33 6 12 34 56 78"},
		{"-12", "'-12"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{" =1", " =1"},
		{"a=1", "a=1"},
		{"'=1", "'=1"},
		{"12", "12"},
	}
	for _, tt := range tests {
		if got := EscapeFormula(tt.in); got != tt.want {
			t.Errorf("EscapeFormula(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCSV(t *testing.T) {
	records := [][]string{
		{"email", "note"},
		{"a@example.com", `say "hi", then go`},
		{"b@example.com", "two\nlines"},
		{"c@example.com", `=HYPERLINK("http://x")`},
		{"d@example.com", "café; crème"},
	}
	// encoding/csv with UseCRLF also writes a line break inside a cell as
	// CRLF, which RFC 4180 allows and Excel reads as one line break.
	tests := []struct {
		name string
		opt  CSVOptions
		want string
	}{
		{"Comma", CSVOptions{}, "email,note\r\n" +
			"a@example.com,\"say \"\"hi\"\", then go\"\r\n" +
			"b@example.com,\"two\r\nlines\"\r\n" +
			"c@example.com,\"'=HYPERLINK(\"\"http://x\"\")\"\r\n" +
			"d@example.com,café; crème\r\n"},
		{"ExcelFR", ExcelFR, "\ufeffemail;note\r\n" +
			"a@example.com;\"say \"\"hi\"\", then go\"\r\n" +
			"b@example.com;\"two\r\nlines\"\r\n" +
			"c@example.com;\"'=HYPERLINK(\"\"http://x\"\")\"\r\n" +
			"d@example.com;\"café; crème\"\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			c := NewCSV(&b, tt.opt)
			for _, r := range records {
				if err := c.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := c.Flush(); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestCSVKeepsRecord(t *testing.T) {
	rec := []string{"=1"}
	c := NewCSV(&bytes.Buffer{}, CSVOptions{})
	if err := c.Write(rec); err != nil {
		t.Fatal(err)
	}
	if rec[0] != "=1" {
		t.Errorf("Write changed the caller's record to %q", rec[0])
	}
}

func TestCSVEmptyWithBOM(t *testing.T) {
	var b bytes.Buffer
	if err := NewCSV(&b, ExcelFR).Flush(); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "\ufeff" {
		t.Errorf("got %q, want the BOM alone", got)
	}
}

func TestAppendText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"Plain", "hello", "hello"},
		{"Markup", `a & b < c > d "e"`, "a &amp; b &lt; c &gt; d &quot;e&quot;"},
		{"Whitespace", "a\tb\nc\rd", "a\tb\nc&#13;d"},
		{"Controls", "a\x00b\x01c\x1fd\x7fe", "abcd\x7fe"},
		{"NonCharacters", "a\uFFFEb\uFFFFc\uFFFDd", "abc\uFFFDd"},
		{"LoneSurrogate", "a\xed\xa0\x80b", "ab"},
		{"InvalidUTF8", "a\xffb\xc3", "ab"},
		{"Accents", "café <crème>", "café &lt;crème&gt;"},
		{"Astral", "😀", "😀"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(appendText(nil, tt.in)); got != tt.want {
				t.Errorf("appendText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestAppendTextTruncates(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int // runes kept
	}{
		{"ASCII", strings.Repeat("a", maxCellChars+10), maxCellChars},
		{"Accents", strings.Repeat("é", maxCellChars+10), maxCellChars},
		{"Astral", strings.Repeat("😀", maxCellChars), maxCellChars / 2},
		{"AtLimit", strings.Repeat("a", maxCellChars), maxCellChars},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len([]rune(string(appendText(nil, tt.in)))); got != tt.want {
				t.Errorf("kept %d characters, want %d", got, tt.want)
			}
		})
	}
}

func TestColumnName(t *testing.T) {
	tests := []struct {
		i    int
		want string
	}{{0, "A"}, {25, "Z"}, {26, "AA"}, {51, "AZ"}, {52, "BA"}, {701, "ZZ"}, {702, "AAA"}, {MaxColumns - 1, "XFD"}}
	for _, tt := range tests {
		if got := columnName(tt.i); got != tt.want {
			t.Errorf("columnName(%d) = %q, want %q", tt.i, got, tt.want)
		}
	}
}
