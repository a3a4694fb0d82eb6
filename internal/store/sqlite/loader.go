package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
)

// rowsPerInsert is how many rows one INSERT statement carries. Multi-row
// statements cut the per-statement cost of the pure-Go driver; measured
// gains flatten past about 100 rows.
const rowsPerInsert = 100

// importTables are the tables an import writes, in the order rows must
// reach them (sources and events name their contact).
var importTables = []string{"contacts", "contact_sources", "consent_events", "consent_state"}

// idTables are the import tables whose ids the loader assigns itself.
var idTables = importTables[:3]

// randomIndexes are the indexes whose keys arrive in random order during an
// import (addresses, folded names). The others grow at their end (ids,
// statuses, the import's own ids) and cost little to maintain.
const randomIndexes = `'contacts_email_key', 'contacts_variant', 'contacts_last_name', 'contacts_first_name'`

// loader writes an import with multi-row INSERTs. When the base is empty it
// drops the indexes on addresses first and rebuilds them once at the end:
// SQLite builds an index from sorted data far faster than it maintains one
// under a million random inserts. Readers keep seeing the old snapshot, and
// the rebuild is part of the same transaction.
type loader struct {
	tx      *sqlstore.Tx
	next    map[string]int64 // next id per table
	indexes []string         // CREATE INDEX statements to replay
	stmts   map[string]*sql.Stmt
	raw     map[string]driver.StmtExecContext
	closers []driver.Stmt
	named   []driver.NamedValue
	args    []any
}

func newLoader(ctx context.Context, tx *sqlstore.Tx, fresh bool) (sqlstore.Loader, error) {
	l := &loader{tx: tx, next: map[string]int64{}, stmts: map[string]*sql.Stmt{}, raw: map[string]driver.StmtExecContext{}}
	for _, t := range idTables {
		var max int64
		if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+t).Scan(&max); err != nil {
			return nil, fmt.Errorf("import: next id of %s: %w", t, err)
		}
		l.next[t] = max + 1
	}
	if fresh {
		if err := l.dropIndexes(ctx); err != nil {
			return nil, err
		}
	}
	return l, nil
}

func (l *loader) dropIndexes(ctx context.Context) error {
	names, err := l.indexDDL(ctx)
	if err != nil {
		return fmt.Errorf("import: list indexes: %w", err)
	}
	for _, name := range names {
		if _, err := l.tx.Exec(ctx, `DROP INDEX `+name); err != nil {
			return fmt.Errorf("import: drop index %s: %w", name, err)
		}
	}
	return nil
}

// indexDDL remembers the statements that create the random indexes and
// returns their names.
func (l *loader) indexDDL(ctx context.Context) ([]string, error) {
	rows, err := l.tx.Query(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
		AND name IN (`+randomIndexes+`)`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name, ddl string
		if err := rows.Scan(&name, &ddl); err != nil {
			return nil, err
		}
		names = append(names, name)
		l.indexes = append(l.indexes, ddl)
	}
	return names, rows.Err()
}

// Indexed rebuilds the dropped indexes, once.
func (l *loader) Indexed(ctx context.Context) error {
	for len(l.indexes) > 0 {
		ddl := l.indexes[0]
		if _, err := l.tx.Exec(ctx, ddl); err != nil {
			return fmt.Errorf("import: rebuild index: %w", err)
		}
		l.indexes = l.indexes[1:]
	}
	return nil
}

// Analyzed does nothing: SQLite's planner picks the indexes these queries
// need without statistics.
func (l *loader) Analyzed(context.Context, int) error { return nil }

func (l *loader) Write(ctx context.Context, b *contacts.Batch, importID, blockID int64) error {
	ins := &inserter{l: l}
	now := l.tx.Now.UnixMilli()
	for _, n := range b.New {
		n.Contact.ID = l.id("contacts")
		ins.add(ctx, "contacts", sqlstore.ContactCols, sqlstore.ContactRow(l.args[:0], &n.Contact))
		l.addSourceAndEvents(ctx, ins, n.Contact.ID, &n.Source, n.Events, importID, blockID)
		for i := range n.Verdicts {
			ins.add(ctx, "consent_state", sqlstore.StateCols, sqlstore.StateRow(l.args[:0], n.Contact.ID, &n.Verdicts[i], now))
		}
	}
	for _, u := range b.Updates {
		if err := l.update(ctx, &u.Contact); err != nil {
			return err
		}
		l.addSourceAndEvents(ctx, ins, u.Contact.ID, u.Source, u.Events, importID, blockID)
	}
	return ins.flush(ctx)
}

func (l *loader) addSourceAndEvents(ctx context.Context, ins *inserter, contactID int64, src *contacts.Source, evs []contacts.Event, importID, blockID int64) {
	var sourceID int64
	if src != nil {
		src.ID, src.ImportID = l.id("contact_sources"), importID
		sourceID = src.ID
		ins.add(ctx, "contact_sources", sqlstore.SourceCols, sqlstore.SourceRow(l.args[:0], contactID, src))
	}
	for i := range evs {
		e := &evs[i]
		e.ID, e.BlockID, e.SourceID = l.id("consent_events"), blockID, sourceID
		ins.add(ctx, "consent_events", sqlstore.EventCols, sqlstore.EventRow(l.args[:0], contactID, e))
	}
}

// Close closes the statements prepared for this import. It runs before the
// transaction ends, while the connection is still the import's.
func (l *loader) Close() error {
	var errs []error
	for _, st := range l.stmts {
		errs = append(errs, st.Close())
	}
	err := l.tx.Conn.Raw(func(any) error {
		for _, st := range l.closers {
			errs = append(errs, st.Close())
		}
		return nil
	})
	l.stmts, l.closers, l.raw = map[string]*sql.Stmt{}, nil, map[string]driver.StmtExecContext{}
	return errors.Join(append(errs, err)...)
}

// update stores a contact's new fields through one prepared statement.
func (l *loader) update(ctx context.Context, c *contacts.Contact) error {
	st, err := l.prepare(ctx, "update", sqlstore.UpdateContactSQL) //nolint:sqlclosecheck // kept for the import, closed by Close
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(ctx, sqlstore.UpdateContactArgs(c)...); err != nil {
		return fmt.Errorf("import: update contact %d: %w", c.ID, err)
	}
	return nil
}

// prepare returns the statement for key, preparing query once per import.
func (l *loader) prepare(ctx context.Context, key, query string) (*sql.Stmt, error) {
	if st := l.stmts[key]; st != nil {
		return st, nil
	}
	st, err := l.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("import: prepare %s: %w", key, err)
	}
	l.stmts[key] = st
	return st, nil
}

func (l *loader) id(table string) int64 {
	id := l.next[table]
	l.next[table]++
	return id
}

// inserter buffers rows per table and sends them rowsPerInsert at a time.
type inserter struct {
	l       *loader
	pending map[string][]any
	cols    map[string][]string
	err     error
}

func (ins *inserter) add(ctx context.Context, table string, cols []string, row []any) {
	if ins.pending == nil {
		ins.pending, ins.cols = map[string][]any{}, map[string][]string{}
	}
	ins.cols[table] = cols
	ins.pending[table] = append(ins.pending[table], row...)
	if len(ins.pending[table]) == rowsPerInsert*len(cols) {
		// Rows name the rows of the tables before them (sources name their
		// contact, states their deciding event): those go first.
		for _, t := range importTables {
			if t == table {
				break
			}
			ins.send(ctx, t)
		}
		ins.send(ctx, table)
	}
}

func (ins *inserter) send(ctx context.Context, table string) {
	if rows := ins.pending[table]; len(rows) > 0 && ins.err == nil {
		ins.err = ins.l.exec(ctx, table, ins.cols[table], rows)
		ins.pending[table] = rows[:0]
	}
}

func (ins *inserter) flush(ctx context.Context) error {
	// Contacts first: sources and events reference them.
	for _, t := range importTables {
		ins.send(ctx, t)
	}
	return ins.err
}

// exec inserts rows through the driver directly: database/sql would check
// and convert every one of the millions of values again on their way in.
func (l *loader) exec(ctx context.Context, table string, cols []string, args []any) error {
	n := len(args) / len(cols)
	key := fmt.Sprintf("%s/%d", table, n)
	return l.tx.Conn.Raw(func(dc any) error {
		st := l.raw[key]
		if st == nil {
			q := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES ` + sqlstore.Placeholders(n, len(cols))
			p, ok := dc.(driver.ConnPrepareContext)
			if !ok {
				return fmt.Errorf("import: driver connection %T cannot prepare", dc)
			}
			ds, err := p.PrepareContext(ctx, q)
			if err != nil {
				return fmt.Errorf("import: prepare insert into %s: %w", table, err)
			}
			if st, ok = ds.(driver.StmtExecContext); !ok {
				return fmt.Errorf("import: driver statement %T cannot execute", ds)
			}
			l.raw[key] = st
			l.closers = append(l.closers, ds)
		}
		if cap(l.named) < len(args) {
			l.named = make([]driver.NamedValue, len(args))
		}
		named := l.named[:len(args)]
		for i, a := range args {
			named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
		}
		if _, err := st.ExecContext(ctx, named); err != nil {
			return fmt.Errorf("import: insert into %s: %w", table, err)
		}
		return nil
	})
}
