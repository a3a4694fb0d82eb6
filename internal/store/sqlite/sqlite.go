// Package sqlite is gdprkit's embedded default store: one SQLite file under
// the data directory, through the pure-Go modernc driver.
//
// Writes go through a one-connection pool so writers queue instead of
// failing with SQLITE_BUSY; reads use a separate bounded pool. Migrations
// are embedded and applied at Open.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	"github.com/pressly/goose/v3"
	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Pragmas applied to every connection. busy_timeout comes first so that
// switching to WAL can wait for another connection (PocketBase does the
// same). temp_store=MEMORY keeps statement journals of multi-row inserts off
// the disk.
var pragmas = []string{
	"busy_timeout(10000)",
	"journal_mode(WAL)",
	"synchronous(NORMAL)",
	"foreign_keys(ON)",
	"temp_store(MEMORY)",
	"cache_size(-65536)",
}

func init() {
	// Self-hosters may pass a DSN through configuration: a _pragma value
	// holding several statements must not run.
	msqlite.StrictPragmas(true)
}

// Open opens (creating if needed) the SQLite database at path and applies
// the migrations.
func Open(ctx context.Context, path string) (*sqlstore.DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("sqlite: create data directory: %w", err)
		}
	}
	write, err := sql.Open("sqlite", dsn(path, "immediate", false))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, err
	}
	read, err := sql.Open("sqlite", dsn(path, "deferred", true))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	read.SetMaxOpenConns(4)
	// As many idle as open: database/sql keeps two by default, and closes
	// the others, to open them again under load with their pragmas and
	// prepared statements; "may I send?" served 12,500 requests/s that
	// way, 20,700 with the connections kept.
	read.SetMaxIdleConns(4)
	return sqlstore.New(write, read, dialect{}), nil
}

func dsn(path, txlock string, readOnly bool) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
		// Readers map the file rather than copy each page out of the OS
		// cache: point lookups ("may I send?") touch a few pages of large
		// indexes at random, and cost a third as much this way. The size
		// is SQLite's compiled-in ceiling.
		q.Add("_pragma", "mmap_size(2147418112)")
	}
	q.Set("_txlock", txlock)
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

func migrate(ctx context.Context, db *sql.DB) error {
	// Out-of-order migrations are allowed: features land in parallel, and a
	// database migrated between two of them must still take the one it lacks.
	p, err := goose.NewProvider(goose.DialectSQLite3, db, mustSub(migrations, "migrations"), goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	return nil
}

type dialect struct{}

func (dialect) Name() string   { return "sqlite" }
func (dialect) Numbered() bool { return false }

// FormatError turns UNIQUE and PRIMARY KEY failures into conflicts.
func (dialect) FormatError(err error) error {
	var e *msqlite.Error
	if !errors.As(err, &e) {
		return err
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return &gdprkit.Error{Code: gdprkit.ECONFLICT, Key: "error.conflict", Detail: "already exists", Err: err}
	}
	return err
}

// NewContactStore returns the contact store of db.
func NewContactStore(db *sqlstore.DB) *sqlstore.ContactStore {
	return sqlstore.NewContactStore(db, newLoader, lockHead)
}

// lockHead does nothing: a SQLite write transaction (BEGIN IMMEDIATE)
// already excludes every other writer.
func lockHead(context.Context, *sqlstore.Tx) error { return nil }
