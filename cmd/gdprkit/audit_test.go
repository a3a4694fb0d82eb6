package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/contacts"
)

const fixtures = "../../internal/contacts/testdata/"

func TestAuditWritesEveryReport(t *testing.T) {
	out := t.TempDir()
	r := run(t, nil, "audit", "--out", out,
		fixtures+"subscribed_email_audience_export_a1b2c3d4e5.csv",
		fixtures+"unsubscribed_email_audience_export_a1b2c3d4e5.csv",
		fixtures+"cleaned_email_audience_export_a1b2c3d4e5.csv",
		fixtures+"brevo_contacts.csv")
	if r.code != 0 {
		t.Fatalf("audit exit %d: %s", r.code, r.stderr)
	}
	for _, name := range auditFiles {
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", name, err)
		}
	}
	leftovers, _ := filepath.Glob(filepath.Join(out, ".*.tmp"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
	var rep struct {
		Total        int            `json:"total_contacts"`
		ByStatus     map[string]int `json:"by_status"`
		Rejected     *int           `json:"rejected_rows"`
		Repermission *int           `json:"repermission_segment"`
		Files        []struct {
			Path, Format, Encoding, Delimiter string
			Rows                              *int
		} `json:"files"`
	}
	b, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("report.json: %v", err)
	}
	if rep.Total != 8 {
		t.Errorf("total_contacts = %d, want 8", rep.Total)
	}
	for _, st := range contacts.Statuses {
		if _, ok := rep.ByStatus[string(st)]; !ok {
			t.Errorf("by_status lacks %q", st)
		}
	}
	if rep.Rejected == nil || rep.Repermission == nil {
		t.Error("rejected_rows or repermission_segment missing")
	}
	if len(rep.Files) != 4 {
		t.Fatalf("%d files, want 4", len(rep.Files))
	}
	brevo := rep.Files[3]
	if brevo.Format != "brevo" || brevo.Delimiter != ";" || brevo.Rows == nil || *brevo.Rows != 2 {
		t.Errorf("brevo file = %+v", brevo)
	}
	if !strings.Contains(r.stdout, "Documented") && !strings.Contains(r.stdout, "documented") {
		t.Errorf("summary table missing from output:\n%s", r.stdout)
	}
}

func TestAuditSpeaksFrench(t *testing.T) {
	out := t.TempDir()
	r := run(t, []string{"LANG=fr_FR.UTF-8"}, "audit", "--out", out, fixtures+"subscribed_email_audience_export_a1b2c3d4e5.csv")
	if r.code != 0 {
		t.Fatalf("audit exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "Audit du consentement") {
		t.Errorf("stdout not in French:\n%s", r.stdout)
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), `lang="fr"`) {
		t.Error("report.html is not French")
	}
}

func TestAuditBadInput(t *testing.T) {
	dir := t.TempDir()
	binary := filepath.Join(dir, "export.csv")
	if err := os.WriteFile(binary, []byte("PK\x03\x04\x00\x00garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	noEmail := filepath.Join(dir, "people.csv")
	if err := os.WriteFile(noEmail, []byte("Nom;Prénom;Ville\nDupont;Marie;Lyon\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		args     []string
		code     int
		mentions []string
	}{
		{"missing file", []string{"audit", "--out", dir, filepath.Join(dir, "nope.csv")}, 1, []string{"nope.csv"}},
		{"not a CSV", []string{"audit", "--out", dir, binary}, 1, []string{"export.csv"}},
		{"no e-mail column", []string{"audit", "--out", dir, noEmail}, 1, []string{"people.csv", "--map"}},
		{"unknown mapping field", []string{"audit", "--out", dir, "--map", `courriel="Email"`, noEmail}, 2, []string{"courriel"}},
		{"unknown format", []string{"audit", "--out", dir, "--format", "sendgrid", noEmail}, 2, []string{"sendgrid"}},
		{"bad zone", []string{"audit", "--out", dir, "--timezone", "Paris", noEmail}, 2, []string{"Paris"}},
		{"no file", []string{"audit"}, 2, []string{"arg"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, nil, tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d (stderr: %s)", r.code, tt.code, r.stderr)
			}
			for _, m := range tt.mentions {
				if !strings.Contains(r.stderr, m) {
					t.Errorf("stderr %q does not mention %q", r.stderr, m)
				}
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "report.json")); err == nil {
		t.Error("a failed audit wrote report.json")
	}
}

// TestAuditReportsDateLayouts: report.json says, per file and date column,
// the layouts the dates were read with, so a person can check how an
// ambiguous 03/04/2021 was read.
func TestAuditReportsDateLayouts(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "contacts.csv")
	data := "email;date d'inscription;consent_at\n" +
		"anne@example.fr;03/04/2021 14:05;2021-04-03T14:05:00.000Z\n" +
		"bob@example.fr;25/12/2020 09:00;1617458700\n"
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if r := run(t, nil, "audit", "--out", out, path); r.code != 0 {
		t.Fatalf("audit exit %d: %s", r.code, r.stderr)
	}
	var rep struct {
		Files []struct {
			DateLayouts map[string]string `json:"date_layouts"`
		} `json:"files"`
	}
	b, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil || len(rep.Files) != 1 {
		t.Fatalf("report.json: %v, %d files", err, len(rep.Files))
	}
	want := map[string]string{
		"date d'inscription": "DD/MM/YYYY HH:MM",
		"consent_at":         "YYYY-MM-DDTHH:MM:SS.fffZ, Unix epoch (seconds)",
	}
	for col, layout := range want {
		if got := rep.Files[0].DateLayouts[col]; got != layout {
			t.Errorf("date_layouts[%q] = %q, want %q", col, got, layout)
		}
	}
	html, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "read as DD/MM/YYYY HH:MM") {
		t.Error("report.html does not say how the dates were read")
	}
}
