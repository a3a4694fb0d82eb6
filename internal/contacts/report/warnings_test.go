package report

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/locale"
)

func TestWarningsCSV(t *testing.T) {
	var b bytes.Buffer
	w := NewWarningsCSV(&b, "fr")
	warnings := []Warning{
		{File: "a.csv", Line: 12, Column: "OPTIN_TIME", Code: "bad_date", Value: "31/02/2021", Detail: "expected DD/MM/YYYY"},
		{File: "a.csv", Line: 13, Column: "Statut", Code: "some_new_code", Value: "=HYPERLINK(\"http://x\")", Detail: "@cmd"},
	}
	for _, r := range warnings {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got := readCSV(t, b.String(), ';')
	want := [][]string{
		{"Fichier", "Ligne", "Colonne", "Code", "Problème", "Valeur trouvée", "Détail"},
		{"a.csv", "12", "OPTIN_TIME", "bad_date", locale.T("fr", "esp.problem.bad_date", nil), "31/02/2021", "expected DD/MM/YYYY"},
		{"a.csv", "13", "Statut", "some_new_code", "some_new_code", "'=HYPERLINK(\"http://x\")", "'@cmd"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warnings = %q\nwant %q", got, want)
	}
}

// TestWarningsCSVEmpty: with no warning the file still has its header, as
// the rejects file does.
func TestWarningsCSVEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := NewWarningsCSV(&b, "en").Close(); err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimPrefix(b.String(), "\ufeff"); got != "File,Line,Column,Code,Problem,Value found,Detail\r\n" {
		t.Errorf("empty warnings file = %q", got)
	}
}

// TestWarningCodesTranslated checks that every warning code the readers
// use has a problem label in both languages.
func TestWarningCodesTranslated(t *testing.T) {
	for _, c := range []string{"bad_date", "bad_bool", "bad_json", "bad_value", "extra_cells"} {
		for _, l := range locale.Languages {
			if !locale.Shared().Has(l, "esp.problem."+c) {
				t.Errorf("esp.problem.%s missing in %s", c, l)
			}
		}
	}
}

// TestWriteHTMLWarnings: the first warnings are listed under the count,
// escaped, with the file that has them all.
func TestWriteHTMLWarnings(t *testing.T) {
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			h := render(t, sample(), lang)
			mustContain(t, h,
				locale.T(lang, "report.warnings.file", map[string]any{"File": "warnings.csv"}),
				locale.Shared().N(lang, "report.warnings.shown", 2, map[string]any{"Count": "2"}),
				`<td class="path">brevo.csv</td><td class="num">14</td><td>DATE_OPTIN</td><td>`+locale.T(lang, "esp.problem.bad_date", nil)+`</td><td><code>31/02/2021</code></td>`,
				"<code>&lt;b&gt;peut-être&lt;/b&gt;</code>",
			)
			if strings.Contains(h, "<b>peut") {
				t.Error("a warning's value is not escaped")
			}
		})
	}
}

// TestWriteHTMLWarningsCapped: report.html lists at most maxWarnings.
func TestWriteHTMLWarningsCapped(t *testing.T) {
	s := sample()
	s.FirstWarnings = nil
	for i := range contacts.WarningsKept {
		s.FirstWarnings = append(s.FirstWarnings, contacts.Warning{File: "big.csv", Line: i + 2, Column: "d", Code: "bad_date", Value: "x"})
	}
	s.Warnings = 5000
	h := render(t, s, "en")
	if n := strings.Count(h, `<td class="path">big.csv</td>`); n != maxWarnings {
		t.Errorf("report.html lists %d warnings, want %d", n, maxWarnings)
	}
	mustContain(t, h, "The first 10 are listed below.")
}

// TestWriteHTMLHeaderOnly: a file without rows is named in a note, in
// both languages, and marked in the files table.
func TestWriteHTMLHeaderOnly(t *testing.T) {
	s := sample()
	s.Files = append(s.Files, contacts.FileSummary{Path: "cleaned_members.csv", Format: "mailchimp"})
	for _, lang := range []string{"en", "fr"} {
		h := render(t, s, lang)
		mustContain(t, h,
			locale.T(lang, "report.files.header_only_note", map[string]any{"File": "cleaned_members.csv"}),
			locale.T(lang, "report.files.header_only", nil))
		if n := strings.Count(h, locale.T(lang, "report.files.header_only", nil)); n != 1 {
			t.Errorf("%s: %d files marked header-only, want 1", lang, n)
		}
	}
}

// TestWriteHTMLProviderPurpose: a purpose named by the provider (a
// HubSpot subscription type) shows as a readable name, never as a
// translation key.
func TestWriteHTMLProviderPurpose(t *testing.T) {
	s := sample()
	s.ByPurpose = append(s.ByPurpose, contacts.PurposeSummary{Purpose: "marketing_information",
		ByStatus: map[contacts.Status]int{contacts.Withdrawn: 3}})
	for _, lang := range []string{"en", "fr"} {
		h := render(t, s, lang)
		mustContain(t, h, `<th scope="row">Marketing information<span class="split">`,
			`<th scope="row">`+locale.T(lang, "purpose.sms_marketing", nil)+`<span class="split">`)
		if strings.Contains(h, "purpose.") {
			t.Errorf("%s: report.html shows a purpose key", lang)
		}
	}
}
