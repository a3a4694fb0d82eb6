package contacts_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/locale"
)

func audit(t *testing.T, lang string, paths []string, sinks contacts.Sinks) (*contacts.Summary, error) {
	t.Helper()
	a := &contacts.Auditor{Now: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC), Lang: lang}
	return a.Run(context.Background(), paths, sinks)
}

// TestAuditWarnings: every cell warning reaches the Warning sink as it is
// read, naming the cell and the value found; the summary counts them all
// and keeps only the first contacts.WarningsKept.
func TestAuditWarnings(t *testing.T) {
	const n = contacts.WarningsKept + 50
	var b strings.Builder
	b.WriteString("email,consent_at\n")
	for i := range n {
		fmt.Fprintf(&b, "user%d@example.com,someday %d\n", i, i)
	}
	path := filepath.Join(t.TempDir(), "crm.csv")
	writeFile(t, path, b.String())
	var got []contacts.Warning
	sum, err := audit(t, "en", []string{path}, contacts.Sinks{Warning: func(w contacts.Warning) error {
		got = append(got, w)
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n || sum.Warnings != n {
		t.Fatalf("sink got %d warnings, summary counts %d; want %d", len(got), sum.Warnings, n)
	}
	want := contacts.Warning{File: "crm.csv", Line: n + 1, Column: "consent_at", Code: esp.CodeBadDate, Value: fmt.Sprintf("someday %d", n-1)}
	if last := got[n-1]; last.File != want.File || last.Line != want.Line || last.Column != want.Column || last.Code != want.Code ||
		last.Value != want.Value || !strings.Contains(last.Detail, "expected") {
		t.Errorf("last warning = %+v, want %+v with what was expected", last, want)
	}
	if len(sum.FirstWarnings) != contacts.WarningsKept || sum.FirstWarnings[0].Line != 2 || sum.FirstWarnings[0].Value != "someday 0" {
		t.Errorf("summary keeps %d warnings, the first %+v; want %d from line 2", len(sum.FirstWarnings), sum.FirstWarnings[0], contacts.WarningsKept)
	}
}

// TestAuditHeaderOnly: a file with a header and no row is fine beside
// others, and an error (naming it) when no file has a row.
func TestAuditHeaderOnly(t *testing.T) {
	dir := t.TempDir()
	empty, full := filepath.Join(dir, "cleaned.csv"), filepath.Join(dir, "crm.csv")
	writeFile(t, empty, "email,consent_at\n")
	writeFile(t, full, "email,consent_at\nanne@example.fr,2021-01-01\n")
	sum, err := audit(t, "en", []string{full, empty}, contacts.Sinks{})
	if err != nil {
		t.Fatalf("a header-only file beside another: %v", err)
	}
	if len(sum.Files) != 2 || sum.Files[1].Rows != 0 || sum.TotalContacts != 1 {
		t.Errorf("files %+v, %d contacts", sum.Files, sum.TotalContacts)
	}
	_, err = audit(t, "en", []string{empty}, contacts.Sinks{})
	e := gdprkit.AsError(err)
	if e == nil || e.Code != gdprkit.EINVALID || e.Key != "esp.header_only" || e.Args["file"] != "cleaned.csv" {
		t.Fatalf("a header-only file alone: err = %v, want EINVALID esp.header_only naming cleaned.csv", err)
	}
	for _, lang := range locale.Languages {
		if msg := locale.T(lang, e.Key, e.Args); !strings.HasPrefix(msg, "cleaned.csv") {
			t.Errorf("%s: message %q does not start with the file", lang, msg)
		}
	}
}

// TestPurposeLabel: purposes gdprkit knows are translated; the ones a
// provider names (HubSpot subscription types) read as words in both
// languages, never as a translation key.
func TestPurposeLabel(t *testing.T) {
	for _, lang := range locale.Languages {
		tests := []struct{ purpose, want string }{
			{esp.PurposeEmail, locale.T(lang, "purpose.email_marketing", nil)},
			{"", locale.T(lang, "purpose.email_marketing", nil)},
			{esp.PurposeSMS, locale.T(lang, "purpose.sms_marketing", nil)},
			{"marketing_information", "Marketing information"},
			{"one_to_one", "One to one"},
			{"écoles", "Écoles"},
		}
		for _, tt := range tests {
			if got := contacts.PurposeLabel(lang, tt.purpose); got != tt.want {
				t.Errorf("PurposeLabel(%q, %q) = %q, want %q", lang, tt.purpose, got, tt.want)
			}
		}
	}
}

// TestHubSpotPurposeInRows: the documented base names a HubSpot
// subscription type readably, in both languages.
func TestHubSpotPurposeInRows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "hubspot-crm-exports-all-contacts-2024-11-02.csv")
	writeFile(t, path, "Record ID,First Name,Last Name,Email,Legal basis for processing contact's data,Opted out of email: Marketing Information,Create Date\n"+
		"1,Félix,Moreau,felix@example.org,Freely given consent from contact,true,2021-02-03 08:05\n")
	for _, lang := range locale.Languages {
		var rows []string
		_, err := audit(t, lang, []string{path}, contacts.Sinks{Contact: func(r *contacts.Row) error {
			rows = append(rows, r.Purpose)
			return nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || !strings.Contains(rows[0], "Marketing information: "+locale.T(lang, contacts.Withdrawn.LabelKey(), nil)) ||
			strings.Contains(rows[0], "purpose.") {
			t.Errorf("%s: purpose column = %q", lang, rows)
		}
		if got := contacts.PurposeText(lang, []contacts.Assessment{{Purpose: "marketing_information"}}); got != "Marketing information" {
			t.Errorf("%s: PurposeText = %q", lang, got)
		}
	}
}
