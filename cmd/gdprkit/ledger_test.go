package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"

	_ "modernc.org/sqlite"

	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// TestLedgerCommands imports a file, verifies the ledger, exports the
// public key, tampers with the SQLite file directly and checks that
// verify exits 1 naming the changed event, then writes a proof.
func TestLedgerCommands(t *testing.T) {
	dir := t.TempDir()
	dsn := storetest.DSN(t, "sqlite")
	flags := []string{"--data-dir", dir, "--database", "sqlite://" + dsn}
	cmd := func(args ...string) result {
		return run(t, nil, append(append([]string(nil), flags...), args...)...)
	}
	if r := cmd("import", fixtures+"subscribed_email_audience_export_a1b2c3d4e5.csv"); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	r := cmd("ledger", "verify")
	if r.code != 0 || !strings.Contains(r.stdout, "The ledger verifies") || !strings.Contains(r.stdout, "1 signed checkpoints verified") {
		t.Fatalf("verify after import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := cmd("ledger", "public-key"); r.code != 0 || !strings.HasPrefix(r.stdout, "-----BEGIN PUBLIC KEY-----") {
		t.Errorf("public-key: exit %d %q", r.code, r.stdout)
	}
	if r := cmd("ledger", "checkpoint"); r.code != 0 || !strings.Contains(r.stdout, "has not moved since checkpoint 1") {
		t.Errorf("checkpoint: exit %d %q", r.code, r.stdout)
	}
	if r := cmd("consent", "proof", "Alice.Martin@example.com", "--format", "jsonld"); r.code != 0 || !json.Valid([]byte(r.stdout)) ||
		!strings.Contains(r.stdout, "dpv-27560:record-eu-gdpr") {
		t.Errorf("proof: exit %d %s %.300s", r.code, r.stderr, r.stdout)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(context.Background(), `UPDATE consent_events SET occurred_at = occurred_at + 1000 WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	r = cmd("ledger", "verify")
	if r.code != exitError || !strings.Contains(r.stderr, "First bad item: Block 1, event 2") {
		t.Errorf("verify after tampering: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
}
