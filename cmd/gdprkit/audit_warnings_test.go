package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestAuditListsWarnings: every cell of a usable row that could not be
// read reaches the user: in warnings.csv with file, line, column, the
// value found and what was expected; counted and named in report.json;
// the first ones in report.html; the file named in the terminal.
func TestAuditListsWarnings(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "crm.csv")
	data := "email,consent_at,status\n" +
		"anne@example.fr,not a date,subscribed\n" +
		"bob@example.fr,2021-01-01,=1+1\n" +
		"zoe@example.fr,2021-01-02,subscribed\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	r := run(t, nil, "audit", "--out", out, path)
	if r.code != 0 {
		t.Fatalf("audit exit %d: %s", r.code, r.stderr)
	}
	if want := filepath.Join(out, "warnings.csv"); !strings.Contains(r.stdout, want) {
		t.Errorf("stdout does not name %s:\n%s", want, r.stdout)
	}
	b, err := os.ReadFile(filepath.Join(out, "warnings.csv"))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("warnings.csv has %d lines, want a header and 2 warnings:\n%s", len(rows), b)
	}
	if want := []string{"File", "Line", "Column", "Code", "Problem", "Value found", "Detail"}; !reflect.DeepEqual(rows[0], want) {
		t.Errorf("header = %q, want %q", rows[0], want)
	}
	date, status := rows[1], rows[2]
	if date[0] != "crm.csv" || date[1] != "2" || date[2] != "consent_at" || date[3] != "bad_date" || date[5] != "not a date" ||
		!strings.Contains(date[6], "expected") {
		t.Errorf("date warning = %q", date)
	}
	if status[1] != "3" || status[2] != "status" || status[3] != "bad_value" || status[5] != "'=1+1" {
		t.Errorf("status warning = %q: want line 3, column status, the value escaped against formula injection", status)
	}
	var rep struct {
		Warnings     int    `json:"warnings"`
		WarningsFile string `json:"warnings_file"`
		Total        *int   `json:"total_contacts"`
		Rejected     *int   `json:"rejected_rows"`
	}
	b, err = os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Warnings != 2 || rep.WarningsFile != "warnings.csv" || rep.Total == nil || rep.Rejected == nil {
		t.Errorf("report.json warnings = %d, warnings_file = %q, total and rejected present: %v %v",
			rep.Warnings, rep.WarningsFile, rep.Total != nil, rep.Rejected != nil)
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"listed in warnings.csv", "<td>consent_at</td>", "<code>not a date</code>"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
}

// TestAuditHeaderOnly: a file with a header and no row is noted, by name,
// beside files that have rows; alone, it is an error (there is nothing
// to audit, and a report of 0 contacts could be read as a clean base).
func TestAuditHeaderOnly(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "cleaned.csv")
	full := filepath.Join(dir, "crm.csv")
	if err := os.WriteFile(empty, []byte("email,consent_at\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte("email,consent_at\nanne@example.fr,2021-01-01\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("beside others", func(t *testing.T) {
		for _, tt := range []struct{ lang, env, note string }{
			{"en", "LANG=en_US.UTF-8", "cleaned.csv: header only, no rows."},
			{"fr", "LANG=fr_FR.UTF-8", "cleaned.csv : en-tête seul, aucune ligne."},
		} {
			out := t.TempDir()
			r := run(t, []string{tt.env}, "audit", "--out", out, full, empty)
			if r.code != 0 {
				t.Fatalf("%s: audit exit %d: %s", tt.lang, r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, tt.note) {
				t.Errorf("%s: stdout lacks %q:\n%s", tt.lang, tt.note, r.stdout)
			}
			html, err := os.ReadFile(filepath.Join(out, "report.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(html), tt.note) {
				t.Errorf("%s: report.html lacks %q", tt.lang, tt.note)
			}
		}
	})
	t.Run("alone", func(t *testing.T) {
		out := t.TempDir()
		r := run(t, nil, "audit", "--out", out, empty)
		if r.code != 1 || !strings.Contains(r.stderr, "cleaned.csv: header only, no rows") {
			t.Errorf("exit %d, stderr %q; want 1 and the file named", r.code, r.stderr)
		}
		if _, err := os.Stat(filepath.Join(out, "report.json")); err == nil {
			t.Error("an audit of a header-only file wrote report.json")
		}
	})
}
