package secrets

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestLoadCreatesOnceWithPrivateMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", FileName)
	var wg sync.WaitGroup
	got := make([]*Secret, 8)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Load(path, true)
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = s
		}()
	}
	wg.Wait()
	for _, s := range got[1:] {
		if s == nil || got[0] == nil || s.key != got[0].key {
			t.Fatal("instances starting together got different secrets")
		}
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	again, err := Load(path, false)
	if err != nil || again.key != got[0].key {
		t.Errorf("reload: %v", err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("%d files in the key directory, want the secret alone", len(entries))
	}
}

func TestLoadRefusesGarbage(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, []byte("short\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path, true); err == nil {
		t.Error("a truncated secret loaded")
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing"), false); err == nil {
		t.Error("a missing secret loaded without create")
	}
}

func TestDerivedKeysDiffer(t *testing.T) {
	s := FromBytes([32]byte{9})
	a, b := s.Derive(Suppression), s.Derive(TokenWrap)
	if bytes.Equal(a, b) || len(a) != 32 || s.Fingerprint() == FromBytes([32]byte{8}).Fingerprint() {
		t.Error("derived keys or fingerprints collide")
	}
}
