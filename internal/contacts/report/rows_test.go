package report

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/xuri/excelize/v2"
)

// wantCells is what the row files must hold for sampleRow, built from the
// same translations so the test does not depend on their wording.
func wantCells(lang string) []string {
	r := sampleRow()
	explain := locale.T(lang, r.Reasons[0].LabelKey(), nil) + "; " + locale.T(lang, r.Reasons[1].LabelKey(), nil)
	return []string{
		"ada@example.com", "Ada", "Lovelace", "email first_name last_name", "subscribed_members.csv:2 +1",
		"mailchimp", "web_form", "footer form", "email_marketing: documented", "2023-03-14T09:14:02Z",
		"confirmed 2023-03-14 from 203.0.113.4", locale.T(lang, r.Status.LabelKey(), nil),
		"doi_confirmed consent_time", explain, "a.da@example.com",
	}
}

func wantHeader(lang string) []string {
	h := make([]string, len(contacts.RowColumns))
	for i, k := range contacts.RowColumns {
		h[i] = locale.T(lang, "column."+k, nil)
	}
	return h
}

func TestRowColumnsAllKnown(t *testing.T) {
	rc := newRowCells("en")
	r := sampleRow()
	for _, k := range contacts.RowColumns {
		if _, ok := rc.cell(k, &r); !ok {
			t.Errorf("column %q is not written", k)
		}
		if !locale.Shared().Has("en", "column."+k) || !locale.Shared().Has("fr", "column."+k) {
			t.Errorf("column %q has no translated header", k)
		}
	}
}

func TestRowCSV(t *testing.T) {
	for _, tt := range []struct {
		lang  string
		comma rune
	}{{"en", ','}, {"fr", ';'}} {
		t.Run(tt.lang, func(t *testing.T) {
			var b bytes.Buffer
			w := NewRowCSV(&b, tt.lang)
			evil := sampleRow()
			evil.Email, evil.Proof, evil.Reasons = "=1+1@example.com", `=HYPERLINK("http://x")`, nil
			for _, r := range []contacts.Row{sampleRow(), evil} {
				if err := w.Write(r); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			recs := readCSV(t, b.String(), tt.comma)
			if len(recs) != 3 {
				t.Fatalf("%d records, want header and 2 rows", len(recs))
			}
			if !reflect.DeepEqual(recs[0], wantHeader(tt.lang)) {
				t.Errorf("header = %q, want %q", recs[0], wantHeader(tt.lang))
			}
			if !reflect.DeepEqual(recs[1], wantCells(tt.lang)) {
				t.Errorf("row = %q\nwant %q", recs[1], wantCells(tt.lang))
			}
			checkEscaped(t, recs[2])
		})
	}
}

// checkEscaped checks the cells of the "evil" row: email and proof.
func checkEscaped(t *testing.T, cells []string) {
	t.Helper()
	if got, want := cells[0], "'=1+1@example.com"; got != want {
		t.Errorf("email = %q, want %q", got, want)
	}
	if got, want := cells[10], `'=HYPERLINK("http://x")`; got != want {
		t.Errorf("proof = %q, want %q", got, want)
	}
}

func TestRowCSVEmpty(t *testing.T) {
	var b bytes.Buffer
	w := NewRowCSV(&b, "en")
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(b.String(), "\r\n"); got != 1 {
		t.Errorf("an empty base gave %d lines, want the header alone", got)
	}
}

func TestRowXLSX(t *testing.T) {
	var b bytes.Buffer
	w := NewRowXLSX(&b, "fr")
	evil := sampleRow()
	evil.Email, evil.Proof = "=1+1@example.com", `=HYPERLINK("http://x")`
	for _, r := range []contacts.Row{sampleRow(), evil} {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Contacts"}) {
		t.Fatalf("sheets = %q, want Contacts", got)
	}
	rows, err := f.GetRows("Contacts")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want header and 2 rows", len(rows))
	}
	if !reflect.DeepEqual(rows[0], wantHeader("fr")) {
		t.Errorf("header = %q, want %q", rows[0], wantHeader("fr"))
	}
	if !reflect.DeepEqual(rows[1], wantCells("fr")) {
		t.Errorf("row = %q\nwant %q", rows[1], wantCells("fr"))
	}
	checkEscaped(t, rows[2])
	if wd, _ := f.GetColWidth("Contacts", "A"); wd != widths["email"] {
		t.Errorf("email column width = %v, want %v", wd, widths["email"])
	}
}

func TestRejectsCSV(t *testing.T) {
	var b bytes.Buffer
	w := NewRejectsCSV(&b, "fr")
	rejects := []Reject{
		{File: "a.csv", Line: 12, Column: "email", Code: "bad_syntax", Detail: "missing @"},
		{File: "a.csv", Line: 0, Code: "some_new_code", Detail: "=cmd"},
	}
	for _, r := range rejects {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := readCSV(t, b.String(), ';')
	want := [][]string{
		{"Fichier", "Ligne", "Colonne", "Code", "Raison", "Détail"},
		{"a.csv", "12", "email", "bad_syntax", locale.T("fr", "reject.bad_syntax", nil), "missing @"},
		{"a.csv", "", "", "some_new_code", "some_new_code", "'=cmd"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rejects = %q\nwant %q", got, want)
	}
}

// TestRejectCodesTranslated checks that every code the audit rejects with
// has a reason in both languages.
func TestRejectCodesTranslated(t *testing.T) {
	codes := []string{"no_email", "ragged_row", "bad_row", "invalid_address",
		"empty", "too_long", "local_too_long", "domain_too_long", "label_too_long", "bad_syntax", "bad_domain"}
	for _, c := range codes {
		for _, l := range locale.Languages {
			if !locale.Shared().Has(l, "reject."+c) {
				t.Errorf("reject.%s missing in %s", c, l)
			}
		}
	}
	for _, b := range contacts.AgeBuckets {
		for _, l := range locale.Languages {
			if !locale.Shared().Has(l, "age."+b) {
				t.Errorf("age.%s missing in %s", b, l)
			}
		}
	}
}

// readCSV reads back a CSV the report wrote: a UTF-8 BOM first (Excel
// garbles accents without it), then records separated by comma.
func readCSV(t *testing.T, s string, comma rune) [][]string {
	t.Helper()
	if !strings.HasPrefix(s, "\ufeff") {
		t.Error("no UTF-8 BOM: Excel would garble accents")
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(s, "\ufeff")))
	cr.Comma = comma
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
