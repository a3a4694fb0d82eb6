package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/gdprkit/gdprkit/internal/contacts"
)

func TestWriteJSONGolden(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sample()); err != nil {
		t.Fatal(err)
	}
	golden(t, filepath.Join("testdata", "report.json"), b.Bytes())
}

func TestWriteJSONShape(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, contacts.Summary{ByPurpose: []contacts.PurposeSummary{{Purpose: "email_marketing"}}}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		ByStatus  map[string]int `json:"by_status"`
		ByPurpose []struct {
			ByStatus map[string]int `json:"by_status"`
		} `json:"by_purpose"`
		Files   []any `json:"files"`
		Sources []any `json:"sources"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, st := range contacts.Statuses {
		if _, ok := got.ByStatus[string(st)]; !ok {
			t.Errorf("by_status has no %q", st)
		}
		if _, ok := got.ByPurpose[0].ByStatus[string(st)]; !ok {
			t.Errorf("by_purpose[0].by_status has no %q", st)
		}
	}
	if got.Files == nil || got.Sources == nil {
		t.Errorf("empty lists written as null: %s", b.String())
	}
}

func TestWriteJSONKeepsSummary(t *testing.T) {
	s := sample()
	if err := WriteJSON(&bytes.Buffer{}, s); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.ByStatus[contacts.OtherBasis]; ok {
		t.Error("WriteJSON changed the caller's ByStatus")
	}
}

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with the file at path, or rewrites it with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; run go test -update and review the diff\ngot:\n%s", path, got)
	}
}
