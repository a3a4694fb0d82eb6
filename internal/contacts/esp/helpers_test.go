package esp_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// fixture returns a file of testdata/, the samples of formats.md kept
// byte for byte.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// open opens content that must hold exactly one CSV file.
func open(t *testing.T, name string, data []byte, opts esp.Options) *esp.File {
	t.Helper()
	files := openAll(t, name, data, opts)
	if len(files) != 1 {
		t.Fatalf("OpenReader(%q) returned %d files, want 1", name, len(files))
	}
	return files[0]
}

func openAll(t *testing.T, name string, data []byte, opts esp.Options) []*esp.File {
	t.Helper()
	files, err := esp.OpenReader(name, bytes.NewReader(data), int64(len(data)), opts)
	if err != nil {
		t.Fatalf("OpenReader(%q): %v", name, err)
	}
	t.Cleanup(func() {
		for _, f := range files {
			f.Close()
		}
	})
	return files
}

// read returns every record of f and every row problem, in order.
func read(t *testing.T, f *esp.File) ([]*esp.Record, []*esp.Problem) {
	t.Helper()
	var recs []*esp.Record
	var probs []*esp.Problem
	for {
		r, err := f.Next()
		if errors.Is(err, io.EOF) {
			return recs, probs
		}
		var p *esp.Problem
		switch {
		case errors.As(err, &p):
			probs = append(probs, p)
		case err != nil:
			t.Fatalf("%s: Next: %v", f.Info.Name, err)
		default:
			recs = append(recs, r)
		}
	}
}

// records opens and reads content holding one CSV file that must have no
// row problem.
func records(t *testing.T, name string, data []byte, opts esp.Options) (*esp.File, []*esp.Record) {
	t.Helper()
	f := open(t, name, data, opts)
	recs, probs := read(t, f)
	for _, p := range probs {
		t.Errorf("%s: unexpected problem %v", name, p)
	}
	return f, recs
}

// zipOf builds a ZIP archive holding the given files, in order.
func zipOf(t *testing.T, files ...string) []byte {
	t.Helper()
	if len(files)%2 != 0 {
		t.Fatal("zipOf wants name, content pairs")
	}
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for i := 0; i < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, files[i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// kinds summarises evidence as "purpose:kind" strings, in order.
func kinds(ev []esp.Evidence) []string {
	var out []string
	for _, e := range ev {
		out = append(out, e.Purpose+":"+string(e.Kind))
	}
	return out
}

func emails(recs []*esp.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Email)
	}
	return out
}

// attr returns the value of attribute name, or "".
func attr(r *esp.Record, name string) string {
	for _, a := range r.Attrs {
		if a.Name == name {
			return a.Value
		}
	}
	return ""
}

// openErr opens content that must fail, and returns the error.
func openErr(t *testing.T, name string, data []byte, opts esp.Options) error {
	t.Helper()
	files, err := esp.OpenReader(name, bytes.NewReader(data), int64(len(data)), opts)
	for _, f := range files {
		f.Close()
	}
	if err == nil {
		t.Fatalf("OpenReader(%q) succeeded, want an error", name)
	}
	return err
}
