package esp_test

import (
	"archive/zip"
	"bytes"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// TestFileErrors: a file that cannot be read at all is an EINVALID error
// with a translated key, the file in Args, and an English detail that
// says what to do.
func TestFileErrors(t *testing.T) {
	xlsx := zipOf(t, "[Content_Types].xml", "<Types/>", "xl/workbook.xml", "<workbook/>")
	tests := []struct {
		name   string
		data   []byte
		opts   esp.Options
		key    string
		detail string
	}{
		{"export.zip", zipOf(t, "readme.txt", "hello", "logo.png", "\x89PNG"), esp.Options{},
			"esp.no_csv_in_archive", "export.zip: the archive holds no CSV file (found: readme.txt, logo.png)"},
		{"empty.zip", zipOf(t), esp.Options{},
			"esp.no_csv_in_archive", "empty.zip: the archive holds no CSV file (found: nothing)"},
		{"contacts.csv", []byte("Nom,Prénom,Ville\nMartin,Alice,Lyon\n"), esp.Options{},
			"esp.no_email_column", `contacts.csv: no column holds e-mail addresses (columns: Nom, Prénom, Ville); name it with --map email="<column>"`},
		{"contacts.csv", []byte("Email Marketing Consent,Status\nSUBSCRIBED,x\n"), esp.Options{Format: esp.Generic},
			"esp.no_email_column", `contacts.csv: no column holds e-mail addresses (columns: Email Marketing Consent, Status); name it with --map email="<column>"`},
		{"nohead.csv", []byte("alice.martin@example.com;Alice\nbob.dupont@example.org;Bob\n"), esp.Options{},
			"esp.header_is_data", `nohead.csv: the first line holds "alice.martin@example.com", which looks like a contact, not a column name; add a header line (email,first_name,...)`},
		{"data.bin", []byte("email,na\x00me\x00\x01\x02"), esp.Options{},
			"esp.not_csv", "data.bin: not a CSV file (binary content at byte 8)"},
		{"report.pdf", []byte("%PDF-1.7\n..."), esp.Options{},
			"esp.not_csv_pdf", "report.pdf: not a CSV file (this is a PDF document); export the contacts as CSV"},
		{"contacts.xlsx", xlsx, esp.Options{},
			"esp.spreadsheet", "contacts.xlsx: this is an Excel or OpenDocument workbook, not a CSV file; open it and save or export it as CSV (UTF-8)"},
		{"contacts.xls", []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00"), esp.Options{},
			"esp.spreadsheet", "contacts.xls: this is an Excel or OpenDocument workbook, not a CSV file; open it and save or export it as CSV (UTF-8)"},
		{"x.csv", []byte("email\n\x83\x81\x82@example.com\n"), esp.Options{},
			"esp.cannot_decode", "x.csv: cannot decode: not valid UTF-8, UTF-16 or Windows-1252 (byte 7); save the file as CSV UTF-8"},
		{"empty.csv", nil, esp.Options{},
			"esp.empty_file", "empty.csv: the file is empty: export the contacts again"},
		{"blank.csv", []byte("\n\r\n\n"), esp.Options{},
			"esp.empty_file", "blank.csv: the file is empty: export the contacts again"},
		{"sep.csv", []byte("sep=;\r\n"), esp.Options{},
			"esp.empty_file", "sep.csv: the file is empty: export the contacts again"},
		{"commas.csv", []byte(",,,\nx@example.com,,,\n"), esp.Options{},
			"esp.no_header", "commas.csv: the first line cannot be read as column names; the file must start with a header line"},
		{"contacts.csv", []byte("Nom,Prénom,Courriel\n"), esp.Options{Mapping: esp.Mapping{"consent_at": "Date opt-in"}},
			"esp.unknown_column", `contacts.csv: --map consent_at="Date opt-in": the file has no such column (columns: Nom, Prénom, Courriel)`},
		{"contacts.csv", []byte("email\n"), esp.Options{Mapping: esp.Mapping{"mail": "email"}},
			"esp.unknown_field", `contacts.csv: --map: unknown field "mail" (valid: email, first_name, last_name, name, language, phone, status, optin_at, optin_ip, confirm_at, confirm_ip, consent_at, consent_ip, consent_source, consent_channel, consent_method, consent_text, double_optin, legal_basis, purpose, unsubscribed, unsubscribed_at, unsubscribe_reason, bounced, bounced_at, created_at, updated_at, tags, user_agent, list)`},
		{"contacts.csv", []byte("email\n"), esp.Options{Format: "sendinblue"},
			"esp.unknown_format", `contacts.csv: unknown format "sendinblue" (valid: mailchimp, brevo, hubspot, klaviyo, listmonk, mailjet, generic)`},
		{"contacts.csv", []byte("email\n"), esp.Options{Encoding: "latin1"},
			"esp.unknown_encoding", `contacts.csv: unknown encoding "latin1" (valid: utf-8, utf-8-bom, utf-16le, utf-16be, windows-1252)`},
		{"contacts.csv", []byte("email\n"), esp.Options{Delimiter: ";;"},
			"esp.bad_delimiter", `contacts.csv: the delimiter must be one character other than a quote or a line break, such as ";" or "\t" (got ";;")`},
		{"broken.zip", []byte("PK\x03\x04 this is not really an archive"), esp.Options{},
			"esp.bad_archive", "broken.zip: cannot read the ZIP archive: zip: not a valid zip file"},
		{"export.zip", zipOf(t, "subscribed.csv", "Email Address\nx@example.com\n", "notes.csv", "Nom\nMartin\n"), esp.Options{},
			"esp.no_email_column", `export.zip/notes.csv: no column holds e-mail addresses (columns: Nom); name it with --map email="<column>"`},
	}
	catalog := locale.Shared()
	for _, tt := range tests {
		t.Run(tt.key+"/"+tt.name, func(t *testing.T) {
			err := openErr(t, tt.name, tt.data, tt.opts)
			e := gdprkit.AsError(err)
			if e == nil {
				t.Fatalf("error %v is not a *gdprkit.Error", err)
			}
			if e.Code != gdprkit.EINVALID || e.Key != tt.key || err.Error() != tt.detail {
				t.Errorf("got code %s, key %s, error %q\nwant code invalid, key %s, error %q", e.Code, e.Key, err.Error(), tt.key, tt.detail)
			}
			if _, ok := e.Args["file"]; !ok {
				t.Errorf("Args %v do not name the file", e.Args)
			}
			for _, lang := range locale.Languages {
				if !catalog.Has(lang, e.Key) {
					t.Errorf("key %s is missing in %s", e.Key, lang)
				}
			}
		})
	}
}

// TestOpenMissingPath: a path that does not exist is a file error too.
func TestOpenMissingPath(t *testing.T) {
	_, err := esp.Open(filepath.Join(t.TempDir(), "nope.csv"), esp.Options{})
	if e := gdprkit.AsError(err); e == nil || e.Key != "esp.cannot_open" || e.Args["file"] != "nope.csv" {
		t.Errorf("error = %#v", err)
	}
}

// TestArchiveDamage: a damaged member fails at Open when the damage lies
// in the first 64 KiB read there, and otherwise stops its reading with an
// error that is not a row problem.
func TestArchiveDamage(t *testing.T) {
	damaged := func(rows int) []byte {
		var b bytes.Buffer
		zw := zip.NewWriter(&b)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: "a.csv", Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		content := "email\n" + strings.Repeat("contact@example.com\n", rows) + "alice.martin@example.com\n"
		if _, err := io.WriteString(w, content); err != nil {
			t.Fatal(err)
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		return bytes.Replace(b.Bytes(), []byte("alice"), []byte("alicE"), 1) // the CRC no longer matches
	}

	err := openErr(t, "small.zip", damaged(10), esp.Options{})
	if e := gdprkit.AsError(err); e == nil || e.Key != "esp.bad_archive" || err.Error() != "small.zip/a.csv: cannot read the ZIP archive: zip: checksum error" {
		t.Errorf("small member: error %v, want esp.bad_archive", err)
	}

	f := open(t, "large.zip", damaged(5000), esp.Options{})
	n := 0
	for {
		_, err = f.Next()
		if err != nil {
			break
		}
		n++
	}
	if e := gdprkit.AsError(err); e == nil || e.Key != "esp.cannot_read" || n < 4000 {
		t.Errorf("large member: error %v after %d records, want esp.cannot_read near the end", err, n)
	}
	if f.SHA256() != "" {
		t.Errorf("SHA256 of a damaged member = %q, want empty", f.SHA256())
	}
}
