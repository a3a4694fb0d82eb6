package postgres

import (
	"context"
	"encoding/binary"
	"unsafe"

	"github.com/jackc/pgx/v5"

	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
)

// NewLedgerStore returns the ledger store of db. Verification reads
// events through pgx directly, in binary: database/sql would convert and
// copy each of millions of values.
func NewLedgerStore(db *DB) *sqlstore.LedgerStore {
	return sqlstore.NewLedgerStore(db.DB, lockHead, false).WithScanner(db.scanEvents)
}

// NewConsentStore returns the consent store of db.
func NewConsentStore(db *DB) *sqlstore.ConsentStore {
	return sqlstore.NewConsentStore(db.DB, lockHead)
}

// scanEvents runs an events query (columns as sqlstore's ledgerEventCols)
// with binary results and decodes each row in place: the strings of e
// point into pgx's buffer until the next row.
func (db *DB) scanEvents(ctx context.Context, query string, args []any, fn func(*consent.StoredEvent) error) error {
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	rows, err := conn.Query(ctx, query, append([]any{pgx.QueryResultFormats{pgx.BinaryFormatCode}}, args...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var e consent.StoredEvent
	for rows.Next() {
		decodeEvent(rows.RawValues(), &e)
		if err := fn(&e); err != nil {
			return err
		}
	}
	return rows.Err()
}

// decodeEvent reads one row of binary values. PostgreSQL's columns are
// typed, so only NULLs and sizes need checking.
func decodeEvent(v [][]byte, e *consent.StoredEvent) {
	e.Malformed = ""
	e.BlockID, _ = int8Of(v[0])
	e.ID, _ = int8Of(v[1])
	e.Purpose, e.Action = view(v[2]), view(v[3])
	e.OccurredAt, e.HasTime = int8Of(v[4])
	e.Channel, e.Source, e.LegalBasis = view(v[5]), view(v[6]), view(v[7])
	e.Commitment, e.Hash = v[8], v[9]
	e.Salt, e.HasSalt = v[10], v[10] != nil
	e.Personal = v[11] != nil || v[12] != nil || v[13] != nil || v[14] != nil
	e.Subject, e.IP, e.UserAgent, e.Detail = view(v[11]), view(v[12]), view(v[13]), view(v[14])
	e.ContactID, _ = int8Of(v[15])
}

// view is a string over b without a copy; it is valid while b is.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b)) //nolint:gosec // audited: the string is read before pgx reuses the buffer (scanEvents)
}

func int8Of(b []byte) (int64, bool) {
	if len(b) != 8 {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(b)), true
}
