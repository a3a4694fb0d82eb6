package esp_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// fuzzNames are the names a fuzzed file is opened under, so that name
// based detection (Mailchimp statuses, HubSpot) is explored too.
var fuzzNames = []string{
	"contacts.csv", "subscribed_email_audience_export_a1b2c3d4e5.csv", "unsubscribed_members_export_1.csv",
	"cleaned_email_segment_export_x.csv", "hubspot-crm-exports-all-contacts-2024-11-02.csv", "export.zip",
}

// FuzzOpenReader feeds arbitrary bytes: nothing may panic, a file that
// cannot be opened fails with a *gdprkit.Error, and every row problem and
// cell warning names its file, line and column.
func FuzzOpenReader(f *testing.F) {
	paths, err := filepath.Glob(filepath.Join("testdata", "*.csv"))
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(0))
		f.Add(b, uint8(1))
	}
	f.Add(fuzzZip(f, "a/subscribed_email_audience_export_a1b2c3d4e5.csv", "\"Email Address\",OPTIN_TIME\nx@example.com,\"2023-01-01 00:00:00\"\n"), uint8(5))
	f.Add([]byte("sep=;\r\nemail;n\r\n\"x@example.com;\"a\nb\r\n"), uint8(0))
	f.Add([]byte("\xff\xfee\x00m\x00a\x00i\x00l\x00\n\x00x\x00@\x00\n\x00"), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, pick uint8) {
		name := fuzzNames[int(pick)%len(fuzzNames)]
		files, err := esp.OpenReader(name, bytes.NewReader(data), int64(len(data)), esp.Options{})
		if err != nil {
			if gdprkit.AsError(err) == nil {
				t.Fatalf("Open error %v is not a *gdprkit.Error", err)
			}
			return
		}
		for _, file := range files {
			checkFile(t, file)
			file.SHA256()
			file.Close()
		}
	})
}

func checkFile(t *testing.T, f *esp.File) {
	for range 1_000_000 {
		rec, err := f.Next()
		var p *esp.Problem
		switch {
		case errors.Is(err, io.EOF):
			return
		case errors.As(err, &p):
			checkProblem(t, p)
			if rec == nil || rec.Line != p.Line {
				t.Fatalf("problem %v comes with record %+v", p, rec)
			}
		case err != nil:
			if gdprkit.AsError(err) == nil {
				t.Fatalf("Next error %v is not a *gdprkit.Error", err)
			}
			return
		default:
			if rec.Line < 1 || rec.Email == "" || rec.File != f.Info.Name {
				t.Fatalf("record %+v", rec)
			}
			for i := range rec.Warnings {
				checkProblem(t, &rec.Warnings[i])
			}
		}
	}
	t.Fatal("Next never returned io.EOF")
}

func checkProblem(t *testing.T, p *esp.Problem) {
	if p.File == "" || p.Line < 1 || p.Column == "" || p.Code == "" || p.Detail == "" {
		t.Fatalf("problem %+v does not say where and what", p)
	}
}

func fuzzZip(f *testing.F, name, content string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.Create(name)
	if err != nil {
		f.Fatal(err)
	}
	if _, err := io.WriteString(w, content); err != nil {
		f.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		f.Fatal(err)
	}
	return b.Bytes()
}
