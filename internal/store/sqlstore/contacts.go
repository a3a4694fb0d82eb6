package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// Loader is the dialect-specific half of an import: how rows reach the
// tables fastest.
type Loader interface {
	// Write inserts new contacts (setting their IDs), their sources and
	// events, and applies updates.
	Write(ctx context.Context, b *contacts.Batch, importID, blockID int64) error
	// Indexed makes lookups efficient again when the loader dropped
	// indexes for a bulk load.
	Indexed(ctx context.Context) error
	// Analyzed refreshes the planner's statistics after an import that
	// added newContacts contacts, inside the import's transaction.
	Analyzed(ctx context.Context, newContacts int) error
	// Close releases the loader's statements; the transaction is not
	// touched.
	Close() error
}

// LoaderFunc builds a Loader for one import transaction. fresh reports
// whether the base held no contacts when the import began.
type LoaderFunc func(ctx context.Context, tx *Tx, fresh bool) (Loader, error)

// LockFunc takes the dialect's lock on the ledger head for the rest of tx.
type LockFunc func(ctx context.Context, tx *Tx) error

// ContactStore implements contacts.Store.
type ContactStore struct {
	db        *DB
	newLoader LoaderFunc
	lockHead  LockFunc
}

// NewContactStore returns the contact store of db.
func NewContactStore(db *DB, newLoader LoaderFunc, lockHead LockFunc) *ContactStore {
	return &ContactStore{db: db, newLoader: newLoader, lockHead: lockHead}
}

var _ contacts.Store = (*ContactStore)(nil)

// BeginImport opens the import transaction, records the import and opens
// its ledger block.
func (s *ContactStore) BeginImport(ctx context.Context, imp *contacts.Import) (contacts.ImportWriter, error) {
	tx, err := s.db.Begin(ctx)
	if err != nil {
		return nil, err
	}
	w := &importWriter{tx: tx, store: s}
	if err := w.begin(ctx, imp); err != nil {
		tx.Rollback() //nolint:errcheck // the begin error is what matters
		return nil, err
	}
	return w, nil
}

type importWriter struct {
	tx     *Tx
	store  *ContactStore
	loader Loader
	fresh  bool
	imp    *contacts.Import
}

func (w *importWriter) begin(ctx context.Context, imp *contacts.Import) error {
	var n int64
	if err := w.tx.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM contacts LIMIT 1) AS any_contact`).Scan(&n); err != nil {
		return fmt.Errorf("import: count contacts: %w", err)
	}
	w.fresh = n == 0
	imp.CreatedAt = w.tx.Now
	imp.Status = "running"
	err := w.tx.QueryRow(ctx, `INSERT INTO imports (created_at, actor, status, options) VALUES (?, ?, ?, ?) RETURNING id`,
		imp.CreatedAt.UnixMilli(), imp.Actor, imp.Status, nonEmpty(imp.Options, "{}")).Scan(&imp.ID)
	if err != nil {
		return fmt.Errorf("import: record: %w", err)
	}
	err = w.tx.QueryRow(ctx, `INSERT INTO ledger_blocks (created_at, actor, import_id) VALUES (?, ?, ?) RETURNING id`,
		imp.CreatedAt.UnixMilli(), imp.Actor, imp.ID).Scan(&imp.BlockID)
	if err != nil {
		return fmt.Errorf("import: open ledger block: %w", err)
	}
	w.imp = imp
	w.loader, err = w.store.newLoader(ctx, w.tx, w.fresh)
	return err
}

func (w *importWriter) Fresh() bool { return w.fresh }

func (w *importWriter) AddFile(ctx context.Context, f *contacts.ImportFile) error {
	f.ImportID = w.imp.ID
	err := w.tx.QueryRow(ctx, `INSERT INTO import_files (import_id, name, sha256, size, format, encoding, delimiter, list, file_status, mapping)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		f.ImportID, f.Name, f.SHA256, f.Size, f.Format, f.Encoding, f.Delimiter, f.List, f.FileStatus, nonEmpty(f.Mapping, "{}")).Scan(&f.ID)
	if err != nil {
		return fmt.Errorf("import: record file %s: %w", f.Name, err)
	}
	return nil
}

// FinishFile stores the hash, the final encoding and the row counts of a
// file once it has been read.
func (w *importWriter) FinishFile(ctx context.Context, f *contacts.ImportFile) error {
	_, err := w.tx.Exec(ctx, `UPDATE import_files SET sha256 = ?, encoding = ?, rows_read = ?, rows_rejected = ? WHERE id = ?`,
		f.SHA256, f.Encoding, f.Rows, f.Rejected, f.ID)
	return err
}

func (w *importWriter) Known(ctx context.Context, keys []string) (map[string]contacts.Known, error) {
	out := make(map[string]contacts.Known)
	if len(keys) == 0 {
		return out, nil
	}
	if err := w.loader.Indexed(ctx); err != nil {
		return nil, err
	}
	// One query per chunk reads each contact with the hashes of its source
	// rows (a row per source): a re-import of an unchanged file is mostly
	// these lookups.
	for _, chunk := range chunks(len(keys), 500) {
		part := keys[chunk[0]:chunk[1]]
		rows, err := w.tx.Query(ctx, `SELECT c.id, c.email_key, c.status, c.reasons, c.consent_at, c.consent_channel, c.purposes, s.row_hash
			FROM contacts c LEFT JOIN contact_sources s ON s.contact_id = c.id
			WHERE c.email_key IN (`+marks(len(part))+`)`, anys(part)...)
		err = eachRow(rows, err, func(rows *sql.Rows) error {
			return scanKnown(rows, out)
		})
		if err != nil {
			return nil, fmt.Errorf("import: look up contacts: %w", err)
		}
	}
	return out, nil
}

// scanKnown reads a contact and one of its row hashes into out.
func scanKnown(rows *sql.Rows, out map[string]contacts.Known) error {
	var k contacts.Known
	var key, reasons string
	var consentAt sql.NullInt64
	var h []byte
	if err := rows.Scan(&k.ID, &key, &k.Status, &reasons, &consentAt, &k.ConsentChannel, &k.Purposes, &h); err != nil {
		return err
	}
	if prev, ok := out[key]; ok {
		k = prev
	} else {
		k.Reasons, k.ConsentAt = SplitReasons(reasons), Time(consentAt)
	}
	if len(h) == len(contacts.RowHash{}) {
		k.RowHashes = append(k.RowHashes, contacts.RowHash(h))
	}
	out[key] = k
	return nil
}

func (w *importWriter) History(ctx context.Context, ids []int64) (map[int64]*contacts.History, error) {
	if err := w.loader.Indexed(ctx); err != nil {
		return nil, err
	}
	return loadHistory(ctx, w.tx, ids)
}

func (w *importWriter) Write(ctx context.Context, b *contacts.Batch) error {
	if err := w.loader.Write(ctx, b, w.imp.ID, w.imp.BlockID); err != nil {
		return err
	}
	// The loader writes the state of new contacts with their rows; updated
	// contacts may have a state already and go through an upsert.
	return writeBatchVerdicts(ctx, w.tx, &contacts.Batch{Updates: b.Updates})
}

func (w *importWriter) Reject(ctx context.Context, rs []contacts.Reject) error {
	for _, chunk := range chunks(len(rs), 200) {
		part := rs[chunk[0]:chunk[1]]
		args := make([]any, 0, len(part)*6)
		for _, r := range part {
			args = append(args, w.imp.ID, r.FileID, r.Line, r.Column, r.Code, r.Detail)
		}
		if _, err := w.tx.Exec(ctx, `INSERT INTO import_rejects (import_id, file_id, line, col, code, detail) VALUES `+Placeholders(len(part), 6), args...); err != nil {
			return fmt.Errorf("import: record rejects: %w", err)
		}
	}
	return nil
}

// Commit seals the import's ledger block and commits.
func (w *importWriter) Commit(ctx context.Context, imp *contacts.Import, seal func(prev consent.Hash, seq int64) consent.Hash) error {
	if err := w.loader.Indexed(ctx); err != nil {
		return err
	}
	if err := w.loader.Analyzed(ctx, imp.New); err != nil {
		return err
	}
	if imp.Events > 0 {
		if err := SealBlock(ctx, w.tx, w.store.lockHead, imp.BlockID, int64(imp.Events), imp.BlockLast, seal); err != nil {
			return err
		}
	} else if _, err := w.tx.Exec(ctx, `DELETE FROM ledger_blocks WHERE id = ?`, imp.BlockID); err != nil {
		return err
	}
	if err := w.loader.Close(); err != nil {
		return err
	}
	imp.FinishedAt = w.tx.Now
	imp.Status = "done"
	_, err := w.tx.Exec(ctx, `UPDATE imports SET finished_at = ?, status = ?, rows_read = ?, rows_rejected = ?,
		contacts_new = ?, contacts_updated = ?, contacts_unchanged = ?, events_added = ?, summary = ? WHERE id = ?`,
		imp.FinishedAt.UnixMilli(), imp.Status, imp.RowsRead, imp.Rejected, imp.New, imp.Updated, imp.Unchanged, imp.Events,
		nonEmpty(imp.Summary, "{}"), imp.ID)
	if err != nil {
		return fmt.Errorf("import: finish: %w", err)
	}
	if err := logAccess(ctx, w.tx, contacts.Access{Action: "imported", ObjectType: "import", ObjectID: fmt.Sprint(imp.ID),
		Detail: fmt.Sprintf(`{"new":%d,"updated":%d,"rows":%d}`, imp.New, imp.Updated, imp.RowsRead)}); err != nil {
		return err
	}
	return w.store.db.Dialect.FormatError(w.tx.Commit())
}

func (w *importWriter) Rollback() error {
	if w.loader != nil {
		w.loader.Close() //nolint:errcheck // the rollback error matters more
	}
	err := w.tx.Rollback()
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}

// SealBlock gives block id the next position in the ledger under the head
// lock, chains it to the previous block and moves the head.
func SealBlock(ctx context.Context, tx *Tx, lock LockFunc, id, events int64, last consent.Hash, seal func(prev consent.Hash, seq int64) consent.Hash) error {
	if err := lock(ctx, tx); err != nil {
		return fmt.Errorf("ledger: lock head: %w", err)
	}
	var seq int64
	var prevBytes []byte
	if err := tx.QueryRow(ctx, `SELECT seq, hash FROM ledger_head WHERE id = 1`).Scan(&seq, &prevBytes); err != nil {
		return fmt.Errorf("ledger: read head: %w", err)
	}
	var prev consent.Hash
	copy(prev[:], prevBytes)
	seq++
	h := seal(prev, seq)
	if _, err := tx.Exec(ctx, `UPDATE ledger_blocks SET seq = ?, events = ?, digest = ?, prev_hash = ?, hash = ? WHERE id = ?`,
		seq, events, last[:], prev[:], h[:], id); err != nil {
		return fmt.Errorf("ledger: seal block: %w", err)
	}
	if _, err := tx.Exec(ctx, `UPDATE ledger_head SET seq = ?, hash = ? WHERE id = 1`, seq, h[:]); err != nil {
		return fmt.Errorf("ledger: move head: %w", err)
	}
	return nil
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// chunks splits n items into [start, end) ranges of at most size.
func chunks(n, size int) [][2]int {
	var out [][2]int
	for i := 0; i < n; i += size {
		out = append(out, [2]int{i, min(i+size, n)})
	}
	return out
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func anys[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// eachRow calls fn for every row of a query's result and closes it. err is
// the query's own error, passed through so callers stay flat.
func eachRow(rows *sql.Rows, err error, fn func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// collect scans every row of a query with scan; nil and the error when
// the query or a row fails.
func collect[T any](rows *sql.Rows, err error, scan func(scanner) (T, error)) ([]T, error) {
	var out []T
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		x, err := scan(rows)
		out = append(out, x)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// deref adapts a scanner that returns a pointer to collect.
func deref[T any](scan func(scanner) (*T, error)) func(scanner) (T, error) {
	return func(r scanner) (T, error) {
		p, err := scan(r)
		if err != nil {
			var zero T
			return zero, err
		}
		return *p, nil
	}
}
