package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp/esptest"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

func TestImportCommandAndShow(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			files := []string{fixtures + "subscribed_email_audience_export_a1b2c3d4e5.csv", fixtures + "unsubscribed_email_audience_export_a1b2c3d4e5.csv"}
			r := run(t, nil, append([]string{"import", "--database", dbFlag(dsn)}, files...)...)
			if r.code != 0 {
				t.Fatalf("import exit %d: %s", r.code, r.stderr)
			}
			if !strings.Contains(r.stdout, "4 new contacts") {
				t.Errorf("import output:\n%s", r.stdout)
			}
			r = run(t, nil, "contacts", "show", "--database", dbFlag(dsn), "Carla.Rossi@EXAMPLE.com")
			if r.code != 0 {
				t.Fatalf("show exit %d: %s", r.code, r.stderr)
			}
			for _, want := range []string{"carla.rossi@example.com", "Withdrawn", "unsubscribed_email_audience_export_a1b2c3d4e5.csv:2", "198.51.100.23"} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("show output lacks %q:\n%s", want, r.stdout)
				}
			}
			// A provider's own subscription type reads as a label, not a key.
			hubspot := "../../internal/contacts/esp/testdata/hubspot-crm-exports-all-contacts-2024-11-02.csv"
			if r = run(t, nil, "import", "--database", dbFlag(dsn), hubspot); r.code != 0 {
				t.Fatalf("import HubSpot exit %d: %s", r.code, r.stderr)
			}
			r = run(t, nil, "contacts", "show", "--database", dbFlag(dsn), "felix.moreau@example.org")
			if !strings.Contains(r.stdout, "Marketing information") || strings.Contains(r.stdout, "purpose.") {
				t.Errorf("show output of a HubSpot contact:\n%s", r.stdout)
			}
			r = run(t, nil, "contacts", "show", "--database", dbFlag(dsn), "nobody@example.com")
			if r.code != 1 || !strings.Contains(r.stderr, "does not exist") {
				t.Errorf("unknown contact: exit %d, stderr %q", r.code, r.stderr)
			}
		})
	}
}

// dbFlag turns a test DSN into the --database value: a SQLite file path
// is given as sqlite://path.
func dbFlag(dsn string) string {
	if store.IsPostgres(dsn) {
		return dsn
	}
	return "sqlite://" + dsn
}

// TestImportKilledLeavesNothing kills a real gdprkit process at several
// moments of a large import and checks that the database holds either the
// whole import or nothing of it.
func TestImportKilledLeavesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a real import: skipped with -short")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(t.TempDir(), "subscribed_email_audience_export_kill.csv")
	writeExport(t, export, 150000)
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			full := timeImport(t, exe, storetest.DSN(t, d), export)
			interrupted := 0
			for _, frac := range []float64{0.15, 0.4, 0.65, 0.9} {
				dsn := storetest.DSN(t, d)
				cmd := cliCommand(exe, "import", "--database", dbFlag(dsn), export)
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(time.Duration(frac * float64(full)))
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				cmd.Wait() //nolint:errcheck // killed on purpose: the exit error is expected
				if complete := checkAllOrNothing(t, dsn); !complete {
					interrupted++
				}
			}
			if interrupted == 0 {
				t.Errorf("no kill landed during the import (full import %v): the test proved nothing", full)
			}
		})
	}
}

func writeExport(t *testing.T, path string, rows int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if err := esptest.WriteMailchimpCSV(w, "subscribed", rows, 7); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func cliCommand(exe string, args ...string) *exec.Cmd {
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), "GDPRKIT_TEST_AS_CLI=1")
	return cmd
}

// timeImport runs a complete import and returns how long it took.
func timeImport(t *testing.T, exe, dsn, export string) time.Duration {
	t.Helper()
	start := time.Now()
	out, err := cliCommand(exe, "import", "--database", dbFlag(dsn), export).CombinedOutput()
	if err != nil {
		t.Fatalf("full import: %v\n%s", err, out)
	}
	return time.Since(start)
}

// checkAllOrNothing opens the database left by a killed import and reports
// whether the import completed; it fails the test on any partial state.
func checkAllOrNothing(t *testing.T, dsn string) bool {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	count := func(table string) int {
		var n int
		if err := s.DB.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		return n
	}
	imports, contactsN, sources, events, blocks := count("imports"), count("contacts"), count("contact_sources"), count("consent_events"), count("ledger_blocks")
	if imports == 0 {
		if contactsN+sources+events+blocks != 0 {
			t.Errorf("killed import left %d contacts, %d sources, %d events, %d blocks", contactsN, sources, events, blocks)
		}
		return false
	}
	var status string
	var rowsRead, rejected int
	if err := s.DB.QueryRow(ctx, "SELECT status, rows_read, rows_rejected FROM imports").Scan(&status, &rowsRead, &rejected); err != nil {
		t.Fatal(err)
	}
	if status != "done" || sources != rowsRead-rejected || blocks != 1 {
		t.Errorf("import state after kill: status %s, %d rows read, %d rejected, %d sources, %d blocks", status, rowsRead, rejected, sources, blocks)
	}
	if !store.IsPostgres(dsn) {
		var ok string
		if err := s.DB.QueryRow(ctx, "PRAGMA integrity_check").Scan(&ok); err != nil || ok != "ok" {
			t.Errorf("integrity_check = %q, %v", ok, err)
		}
	}
	return true
}
