// Package store opens the database named by a DSN (a SQLite path or a
// postgres:// URL) and hands out every feature's store. Only cmd/gdprkit and
// tests import it.
package store

import (
	"context"
	"strings"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/store/postgres"
	"github.com/gdprkit/gdprkit/internal/store/sqlite"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
)

// Stores is an open database and the feature stores over it.
type Stores struct {
	DB       *sqlstore.DB
	PG       *postgres.DB // nil on SQLite
	Contacts contacts.Store
	Register register.Store
	Consent  *ConsentStores
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens dsn, applying migrations.
func Open(ctx context.Context, dsn string) (*Stores, error) {
	if IsPostgres(dsn) {
		pg, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, err
		}
		return withConsent(&Stores{DB: pg.DB, PG: pg, Contacts: postgres.NewContactStore(pg), Register: sqlstore.NewRegisterStore(pg.DB)}), nil
	}
	db, err := sqlite.Open(ctx, strings.TrimPrefix(dsn, "sqlite://"))
	if err != nil {
		return nil, err
	}
	return withConsent(&Stores{DB: db, Contacts: sqlite.NewContactStore(db), Register: sqlstore.NewRegisterStore(db)}), nil
}

// Close closes the database.
func (s *Stores) Close() error {
	if s.PG != nil {
		return s.PG.Close()
	}
	return s.DB.Close()
}
