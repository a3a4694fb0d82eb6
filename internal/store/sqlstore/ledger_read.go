package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/gdprkit/gdprkit/internal/consent"
)

// LedgerStore reads and checkpoints the consent ledger. It implements
// consent.LedgerReader and consent.CheckpointStore.
type LedgerStore struct {
	db   *DB
	lock LockFunc
	// checkInSQL: the dialect registered gdprkit_check_event, which runs
	// consent.CheckEvent inside the database (SQLite): each row then
	// crosses the driver as one value instead of sixteen.
	checkInSQL bool
	// scan, when set, streams the rows of an events query (ledgerEventCols)
	// the dialect's fastest way (PostgreSQL: pgx in binary, no copies).
	scan EventScanner
}

// EventScanner runs query (already rebound for the dialect) and calls fn
// for each row decoded into e, which it may reuse and whose strings may
// point into the driver's buffers until fn returns.
type EventScanner func(ctx context.Context, query string, args []any, fn func(e *consent.StoredEvent) error) error

// WithScanner makes s read events through scan.
func (s *LedgerStore) WithScanner(scan EventScanner) *LedgerStore {
	s.scan = scan
	return s
}

// NewLedgerStore returns the ledger store of db. checkInSQL says whether
// the database has the gdprkit_check_event function.
func NewLedgerStore(db *DB, lock LockFunc, checkInSQL bool) *LedgerStore {
	return &LedgerStore{db: db, lock: lock, checkInSQL: checkInSQL}
}

var _ consent.LedgerReader = (*LedgerStore)(nil)

// LedgerState reads the head, the highest block id and position, the
// event count and the checkpoints in one read transaction.
func (s *LedgerStore) LedgerState(ctx context.Context) (*consent.LedgerState, error) {
	tx, err := s.db.snapshot(ctx)
	if err != nil {
		return nil, fmt.Errorf("ledger: read state: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // read-only
	st := &consent.LedgerState{}
	var maxBlock, maxSeq sql.NullInt64
	err = tx.QueryRowContext(ctx, s.db.Q(`SELECT seq, hash FROM ledger_head WHERE id = 1`)).Scan(&st.HeadSeq, &st.HeadHash)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		st.HeadMissing = true // reported by verification, not an error reading
	case err != nil:
		return nil, fmt.Errorf("ledger: read head: %w", err)
	}
	if err := tx.QueryRowContext(ctx, s.db.Q(`SELECT MAX(id), MAX(seq) FROM ledger_blocks`)).Scan(&maxBlock, &maxSeq); err != nil {
		return nil, fmt.Errorf("ledger: read blocks: %w", err)
	}
	st.MaxBlockID, st.MaxSeq = maxBlock.Int64, maxSeq.Int64
	if err := tx.QueryRowContext(ctx, s.db.Q(`SELECT COUNT(*) FROM consent_events WHERE block_id <= ?`), st.MaxBlockID).Scan(&st.Events); err != nil {
		return nil, fmt.Errorf("ledger: count events: %w", err)
	}
	st.Checkpoints, err = scanCheckpoints(ctx, tx, s.db.Q(`SELECT `+checkpointCols+` FROM ledger_checkpoints ORDER BY id`))
	if err != nil {
		return nil, err
	}
	return st, nil
}

// EventBatches cuts the events into batches of about size events from the
// blocks' own counts: runs of small blocks share a batch, a large block is
// split by event id. The counts only steer the cut; the first and last
// batches are open-ended, so every event is read whatever the counts say.
func (s *LedgerStore) EventBatches(ctx context.Context, size int) ([]consent.EventBatch, error) {
	bounds, err := s.batchBounds(ctx, size)
	if err != nil {
		return nil, err
	}
	big, err := s.bigBlocks(ctx, size)
	if err != nil {
		return nil, err
	}
	var out []consent.EventBatch
	from := int64(math.MinInt64)
	cut := func(to int64) {
		if to > from {
			out = append(out, consent.EventBatch{FromBlock: from, ToBlock: to})
			from = to
		}
	}
	// Both lists are in block order: merge them.
	for i, j := 0, 0; i < len(bounds) || j < len(big); {
		if j < len(big) && (i == len(bounds) || big[j].id < bounds[i]) {
			cut(big[j].id)
			out = append(out, splitBlock(big[j], size)...)
			from = big[j].id + 1
			j++
			continue
		}
		cut(bounds[i])
		i++
	}
	cut(math.MaxInt64)
	return out, nil
}

// batchBounds returns the ids of the blocks that start a new batch of
// small blocks, computed in the database so that a ledger of a million
// one-event blocks does not cross the driver to be planned.
func (s *LedgerStore) batchBounds(ctx context.Context, size int) ([]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT id FROM (
			SELECT id, SUM(events) OVER (ORDER BY id) AS upto, events FROM ledger_blocks WHERE events <= ?
		) AS b WHERE (upto - events) / ? <> upto / ?`, size, size, size)
	var out []int64
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		out = append(out, id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ledger: plan batches: %w", err)
	}
	return out, nil
}

type bigBlock struct{ id, minID, maxID int64 }

// bigBlocks returns the blocks holding more than size events, with the
// range of their event ids.
func (s *LedgerStore) bigBlocks(ctx context.Context, size int) ([]bigBlock, error) {
	rows, err := s.db.Query(ctx, `SELECT b.id,
			(SELECT MIN(id) FROM consent_events WHERE block_id = b.id),
			(SELECT MAX(id) FROM consent_events WHERE block_id = b.id)
		FROM ledger_blocks b WHERE b.events > ? ORDER BY b.id`, size)
	var out []bigBlock
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var b bigBlock
		var lo, hi sql.NullInt64
		if err := rows.Scan(&b.id, &lo, &hi); err != nil {
			return err
		}
		b.minID, b.maxID = lo.Int64, hi.Int64
		out = append(out, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ledger: plan batches: %w", err)
	}
	return out, nil
}

// splitBlock cuts one large block by event id; the first and last parts
// are open-ended.
func splitBlock(b bigBlock, size int) []consent.EventBatch {
	var out []consent.EventBatch
	from := int64(math.MinInt64)
	for id := b.minID + int64(size); id <= b.maxID; id += int64(size) {
		out = append(out, consent.EventBatch{Single: true, Block: b.id, FromID: from, ToID: id})
		from = id
	}
	return append(out, consent.EventBatch{Single: true, Block: b.id, FromID: from, ToID: math.MaxInt64})
}

// Blocks returns up to limit blocks with after < id <= upTo.
func (s *LedgerStore) Blocks(ctx context.Context, after, upTo int64, limit int) ([]consent.StoredBlock, error) {
	rows, err := s.db.Query(ctx, `SELECT `+blockCols+` FROM ledger_blocks WHERE id > ? AND id <= ? ORDER BY id LIMIT ?`, after, upTo, limit)
	return scanBlocks(rows, err, limit)
}

// Block returns the block with the id, or nil.
func (s *LedgerStore) Block(ctx context.Context, id int64) (*consent.StoredBlock, error) {
	rows, err := s.db.Query(ctx, `SELECT `+blockCols+` FROM ledger_blocks WHERE id = ?`, id)
	bs, err := scanBlocks(rows, err, 1)
	if err != nil || len(bs) == 0 {
		return nil, err
	}
	return &bs[0], nil
}

// ScanSeals streams the sealed blocks in position order.
func (s *LedgerStore) ScanSeals(ctx context.Context, maxSeq int64, fn func(*consent.StoredBlock) error) error {
	rows, err := s.db.Query(ctx, `SELECT seq, id, events, prev_hash, hash FROM ledger_blocks WHERE seq IS NOT NULL AND seq <= ? ORDER BY seq`, maxSeq)
	return eachRow(rows, err, func(rows *sql.Rows) error {
		b := consent.StoredBlock{HasSeq: true}
		if err := rows.Scan(&b.Seq, &b.ID, &b.Events, &b.PrevHash, &b.Hash); err != nil {
			return fmt.Errorf("ledger: read block positions: %w", err)
		}
		return fn(&b)
	})
}

const blockCols = `id, seq, created_at, actor, import_id, events, digest, prev_hash, hash`

func scanBlocks(rows *sql.Rows, err error, limit int) ([]consent.StoredBlock, error) {
	out := make([]consent.StoredBlock, 0, min(limit, 1024))
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var b consent.StoredBlock
		var seq, imp sql.NullInt64
		if err := rows.Scan(&b.ID, &seq, &b.CreatedAt, &b.Actor, &imp, &b.Events, &b.Digest, &b.PrevHash, &b.Hash); err != nil {
			return err
		}
		b.Seq, b.HasSeq, b.ImportID = seq.Int64, seq.Valid, imp.Int64
		out = append(out, b)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ledger: read blocks: %w", err)
	}
	return out, nil
}

// ledgerEventCols are the columns verification reads, in the order
// DecodeEvent expects them.
const ledgerEventCols = `e.block_id, e.id, e.purpose, e.action, e.occurred_at, e.channel, e.source, e.legal_basis,
	e.commitment, e.hash, e.salt, e.subject, e.ip, e.user_agent, e.detail, e.contact_id`

// checkEventSQL calls gdprkit_check_event, which a dialect may register
// (SQLite does): it runs consent.CheckEvent on ledgerEventCols inside the
// database and returns EncodeChecked's blob, one value per row.
const checkEventSQL = `gdprkit_check_event(` + ledgerEventCols + `)`

// CheckEventArgs is the number of arguments of gdprkit_check_event.
const CheckEventArgs = 16

// ScanEvents streams the events of batch b in key order through the
// driver directly: database/sql would convert every one of millions of
// values again, and could not tell a malformed column from a broken read.
func (s *LedgerStore) ScanEvents(ctx context.Context, b consent.EventBatch, fn func(*consent.Checked) error) error {
	cols := ledgerEventCols
	if s.checkInSQL {
		cols = checkEventSQL
	}
	where, args := `e.block_id >= ? AND e.block_id < ?`, []any{b.FromBlock, b.ToBlock}
	if b.Single {
		where, args = `e.block_id = ? AND e.id >= ? AND e.id < ?`, []any{b.Block, b.FromID, b.ToID}
	}
	from := `consent_events e`
	if b.Single && s.checkInSQL {
		// One block's events in id order are in key order, and SQLite
		// reads them fastest by rowid, without the index.
		from = `consent_events e NOT INDEXED`
	}
	q := s.db.Q(`SELECT ` + cols + ` FROM ` + from + ` WHERE ` + where + ` ORDER BY e.block_id, e.id`)
	if s.scan != nil && !s.checkInSQL {
		err := s.scan(ctx, q, args, func(e *consent.StoredEvent) error {
			c := consent.CheckEvent(e)
			c.Subject = strings.Clone(c.Subject) // it may point into the driver's buffer
			return fn(&c)
		})
		if err != nil {
			return fmt.Errorf("ledger: read events: %w", err)
		}
		return nil
	}
	conn, err := s.db.Read.Conn(ctx)
	if err != nil {
		return fmt.Errorf("ledger: read events: %w", err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		qc, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("driver connection %T cannot query", dc)
		}
		rows, err := qc.QueryContext(ctx, q, namedValues(args))
		if err != nil {
			return err
		}
		defer rows.Close()
		return s.eachEvent(rows, fn)
	})
	if err != nil {
		return fmt.Errorf("ledger: read events: %w", err)
	}
	return nil
}

func (s *LedgerStore) eachEvent(rows driver.Rows, fn func(*consent.Checked) error) error {
	vals := make([]driver.Value, len(rows.Columns()))
	var e consent.StoredEvent
	for {
		if err := rows.Next(vals); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		var c consent.Checked
		if s.checkInSQL {
			c = DecodeChecked(vals[0])
		} else {
			DecodeEvent(vals, &e)
			c = consent.CheckEvent(&e)
		}
		if err := fn(&c); err != nil {
			return err
		}
	}
}

// snapshot begins a read-only transaction that sees one state of the
// database for all its queries.
func (db *DB) snapshot(ctx context.Context) (*sql.Tx, error) {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Dialect.Name() == "postgres" {
		opts.Isolation = sql.LevelRepeatableRead
	}
	return db.Read.BeginTx(ctx, opts)
}

func namedValues(args []any) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, a := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return out
}

// ContactKeys returns the email_key of the contacts among ids (sorted,
// distinct) that exist. A dense run of ids is read as one range, the
// rest in lists of 500: one query per batch either way.
func (s *LedgerStore) ContactKeys(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	scan := func(rows *sql.Rows) error {
		var id int64
		var key string
		if err := rows.Scan(&id, &key); err != nil {
			return err
		}
		out[id] = key
		return nil
	}
	lo, hi := ids[0], ids[len(ids)-1]
	if hi-lo < 4*int64(len(ids)) {
		rows, err := s.db.Query(ctx, `SELECT id, email_key FROM contacts WHERE id >= ? AND id <= ?`, lo, hi)
		if err := eachRow(rows, err, scan); err != nil {
			return nil, fmt.Errorf("ledger: read contact keys: %w", err)
		}
		return out, nil
	}
	for _, c := range chunks(len(ids), 500) {
		part := ids[c[0]:c[1]]
		rows, err := s.db.Query(ctx, `SELECT id, email_key FROM contacts WHERE id IN (`+marks(len(part))+`)`, anys(part)...)
		if err := eachRow(rows, err, scan); err != nil {
			return nil, fmt.Errorf("ledger: read contact keys: %w", err)
		}
	}
	return out, nil
}
