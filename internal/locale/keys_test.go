package locale

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// errorKey finds the message keys of errors built in Go code: what the
// command line and the pages show a person when something fails.
var errorKey = regexp.MustCompile(`(?:Errorf\(gdprkit\.E[A-Z]+, |NotFound\(\w+, |&gdprkit\.Error\{[^}\n]*Key: +)"([^"]+)"`)

// TestErrorKeysHaveMessages checks that every error key written in the
// code has a message, so no error reaches a person as its bare English
// detail or a raw key. Keys ending in "." are prefixes completed at run
// time; their completions are checked where they are built.
func TestErrorKeysHaveMessages(t *testing.T) {
	root := filepath.Join("..", "..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") && path != root) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range errorKey.FindAllStringSubmatch(string(src), -1) {
			key := m[1]
			if strings.HasSuffix(key, ".") {
				continue
			}
			for _, lang := range Languages {
				if msg := T(lang, key, nil); msg == key || msg == "" {
					t.Errorf("%s: error key %q has no %s message", path, key, lang)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
