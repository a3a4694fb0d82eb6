// Package sqlstore holds what the SQLite and PostgreSQL stores share: a
// database handle with separate writer and reader pools, write transactions
// that carry one "now", and the queries written in portable SQL.
//
// Queries are written with ? placeholders; the dialect rewrites them
// (PostgreSQL wants $1, $2…). Dialect-specific work (bulk loading, locks)
// lives in the sqlite and postgres packages.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gdprkit/gdprkit"
)

// Dialect is what differs between the databases at the level of one query.
type Dialect interface {
	// Name is "sqlite" or "postgres".
	Name() string
	// Placeholders reports whether queries need ? rewritten to $n.
	Numbered() bool
	// FormatError translates driver errors into gdprkit errors where a
	// user can act on them (a UNIQUE failure becomes ECONFLICT).
	FormatError(err error) error
}

// DB is an open database.
type DB struct {
	Write   *sql.DB // writes; one connection on SQLite
	Read    *sql.DB // reads; may be the same pool as Write
	Dialect Dialect
	// Now is the clock; tests replace it.
	Now func() time.Time

	rebound sync.Map // query -> rebound query
}

// New returns a DB over the given pools.
func New(write, read *sql.DB, d Dialect) *DB {
	return &DB{Write: write, Read: read, Dialect: d, Now: time.Now}
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.Write.Close()
	if db.Read != db.Write {
		err = errors.Join(err, db.Read.Close())
	}
	return err
}

// Q rewrites a ? query for the dialect, caching the result.
func (db *DB) Q(query string) string {
	if !db.Dialect.Numbered() {
		return query
	}
	if q, ok := db.rebound.Load(query); ok {
		return q.(string)
	}
	q := Rebind(query)
	db.rebound.Store(query, q)
	return q
}

// Rebind turns ? placeholders into $1, $2… outside string literals.
func Rebind(query string) string {
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	inString := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inString = !inString
		case c == '?' && !inString:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Tx is a write transaction with one fixed time, so every row it writes
// carries the same "now". It runs on one dedicated connection, which
// dialect code may reach through Conn.Raw (PostgreSQL's COPY does).
type Tx struct {
	*sql.Tx
	Conn *sql.Conn
	Now  time.Time
	db   *DB
}

// Begin starts a write transaction.
func (db *DB) Begin(ctx context.Context) (*Tx, error) {
	conn, err := db.Write.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", err)
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{Tx: tx, Conn: conn, Now: db.Now().UTC(), db: db}, nil
}

// Commit commits and releases the connection.
func (tx *Tx) Commit() error {
	err := tx.Tx.Commit()
	tx.Conn.Close()
	return err
}

// Rollback rolls back and releases the connection. After Commit it does
// nothing.
func (tx *Tx) Rollback() error {
	err := tx.Tx.Rollback()
	tx.Conn.Close()
	return err
}

// InTx runs fn in a write transaction, committing when fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit this is a no-op
	if err := fn(tx); err != nil {
		return err
	}
	return db.Dialect.FormatError(tx.Commit())
}

// Exec runs a ? query in the transaction.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	r, err := tx.ExecContext(ctx, tx.db.Q(query), args...)
	return r, tx.db.Dialect.FormatError(err)
}

// Query runs a ? query in the transaction.
func (tx *Tx) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.QueryContext(ctx, tx.db.Q(query), args...)
}

// QueryRow runs a ? query returning one row in the transaction.
func (tx *Tx) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.QueryRowContext(ctx, tx.db.Q(query), args...)
}

// DB returns the database the transaction belongs to.
func (tx *Tx) DB() *DB { return tx.db }

// Query runs a ? query on the reader pool.
func (db *DB) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return db.Read.QueryContext(ctx, db.Q(query), args...)
}

// QueryRow runs a ? query returning one row on the reader pool.
func (db *DB) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return db.Read.QueryRowContext(ctx, db.Q(query), args...)
}

// NotFound converts sql.ErrNoRows into a gdprkit ENOTFOUND error with key.
func NotFound(err error, key string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return gdprkit.Errorf(gdprkit.ENOTFOUND, key, nil, "not found")
	}
	return err
}

// Millis converts a time to Unix milliseconds; the zero time is NULL.
func Millis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// Time converts nullable Unix milliseconds back to a UTC time.
func Time(ms sql.NullInt64) time.Time {
	if !ms.Valid {
		return time.Time{}
	}
	return time.UnixMilli(ms.Int64).UTC()
}

// Placeholders returns "(?,?,…),(?,?,…)" for rows × cols values.
func Placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}
