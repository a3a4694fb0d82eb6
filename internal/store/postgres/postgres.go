// Package postgres is gdprkit's server store: PostgreSQL through pgx.
//
// It is how a deployment outgrows one machine: several gdprkit instances
// can share one database. Migrations take a session advisory lock so that
// instances starting together do not race. Portable queries run through
// database/sql on the same pgx pool; bulk paths use COPY.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is an open PostgreSQL database: the portable handle plus the pgx pool
// for COPY and the job queue.
type DB struct {
	*sqlstore.DB
	Pool *pgxpool.Pool
}

// Open connects to the database at url and applies the migrations.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "config.database_url", nil, "postgres: invalid database URL: %v", redact(err))
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect to %s:%d/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database, err)
	}
	db := stdlib.OpenDBFromPool(pool)
	if err := migrate(ctx, db); err != nil {
		db.Close()
		pool.Close()
		return nil, err
	}
	return &DB{DB: sqlstore.New(db, db, dialect{}), Pool: pool}, nil
}

// Close closes the pool.
func (db *DB) Close() error {
	err := db.DB.Close()
	db.Pool.Close()
	return err
}

func migrate(ctx context.Context, db *sql.DB) error {
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return fmt.Errorf("postgres: migration lock: %w", err)
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	// Out-of-order migrations are allowed, as on SQLite.
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithSessionLocker(locker), goose.WithAllowOutofOrder(true))
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	return nil
}

// redact keeps a password out of a parse error message: pgx redacts what it
// can recognise; the underlying cause never holds the password.
func redact(err error) string {
	var pe *pgconn.ParseConfigError
	if errors.As(err, &pe) {
		if cause := errors.Unwrap(pe); cause != nil {
			return cause.Error()
		}
	}
	return "cannot parse the URL"
}

type dialect struct{}

func (dialect) Name() string   { return "postgres" }
func (dialect) Numbered() bool { return true }

// FormatError turns unique violations (SQLSTATE 23505) into conflicts.
func (dialect) FormatError(err error) error {
	var e *pgconn.PgError
	if errors.As(err, &e) && e.Code == "23505" {
		return &gdprkit.Error{Code: gdprkit.ECONFLICT, Key: "error.conflict", Detail: "already exists", Err: err}
	}
	return err
}

// NewContactStore returns the contact store of db.
func NewContactStore(db *DB) *sqlstore.ContactStore {
	return sqlstore.NewContactStore(db.DB, newLoader, lockHead)
}

// lockHead locks the ledger head row until the transaction ends, so blocks
// committed by several instances get distinct, gap-free positions.
func lockHead(ctx context.Context, tx *sqlstore.Tx) error {
	_, err := tx.Exec(ctx, `SELECT seq FROM ledger_head WHERE id = 1 FOR UPDATE`)
	return err
}
