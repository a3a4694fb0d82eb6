// Package storetest opens real databases for tests: a SQLite file in a
// temporary folder, and a fresh PostgreSQL database on the server named by
// GDPRKIT_TEST_POSTGRES. Every storage test runs against both.
//
// Without GDPRKIT_TEST_POSTGRES the PostgreSQL half is skipped with a
// visible reason; under CI=true a missing server fails the test instead.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/gdprkit/gdprkit/internal/store"
)

// EnvPostgres names the variable holding the test server's URL.
const EnvPostgres = "GDPRKIT_TEST_POSTGRES"

// Dialects are the databases Each runs on.
var Dialects = []string{"sqlite", "postgres"}

// Each runs fn once per dialect, each time on a new, empty database.
func Each(t *testing.T, fn func(t *testing.T, s *store.Stores)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			fn(t, Open(t, d))
		})
	}
}

// Open returns a new, empty, migrated database of the dialect, closed when
// the test ends.
func Open(t testing.TB, dialect string) *store.Stores {
	t.Helper()
	dsn := DSN(t, dialect)
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// DSN returns the address of a new, empty database of the dialect without
// opening it (for tests of the command line).
func DSN(t testing.TB, dialect string) string {
	t.Helper()
	if dialect == "sqlite" {
		return filepath.Join(t.TempDir(), "gdprkit.db")
	}
	base := PostgresURL(t)
	name := "gdprkit_test_" + randomSuffix()
	conn, err := pgx.Connect(context.Background(), base)
	if err != nil {
		t.Fatalf("connect to %s: %v", EnvPostgres, err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() { dropDatabase(base, name) })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	u.Path = "/" + name
	return u.String()
}

// PostgresURL returns the test server's URL, skipping the test when none is
// configured, or failing it under CI.
func PostgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(EnvPostgres)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set: CI must run every storage test on PostgreSQL (see .ci/run)", EnvPostgres)
		}
		t.Skipf("PostgreSQL not configured: set %s (eval \"$(.ci/postgres start)\") to run this on PostgreSQL too", EnvPostgres)
	}
	return u
}

func dropDatabase(base, name string) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") //nolint:errcheck // best-effort cleanup
}

func randomSuffix() string {
	b := make([]byte, 6)
	rand.Read(b) //nolint:errcheck // crypto/rand never fails on Linux
	return strings.ToLower(hex.EncodeToString(b))
}
