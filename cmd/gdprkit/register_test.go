package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

func seedVendor(t *testing.T, dsn string) {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := register.NewService(st.Register)
	v := &register.Vendor{Name: "HubSpot", Category: "crm", Role: "processor", Countries: []string{"US"},
		Transfers: []register.Transfer{{Country: "US", Mechanism: "us_dpf"}}}
	if err := svc.CreateVendor(context.Background(), v); err != nil {
		t.Fatal(err)
	}
}

func TestRegisterExportImport(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			seedVendor(t, dsn)
			book := filepath.Join(t.TempDir(), "vendors.xlsx")
			r := run(t, nil, "register", "export", "--database", dbFlag(dsn), "--what", "vendors", "--format", "xlsx", "--out", book)
			if r.code != 0 || !strings.Contains(r.stderr, "vendors.xlsx") {
				t.Fatalf("export exit %d: %s", r.code, r.stderr)
			}

			editCell(t, book, "Breach notice (hours)", "36")
			r = run(t, nil, "register", "import-vendors", "--database", dbFlag(dsn), book)
			if r.code != 0 || !strings.Contains(r.stdout, "0 created, 1 updated, 0 unchanged") {
				t.Fatalf("import exit %d: %s%s", r.code, r.stdout, r.stderr)
			}

			// The import changed the vendor's version: export again before
			// the next edit.
			if r := run(t, nil, "register", "export", "--database", dbFlag(dsn), "--what", "vendors", "--format", "xlsx", "--out", book); r.code != 0 {
				t.Fatalf("export exit %d: %s", r.code, r.stderr)
			}
			editCell(t, book, "Processing countries", "US, Mars")
			r = run(t, nil, "register", "import-vendors", "--database", dbFlag(dsn), book)
			if r.code != 1 || !strings.Contains(r.stderr, `Sheet "Vendors", row 2, column "Processing countries"`) {
				t.Errorf("bad cell: exit %d, stderr %q", r.code, r.stderr)
			}

			r = run(t, nil, "register", "export", "--database", dbFlag(dsn), "--lang", "fr", "--format", "html")
			if r.code != 0 || !strings.Contains(r.stdout, `<html lang="fr">`) {
				t.Errorf("html export exit %d: %s", r.code, r.stderr)
			}
		})
	}
}

// editCell sets the cell of the first vendor under header, as a person
// editing the sheet would.
func editCell(t *testing.T, book, header, value string) {
	t.Helper()
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Vendors")
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range rows[0] {
		if h == header {
			cell, _ := excelize.CoordinatesToCellName(i+1, 2)
			if err := f.SetCellStr("Vendors", cell, value); err != nil {
				t.Fatal(err)
			}
			if err := f.Save(); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("no column %q", header)
}

func TestRegisterExportUsage(t *testing.T) {
	for _, args := range [][]string{
		{"register", "export", "--format", "xlsx"},
		{"register", "export", "--what", "vendors", "--format", "html"},
		{"register", "export", "--what", "contacts", "--format", "json"},
		{"register", "import-vendors"},
	} {
		if r := run(t, nil, args...); r.code != exitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, r.code, exitUsage, r.stderr)
		}
	}
}
