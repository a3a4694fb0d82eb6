package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
)

// importLock serialises imports across instances, so that the contacts an
// import looked up cannot be created by another import before it commits.
const importLock = `SELECT pg_advisory_xact_lock(7244500871234)`

// loader writes an import with COPY, the fastest way into PostgreSQL.
// New rows get their ids from the tables' sequences in one round trip per
// batch, so sources and events can name their contact before they are sent.
//
// Into an empty base it first drops the indexes whose keys arrive in random
// order (addresses, names) and builds them once at the end, sorted: COPY
// then runs about twice as fast. The dropped indexes lock the contacts
// table until the import commits; readers then wait instead of seeing an
// empty base, which only happens on a first import.
type loader struct {
	tx      *sqlstore.Tx
	staged  bool     // the temporary table of updates exists
	indexes []string // CREATE INDEX statements to replay
}

// randomIndexes are the indexes whose keys arrive in random order.
const randomIndexes = `'contacts_email_key', 'contacts_variant', 'contacts_first_name', 'contacts_last_name'`

func newLoader(ctx context.Context, tx *sqlstore.Tx, fresh bool) (sqlstore.Loader, error) {
	if _, err := tx.ExecContext(ctx, importLock); err != nil {
		return nil, fmt.Errorf("import: wait for other imports: %w", err)
	}
	l := &loader{tx: tx}
	if fresh {
		if err := l.dropIndexes(ctx); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func (l *loader) dropIndexes(ctx context.Context) error {
	rows, err := l.tx.QueryContext(ctx, `SELECT indexname, indexdef FROM pg_indexes
		WHERE schemaname = current_schema() AND indexname IN (`+randomIndexes+`)`)
	if err != nil {
		return fmt.Errorf("import: list indexes: %w", err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return err
		}
		names, l.indexes = append(names, name), append(l.indexes, def)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := l.tx.ExecContext(ctx, `DROP INDEX `+pgx.Identifier{name}.Sanitize()); err != nil {
			return fmt.Errorf("import: drop index %s: %w", name, err)
		}
	}
	return nil
}

// Indexed builds the dropped indexes, once, with enough memory to sort a
// million keys without spilling to disk.
func (l *loader) Indexed(ctx context.Context) error {
	if len(l.indexes) == 0 {
		return nil
	}
	if _, err := l.tx.ExecContext(ctx, `SET LOCAL maintenance_work_mem = '256MB'`); err != nil {
		return err
	}
	for len(l.indexes) > 0 {
		if _, err := l.tx.ExecContext(ctx, l.indexes[0]); err != nil {
			return fmt.Errorf("import: rebuild index: %w", err)
		}
		l.indexes = l.indexes[1:]
	}
	return nil
}

// analyzeAfter is how many new contacts make an import refresh the
// planner's statistics itself rather than wait for autovacuum.
const analyzeAfter = 1000

// Analyzed refreshes the statistics of the tables an import fills. Without
// them, PostgreSQL plans per-contact subqueries (a contact's first source,
// its consent state) as scans of the whole table until autovacuum comes
// by, and a campaign launched right after a first import waits seconds
// instead of milliseconds. ANALYZE samples a bounded number of rows, sees
// this transaction's own rows, and its statistics commit with the import.
func (l *loader) Analyzed(ctx context.Context, newContacts int) error {
	if newContacts < analyzeAfter {
		return nil
	}
	if _, err := l.tx.ExecContext(ctx, `ANALYZE contacts, contact_sources, consent_events, consent_state`); err != nil {
		return fmt.Errorf("import: refresh statistics: %w", err)
	}
	return nil
}

func (l *loader) Close() error { return nil }

// update applies contact updates set-based: COPY into a temporary table,
// then one UPDATE … FROM, instead of a round trip per contact.
func (l *loader) update(ctx context.Context, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if !l.staged {
		if _, err := l.tx.ExecContext(ctx, `CREATE TEMP TABLE contact_updates (LIKE contacts INCLUDING DEFAULTS) ON COMMIT DROP`); err != nil {
			return fmt.Errorf("import: stage updates: %w", err)
		}
		l.staged = true
	}
	if err := l.copy(ctx, "contact_updates", sqlstore.ContactCols, rows); err != nil {
		return err
	}
	set := make([]string, 0, len(updatable))
	for _, c := range updatable {
		set = append(set, c+" = u."+c)
	}
	if _, err := l.tx.ExecContext(ctx, `UPDATE contacts c SET `+strings.Join(set, ", ")+` FROM contact_updates u WHERE c.id = u.id`); err != nil {
		return fmt.Errorf("import: update contacts: %w", err)
	}
	if _, err := l.tx.ExecContext(ctx, `TRUNCATE contact_updates`); err != nil {
		return fmt.Errorf("import: clear staged updates: %w", err)
	}
	return nil
}

// updatable are the contact columns an import may change: everything but
// the id, the key and the creation time.
var updatable = []string{"email", "variant_key", "first_name", "last_name", "name", "language", "phone",
	"attributes", "status", "reasons", "consent_at", "consent_channel", "purposes", "updated_at"}

func (l *loader) Write(ctx context.Context, b *contacts.Batch, importID, blockID int64) error {
	nSources, nEvents := 0, 0
	for _, n := range b.New {
		nSources++
		nEvents += len(n.Events)
	}
	for _, u := range b.Updates {
		if u.Source != nil {
			nSources++
		}
		nEvents += len(u.Events)
	}
	ids, err := l.reserve(ctx, len(b.New), nSources, nEvents)
	if err != nil {
		return err
	}
	var crow, srow, erow, strow [][]any
	for _, n := range b.New {
		n.Contact.ID = ids.next(0)
		crow = append(crow, sqlstore.ContactRow(nil, &n.Contact))
		srow, erow = rowsOf(ids, srow, erow, n.Contact.ID, &n.Source, n.Events, importID, blockID)
	}
	now := l.tx.Now.UnixMilli()
	for _, n := range b.New {
		for i := range n.Verdicts {
			strow = append(strow, sqlstore.StateRow(nil, n.Contact.ID, &n.Verdicts[i], now))
		}
	}
	var urow [][]any
	updated := map[int64]bool{}
	for _, u := range b.Updates {
		if !updated[u.Contact.ID] {
			updated[u.Contact.ID] = true
			urow = append(urow, sqlstore.ContactRow(nil, &u.Contact))
		}
		srow, erow = rowsOf(ids, srow, erow, u.Contact.ID, u.Source, u.Events, importID, blockID)
	}
	if err := l.copy(ctx, "contacts", sqlstore.ContactCols, crow); err != nil {
		return err
	}
	if err := l.update(ctx, urow); err != nil {
		return err
	}
	if err := l.copy(ctx, "contact_sources", sqlstore.SourceCols, srow); err != nil {
		return err
	}
	if err := l.copy(ctx, "consent_events", sqlstore.EventCols, erow); err != nil {
		return err
	}
	return l.copy(ctx, "consent_state", sqlstore.StateCols, strow)
}

func rowsOf(ids *idBlock, srow, erow [][]any, contactID int64, src *contacts.Source, evs []contacts.Event, importID, blockID int64) ([][]any, [][]any) {
	var sourceID int64
	if src != nil {
		src.ID, src.ImportID = ids.next(1), importID
		sourceID = src.ID
		srow = append(srow, sqlstore.SourceRow(nil, contactID, src))
	}
	for i := range evs {
		e := &evs[i]
		e.ID, e.BlockID, e.SourceID = ids.next(2), blockID, sourceID
		erow = append(erow, sqlstore.EventRow(nil, contactID, e))
	}
	return srow, erow
}

// idBlock holds ids reserved from the contacts, contact_sources and
// consent_events sequences.
type idBlock struct {
	ids [3][]int64
}

func (b *idBlock) next(table int) int64 {
	id := b.ids[table][0]
	b.ids[table] = b.ids[table][1:]
	return id
}

func (l *loader) reserve(ctx context.Context, contactsN, sourcesN, eventsN int) (*idBlock, error) {
	b := &idBlock{}
	for i, want := range []struct {
		table string
		n     int
	}{{"contacts", contactsN}, {"contact_sources", sourcesN}, {"consent_events", eventsN}} {
		if want.n == 0 {
			continue
		}
		ids, err := l.nextIDs(ctx, want.table, want.n)
		if err != nil {
			return nil, fmt.Errorf("import: reserve ids for %s: %w", want.table, err)
		}
		b.ids[i] = ids
	}
	return b, nil
}

// nextIDs takes n values from the id sequence of table in one round trip.
func (l *loader) nextIDs(ctx context.Context, table string, n int) ([]int64, error) {
	rows, err := l.tx.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (l *loader) copy(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	err := l.tx.Conn.Raw(func(dc any) error {
		conn, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		_, err := conn.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
	if err != nil {
		return fmt.Errorf("import: copy into %s: %w", table, err)
	}
	return nil
}
