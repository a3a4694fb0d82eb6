package esp_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// utf16Bytes encodes s as UTF-16, with a byte order mark if bom.
func utf16Bytes(s string, bigEndian, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	var b bytes.Buffer
	for _, u := range units {
		if bigEndian {
			b.Write([]byte{byte(u >> 8), byte(u)})
		} else {
			b.Write([]byte{byte(u), byte(u >> 8)})
		}
	}
	return b.Bytes()
}

// TestEncodingsAndDialects covers §2.1-2.2 and the generic rows of the §8
// checklist: each file must give the same contacts whatever its encoding,
// delimiter and line ends.
func TestEncodingsAndDialects(t *testing.T) {
	const excelUnicode = "Email\tPrénom\tNom\r\nalice.martin@example.com\tAlïce\tMartin\r\nbob.dupont@example.org\tBob\tDupont\r\n"
	tests := []struct {
		name      string
		data      []byte
		encoding  string
		delimiter string
		header    []string
		emails    []string
		lines     []int
		firsts    []string
	}{
		{"UTF8", []byte("email,first_name\nalice.martin@example.com,Alïce\n"),
			"utf-8", ",", []string{"email", "first_name"}, []string{"alice.martin@example.com"}, []int{2}, []string{"Alïce"}},
		{"UTF8BOM", []byte("\xEF\xBB\xBFemail,first_name\r\nalice.martin@example.com,Alïce\r\n"),
			"utf-8-bom", ",", []string{"email", "first_name"}, []string{"alice.martin@example.com"}, []int{2}, []string{"Alïce"}},
		{"UTF16LEBOMTabs", utf16Bytes(excelUnicode, false, true),
			"utf-16le", "\t", []string{"Email", "Prénom", "Nom"}, []string{"alice.martin@example.com", "bob.dupont@example.org"}, []int{2, 3}, []string{"Alïce", "Bob"}},
		{"UTF16BEBOM", utf16Bytes(excelUnicode, true, true),
			"utf-16be", "\t", []string{"Email", "Prénom", "Nom"}, []string{"alice.martin@example.com", "bob.dupont@example.org"}, []int{2, 3}, []string{"Alïce", "Bob"}},
		{"UTF16LEWithoutBOM", utf16Bytes(excelUnicode, false, false),
			"utf-16le", "\t", []string{"Email", "Prénom", "Nom"}, []string{"alice.martin@example.com", "bob.dupont@example.org"}, []int{2, 3}, []string{"Alïce", "Bob"}},
		{"Windows1252FrenchExcel", []byte("EMAIL;PRENOM;NOM\r\njerome.lefevre@example.com;J\xe9r\xf4me;Lef\xe8vre\r\n"),
			"windows-1252", ";", []string{"EMAIL", "PRENOM", "NOM"}, []string{"jerome.lefevre@example.com"}, []int{2}, []string{"Jérôme"}},
		{"CRLF", []byte("email;prenom\r\nalice.martin@example.com;Alice\r\nbob.dupont@example.org;Bob\r\n"),
			"utf-8", ";", []string{"email", "prenom"}, []string{"alice.martin@example.com", "bob.dupont@example.org"}, []int{2, 3}, []string{"Alice", "Bob"}},
		{"OldMacCR", []byte("email;prenom\ralice.martin@example.com;Alice\rbob.dupont@example.org;Bob\r"),
			"utf-8", ";", []string{"email", "prenom"}, []string{"alice.martin@example.com", "bob.dupont@example.org"}, []int{2, 3}, []string{"Alice", "Bob"}},
		{"ExcelSepHint", []byte("sep=;\r\nemail;prenom\r\nalice.martin@example.com;Alice\r\n"),
			"utf-8", ";", []string{"email", "prenom"}, []string{"alice.martin@example.com"}, []int{3}, []string{"Alice"}},
		{"SepHintOverridesSniffing", []byte("sep=|\nemail|first_name,last_name\nalice.martin@example.com|Alice,M\n"),
			"utf-8", "|", []string{"email", "first_name,last_name"}, []string{"alice.martin@example.com"}, []int{3}, []string{""}},
		{"Pipes", []byte("email|first_name\nalice.martin@example.com|Alice\n"),
			"utf-8", "|", []string{"email", "first_name"}, []string{"alice.martin@example.com"}, []int{2}, []string{"Alice"}},
		{"SemicolonsWithCommasInQuotes", []byte("\"Nom, prénom\";email;first_name\n\"Martin, Alice\";alice.martin@example.com;Alice\n"),
			"utf-8", ";", []string{"Nom, prénom", "email", "first_name"}, []string{"alice.martin@example.com"}, []int{2}, []string{"Alice"}},
		{"BlankLinesKeepPhysicalNumbers", []byte("email,first_name\n\nalice.martin@example.com,Alice\n\n\n,\nbob.dupont@example.org,Bob"),
			"utf-8", ",", []string{"email", "first_name"}, []string{"alice.martin@example.com", "bob.dupont@example.org"}, []int{3, 7}, []string{"Alice", "Bob"}},
		{"QuotedNewlinesSpanLines", []byte("email,notes,first_name\nalice.martin@example.com,\"line one\r\nline two\",Alice\nbob.dupont@example.org,x,Bob\n"),
			"utf-8", ",", []string{"email", "notes", "first_name"}, []string{"alice.martin@example.com", "bob.dupont@example.org"}, []int{2, 4}, []string{"Alice", "Bob"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, recs := records(t, "contacts.csv", tt.data, esp.Options{})
			if f.Info.Encoding != tt.encoding || f.Info.Delimiter != tt.delimiter {
				t.Errorf("encoding, delimiter = %q, %q, want %q, %q", f.Info.Encoding, f.Info.Delimiter, tt.encoding, tt.delimiter)
			}
			if !slices.Equal(f.Info.Header, tt.header) {
				t.Errorf("header = %q, want %q", f.Info.Header, tt.header)
			}
			var lines []int
			var firsts []string
			for _, r := range recs {
				lines = append(lines, r.Line)
				firsts = append(firsts, r.FirstName)
			}
			if !slices.Equal(emails(recs), tt.emails) || !slices.Equal(lines, tt.lines) || !slices.Equal(firsts, tt.firsts) {
				t.Errorf("emails, lines, first names = %q, %v, %q; want %q, %v, %q", emails(recs), lines, firsts, tt.emails, tt.lines, tt.firsts)
			}
		})
	}
}

// TestWindows1252Punctuation: bytes 0x80-0x9F are punctuation in
// Windows-1252 (’ is 0x92), not the C1 controls ISO-8859-1 would give.
func TestWindows1252Punctuation(t *testing.T) {
	data := []byte("EMAIL;PRENOM;COMMENTAIRE\r\nlea.roux@example.com;L\xe9a;aujourd\x92hui \x80 50\r\n")
	_, recs := records(t, "export.csv", data, esp.Options{})
	if got, want := attr(recs[0], "COMMENTAIRE"), "aujourd’hui € 50"; got != want {
		t.Errorf("COMMENTAIRE = %q, want %q", got, want)
	}
}

// TestLateNonUTF8Bytes: a file that is plain ASCII for its first 64 KiB
// and Windows-1252 further on is read correctly, and says so once read.
func TestLateNonUTF8Bytes(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("email;prenom\n")
	for i := 0; b.Len() < 70_000; i++ {
		b.WriteString("contact@example.com;Anne\n")
	}
	b.WriteString("jerome@example.com;J\xe9r\xf4me\n")
	f, recs := records(t, "late.csv", b.Bytes(), esp.Options{})
	if got := recs[len(recs)-1].FirstName; got != "Jérôme" {
		t.Errorf("last first name = %q, want Jérôme", got)
	}
	if f.Info.Encoding != "windows-1252" {
		t.Errorf("encoding after reading = %q, want windows-1252", f.Info.Encoding)
	}
}

// TestCellCleaning covers the spreadsheet artefacts of §2.4 and §8: NBSP
// and zero-width characters around an address, Excel's text apostrophe,
// formula-looking cells, and raw Fields kept as read.
func TestCellCleaning(t *testing.T) {
	data := []byte("email,phone,first_name,notes\n" +
		"\u00a0alice.martin@example.com\u200b ,'+33 6 12 34 56 78,=1+2,'t Hooft\n" +
		"=cmd|' /C calc'!A0,'0612345678,@SUM(A1),-5\n")
	_, recs := records(t, "cells.csv", data, esp.Options{})
	tests := []struct {
		got, want string
	}{
		{recs[0].Email, "alice.martin@example.com"},
		{recs[0].Fields[0], "\u00a0alice.martin@example.com\u200b "},
		{recs[0].Phone, "+33 6 12 34 56 78"},
		{recs[0].Fields[1], "'+33 6 12 34 56 78"},
		{recs[0].FirstName, "=1+2"},
		{attr(recs[0], "notes"), "'t Hooft"},
		{recs[1].Email, "=cmd|' /C calc'!A0"},
		{recs[1].Phone, "0612345678"},
		{recs[1].FirstName, "@SUM(A1)"},
		{attr(recs[1], "notes"), "-5"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("case %d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}

// TestHeaderCleaning: BOM, NBSP and blanks removed; duplicates suffixed;
// unnamed and trailing empty columns named by position.
func TestHeaderCleaning(t *testing.T) {
	data := []byte("\uFEFF Email\u00a0,Name,Name,,Name;\r\nalice.martin@example.com,Alice,Alicia,x,y,,,\r\n")
	f, recs := records(t, "h.csv", data, esp.Options{})
	want := []string{"Email", "Name", "Name_2", "column_4", "Name;"}
	if !slices.Equal(f.Info.Header, want) {
		t.Errorf("header = %q, want %q", f.Info.Header, want)
	}
	r := recs[0]
	if r.Name != "Alice" || attr(r, "Name_2") != "Alicia" || attr(r, "column_4") != "x" {
		t.Errorf("name, Name_2, column_4 = %q, %q, %q; want Alice, Alicia, x", r.Name, attr(r, "Name_2"), attr(r, "column_4"))
	}
	if len(r.Warnings) != 0 {
		t.Errorf("trailing empty cells gave warnings: %v", r.Warnings)
	}
}

// TestRaggedRows: short rows are padded, rows too short for the address
// are rejected, extra cells are kept as column_N with a warning.
func TestRaggedRows(t *testing.T) {
	data := []byte("first_name,email,last_name\nAlice,alice.martin@example.com\nBob\nCarla,carla.rossi@example.com,Rossi,extra,,more\n")
	f := open(t, "ragged.csv", data, esp.Options{})
	recs, probs := read(t, f)
	if got := emails(recs); !slices.Equal(got, []string{"alice.martin@example.com", "carla.rossi@example.com"}) {
		t.Fatalf("emails = %q", got)
	}
	if len(probs) != 1 {
		t.Fatalf("problems = %v, want one ragged row", probs)
	}
	p := probs[0]
	if p.Code != esp.CodeRaggedRow || p.File != "ragged.csv" || p.Line != 3 || p.Column != "email" {
		t.Errorf("problem = %+v, want ragged_row at ragged.csv:3 column email", p)
	}
	carla := recs[1]
	if attr(carla, "column_4") != "extra" || attr(carla, "column_6") != "more" {
		t.Errorf("extra cells = %v", carla.Attrs)
	}
	if len(carla.Warnings) != 1 || carla.Warnings[0].Code != esp.CodeExtraCells || carla.Warnings[0].Line != 4 || carla.Warnings[0].Column != "column_4" {
		t.Errorf("warnings = %+v, want extra_cells at line 4 column column_4", carla.Warnings)
	}
}

// TestRowProblems: each rejected row names file, line and column, and the
// reading goes on.
func TestRowProblems(t *testing.T) {
	data := []byte("email,notes\n" +
		",no address\n" +
		"alice.martin@example.com,\"a note\nover two lines\"\n" +
		"bob.dupont@example.org,\"never closed\n" +
		"carla.rossi@example.com,ok\n")
	f := open(t, "rows.csv", data, esp.Options{})
	recs, probs := read(t, f)
	if got, want := emails(recs), []string{"alice.martin@example.com", "carla.rossi@example.com"}; !slices.Equal(got, want) {
		t.Errorf("emails = %q, want %q", got, want)
	}
	want := []struct {
		code   string
		line   int
		column string
	}{
		{esp.CodeNoEmail, 2, "email"},
		{esp.CodeBadRow, 5, "notes"},
	}
	if len(probs) != len(want) {
		t.Fatalf("problems = %v, want %d", probs, len(want))
	}
	for i, w := range want {
		p := probs[i]
		if p.Code != w.code || p.Line != w.line || p.Column != w.column || p.File != "rows.csv" {
			t.Errorf("problem %d = %+v, want %s at rows.csv:%d column %s", i, p, w.code, w.line, w.column)
		}
		if !strings.HasPrefix(p.Error(), "rows.csv:") {
			t.Errorf("Error() = %q, want it to start with the file and line", p.Error())
		}
	}
	if recs[1].Line != 6 {
		t.Errorf("line after the bad row = %d, want 6", recs[1].Line)
	}
}

// TestLazyQuotes: quotes inside fields are kept, blanks after a closing
// quote are ignored.
func TestLazyQuotes(t *testing.T) {
	data := []byte("email,name,notes\nalice.martin@example.com,Jean \"Jo\" Martin,\"dit \"le grand\" bien\"\nbob.dupont@example.org,\"Bob\" ,x\n")
	_, recs := records(t, "q.csv", data, esp.Options{})
	if recs[0].Name != `Jean "Jo" Martin` || attr(recs[0], "notes") != `dit "le grand" bien` || recs[1].Name != "Bob" {
		t.Errorf("names, notes = %q, %q, %q", recs[0].Name, attr(recs[0], "notes"), recs[1].Name)
	}
}

// TestForcedOptions: the delimiter and encoding can be forced.
func TestForcedOptions(t *testing.T) {
	data := []byte("email;first_name,x,z\nalice.martin@example.com;Al\xefce,y,z\n")
	opts := esp.Options{Delimiter: ";", Encoding: "windows-1252", Mapping: esp.Mapping{"first_name": "first_name,x,z"}}
	f, recs := records(t, "forced.csv", data, opts)
	if f.Info.Delimiter != ";" || recs[0].FirstName != "Alïce,y,z" {
		t.Errorf("delimiter, first name = %q, %q; want ;, Alïce,y,z", f.Info.Delimiter, recs[0].FirstName)
	}
}

// TestHashSizeOffset: the SHA-256 and size are those of the file's bytes
// (the member's, in an archive), and Offset reaches Size at the end.
func TestHashSizeOffset(t *testing.T) {
	csv := fixture(t, "subscribed_email_audience_export_a1b2c3d4e5.csv")
	sum := sha256.Sum256(csv)
	want := hex.EncodeToString(sum[:])
	for _, tt := range []struct {
		name string
		data []byte
	}{
		{"subscribed_email_audience_export_a1b2c3d4e5.csv", csv},
		{"export.zip", zipOf(t, "subscribed_email_audience_export_a1b2c3d4e5.csv", string(csv))},
	} {
		f := open(t, tt.name, tt.data, esp.Options{})
		if got := f.SHA256(); got != want {
			t.Errorf("%s: SHA256 = %s, want %s", tt.name, got, want)
		}
		read(t, f)
		if f.Size() != int64(len(csv)) || f.Offset() != f.Size() {
			t.Errorf("%s: size, offset at the end = %d, %d; want %d, %d", tt.name, f.Size(), f.Offset(), len(csv), len(csv))
		}
	}
}

// TestOpenPath opens an archive on disk; the files share it and close it
// with the last one.
func TestOpenPath(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "export.zip")
	data := zipOf(t,
		"a/subscribed_email_audience_export_a1b2c3d4e5.csv", string(fixture(t, "subscribed_email_audience_export_a1b2c3d4e5.csv")),
		"a/cleaned_email_audience_export_a1b2c3d4e5.csv", string(fixture(t, "cleaned_email_audience_export_a1b2c3d4e5.csv")))
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	files, err := esp.Open(path, esp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Info.Name)
		read(t, f)
		if err := f.Close(); err != nil {
			t.Errorf("Close %s: %v", f.Info.Name, err)
		}
	}
	want := []string{"export.zip/a/subscribed_email_audience_export_a1b2c3d4e5.csv", "export.zip/a/cleaned_email_audience_export_a1b2c3d4e5.csv"}
	if !slices.Equal(names, want) {
		t.Errorf("names = %q, want %q", names, want)
	}
}
