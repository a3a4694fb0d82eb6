package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestUsageMistakes: the mistakes a new user makes get one translated line
// naming the argument, flag or value and what was expected, and exit 2
// for usage errors, 1 for files that cannot be read.
func TestUsageMistakes(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(csv, []byte("email\nmarie@example.fr\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	data := "--data-dir=" + filepath.Join(dir, "data")
	tests := []struct {
		name string
		lang string
		args []string
		code int
		want string
	}{
		{"NoFileEN", "en", []string{"audit"}, exitUsage, "the command is written “gdprkit audit [--out DIR] FILE…"},
		{"NoFileFR", "fr", []string{"audit"}, exitUsage, "la commande s’écrit « gdprkit audit"},
		{"NoEmailFR", "fr", []string{"contacts", "show"}, exitUsage, "gdprkit contacts show EMAIL"},
		{"MissingFile", "en", []string{"audit", filepath.Join(dir, "nope.csv")}, exitError, "nope.csv: no such file"},
		{"DirectoryFR", "fr", []string{"import", dir}, exitError, dir + " est un dossier"},
		{"FormatFR", "fr", []string{"audit", "--format", "pdf", csv}, exitUsage, "--format « pdf » n’est pas un format d’export connu"},
		{"TimezoneEN", "en", []string{"audit", "--timezone", "Mars/Olympus", csv}, exitUsage, "--timezone “Mars/Olympus” is not a time zone name"},
		{"MapEmptyColumn", "en", []string{"audit", "--map", "email=", csv}, exitUsage, "gdprkit: --map email=: empty column"},
		{"MapUnknownFieldFR", "fr", []string{"audit", "--map", "nosuchfield=X", csv}, exitUsage, "gdprkit: --map : champ « nosuchfield » inconnu"},
		{"OutIsFile", "en", []string{"audit", "--out", filepath.Join(csv, "x"), csv}, exitError, "--out " + filepath.Join(csv, "x") + ": the reports directory cannot be created"},
		{"BadAddressFR", "fr", []string{"contacts", "show", "not-an-address"}, exitUsage, "« not-an-address » : Cette adresse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{data, "--lang", tt.lang}, tt.args...)
			r := run(t, nil, args...)
			if r.code != tt.code || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", r.code, r.stderr, tt.code, tt.want)
			}
			if strings.Contains(r.stderr, "goroutine") || strings.Count(strings.TrimSpace(r.stderr), "\n") > 0 {
				t.Errorf("stderr is not one line: %q", r.stderr)
			}
		})
	}
}

// TestUsageLanguageFromEnvironment: a usage error found before the
// configuration is loaded still speaks the language of GDPRKIT_LANGUAGE.
func TestUsageLanguageFromEnvironment(t *testing.T) {
	r := run(t, []string{"GDPRKIT_LANGUAGE=fr"}, "audit")
	if r.code != exitUsage || !strings.Contains(r.stderr, "arguments incorrects") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}
