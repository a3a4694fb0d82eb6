package consent

import "context"

// LedgerReader reads the ledger tables for verification. Every method is
// one query, or one query per batch: verification never makes a round
// trip per row, so millions of events verify at the speed the database
// streams them.
type LedgerReader interface {
	// LedgerState reads, in one snapshot, the head, the highest block id
	// and the checkpoints: verification covers the ledger as it was then.
	LedgerState(ctx context.Context) (*LedgerState, error)
	// EventBatches returns batches that together cover every possible
	// event key, in key order, each holding about size events.
	EventBatches(ctx context.Context, size int) ([]EventBatch, error)
	// ScanEvents calls fn for every event of batch b, in key order,
	// checked with CheckEvent (a dialect may run CheckEvent inside the
	// database). fn must not keep the pointer.
	ScanEvents(ctx context.Context, b EventBatch, fn func(*Checked) error) error
	// ContactKeys returns the email_key of the contacts among ids (sorted,
	// distinct) that exist.
	ContactKeys(ctx context.Context, ids []int64) (map[int64]string, error)
	// Blocks returns up to limit blocks with after < id <= upTo, in id
	// order.
	Blocks(ctx context.Context, after, upTo int64, limit int) ([]StoredBlock, error)
	// Block returns the block with the id, or nil.
	Block(ctx context.Context, id int64) (*StoredBlock, error)
	// ScanSeals calls fn for every block with a position up to maxSeq, in
	// position order, with Seq, ID, Events, PrevHash and Hash set.
	ScanSeals(ctx context.Context, maxSeq int64, fn func(*StoredBlock) error) error
}

// LedgerState is where the ledger stood when verification began.
type LedgerState struct {
	HeadSeq     int64
	HeadHash    []byte
	HeadMissing bool // the ledger_head row is gone
	MaxBlockID  int64
	// MaxSeq is the highest block position: above HeadSeq only when
	// ledger_head was moved back.
	MaxSeq      int64
	Events      int64 // events in blocks up to MaxBlockID, for progress
	Checkpoints []Checkpoint
}

// EventBatch is a range of event keys read with one query: the events with
// FromBlock <= block_id < ToBlock, or, when Single, the events of block
// Block with FromID <= id < ToID (a large block is read in several).
type EventBatch struct {
	FromBlock, ToBlock int64
	Single             bool
	Block              int64
	FromID, ToID       int64
}

// StoredBlock is one ledger_blocks row as stored.
type StoredBlock struct {
	ID        int64
	Seq       int64
	HasSeq    bool
	CreatedAt int64 // Unix milliseconds
	Actor     string
	ImportID  int64 // 0 when NULL
	Events    int64
	Digest    []byte
	PrevHash  []byte
	Hash      []byte
}
