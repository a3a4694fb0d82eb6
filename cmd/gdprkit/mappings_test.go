package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSavedMappingIsReused(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "crm-janvier.csv")
	second := filepath.Join(dir, "crm-fevrier.csv")
	if err := os.WriteFile(first, []byte("Courriel;Nom;Date opt-in;Formulaire\nmarie@example.fr;Dupont;14/03/2023 09:14;footer\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Same columns, another order and case: the same layout.
	if err := os.WriteFile(second, []byte("NOM;COURRIEL;FORMULAIRE;DATE OPT-IN\nMartin;jean@example.fr;footer;01/02/2024 10:00\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	spec := `email="Courriel",last_name="Nom",consent_at="Date opt-in",consent_source="Formulaire"`
	r := run(t, nil, "audit", "--data-dir", data, "--out", filepath.Join(dir, "a1"), "--map", spec, "--save-map", "CRM", first)
	if r.code != 0 || !strings.Contains(r.stdout, "Mapping saved as “CRM”") {
		t.Fatalf("save: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, nil, "audit", "--data-dir", data, "--out", filepath.Join(dir, "a2"), second)
	if r.code != 0 || !strings.Contains(r.stdout, "read with the saved mapping “CRM”") {
		t.Fatalf("reuse by header: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	report, err := os.ReadFile(filepath.Join(dir, "a2", "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(report), `"documented": 1`) {
		t.Errorf("the saved mapping did not read the consent columns:\n%s", report)
	}
	r = run(t, nil, "import", "--data-dir", data, "--use-map", "CRM", first)
	if r.code != 0 || !strings.Contains(r.stdout, "1 new contact,") {
		t.Fatalf("import --use-map: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, nil, "import", "--data-dir", data, "--use-map", "Nope", first)
	if r.code != 2 || !strings.Contains(r.stderr, "CRM") {
		t.Errorf("unknown mapping: exit %d, stderr %q", r.code, r.stderr)
	}
}
