package consent

import (
	"context"
	"fmt"
	"math"
	"time"
)

// consumer follows the events in key order (block id, then id), matching
// them with the block rows read alongside in id order, and checks each
// block's chain and seal.
type consumer struct {
	r        LedgerReader
	st       *LedgerState
	maxSeq   int64
	cursor   blockCursor
	cur      *chain
	curID    int64
	curSkip  bool
	problems problems
	events   int64
	blocks   int64
	erased   int64
	erasedID []int64
}

func newConsumer(r LedgerReader, st *LedgerState) *consumer {
	c := &consumer{r: r, st: st, maxSeq: max(st.HeadSeq, st.MaxSeq)}
	c.cursor = blockCursor{r: r, after: math.MinInt64, upTo: st.MaxBlockID}
	return c
}

func (c *consumer) event(ctx context.Context, e *Checked) error {
	if c.cur == nil || e.BlockID != c.curID {
		c.endBlock()
		if err := c.blocksBefore(ctx, e.BlockID); err != nil {
			return err
		}
		if err := c.startBlock(ctx, e.BlockID); err != nil {
			return err
		}
	}
	if c.curSkip {
		return nil
	}
	c.events++
	if e.Flags&Erased != 0 {
		c.erased++
		if len(c.erasedID) < maxErasedIDs {
			c.erasedID = append(c.erasedID, e.ID)
		}
	}
	c.cur.add(e)
	return nil
}

// maxErasedIDs is how many erased event ids a report lists.
const maxErasedIDs = 20

// newer reports whether block b was sealed after verification began; its
// events are left for the next run.
func (c *consumer) newer(b *StoredBlock) bool {
	return b.ID > c.st.MaxBlockID || b.HasSeq && b.Seq > c.maxSeq
}

func (c *consumer) startBlock(ctx context.Context, id int64) error {
	c.cur, c.curID, c.curSkip = &chain{problems: &c.problems}, id, false
	var b *StoredBlock
	var err error
	if id <= c.st.MaxBlockID {
		if b, err = c.cursor.take(ctx, id); err != nil {
			return err
		}
	}
	if b == nil {
		// The block row may have been committed after the cursor read its
		// page: look again before calling the events orphans.
		if b, err = c.r.Block(ctx, id); err != nil {
			return err
		}
	}
	switch {
	case b == nil:
		c.cur.block = nil
	case c.newer(b):
		c.curSkip = true
	default:
		c.cur.block = b
	}
	return nil
}

func (c *consumer) endBlock() {
	ch := c.cur
	if ch == nil || c.curSkip {
		return
	}
	if ch.block == nil {
		c.problems.add(Problem{Kind: ProblemOrphanEvent, BlockID: c.curID, EventID: ch.first,
			Detail: fmt.Sprintf("it and %d other events name block id %d, which does not exist: they were inserted, or their block was deleted", ch.count-1, c.curID),
			Args:   map[string]any{"Event": ch.first, "Count": ch.count, "BlockID": c.curID}})
		return
	}
	c.finishBlock(ch)
}

func (c *consumer) finishBlock(ch *chain) {
	c.blocks++
	ch.finish()
	if !ch.block.HasSeq {
		c.problems.add(Problem{Kind: ProblemBlockUnsealed, BlockID: ch.block.ID,
			Detail: "it was committed without a position in the ledger: it was written outside gdprkit",
			Args:   map[string]any{"BlockID": ch.block.ID}})
	}
}

// blocksBefore checks the blocks before id that have no events left: a
// block whose events were all deleted shows here.
func (c *consumer) blocksBefore(ctx context.Context, id int64) error {
	for {
		b, err := c.cursor.before(ctx, id)
		if err != nil || b == nil {
			return err
		}
		if !c.newer(b) {
			c.finishBlock(&chain{problems: &c.problems, block: b})
		}
	}
}

func (c *consumer) close(ctx context.Context) error {
	c.endBlock()
	c.cur = nil
	return c.blocksBefore(ctx, math.MaxInt64)
}

func (c *consumer) report(st *LedgerState, s sealResult, elapsed time.Duration) *Report {
	c.problems.merge(&s.problems)
	r := &Report{HeadSeq: st.HeadSeq, Blocks: c.blocks, Events: c.events, Erased: c.erased, ErasedIDs: c.erasedID,
		Checkpoints: s.checkpoints, Latest: s.latest, Problems: c.problems.list, ProblemCount: c.problems.count, Elapsed: elapsed}
	copy(r.HeadHash[:], st.HeadHash)
	return r
}

// blockCursor reads block rows in id order, a page at a time.
type blockCursor struct {
	r     LedgerReader
	after int64 // id of the last row read
	upTo  int64
	page  []StoredBlock
	done  bool
}

const blockPage = 4096

func (bc *blockCursor) peek(ctx context.Context) (*StoredBlock, error) {
	if len(bc.page) == 0 && !bc.done {
		page, err := bc.r.Blocks(ctx, bc.after, bc.upTo, blockPage)
		if err != nil {
			return nil, err
		}
		bc.page, bc.done = page, len(page) < blockPage
		if len(page) > 0 {
			bc.after = page[len(page)-1].ID
		}
	}
	if len(bc.page) == 0 {
		return nil, nil
	}
	return &bc.page[0], nil
}

// before returns the next block if its id is below id, consuming it.
func (bc *blockCursor) before(ctx context.Context, id int64) (*StoredBlock, error) {
	b, err := bc.peek(ctx)
	if err != nil || b == nil || b.ID >= id {
		return nil, err
	}
	bc.page = bc.page[1:]
	return b, nil
}

// take returns the block with the id if it is next, consuming it.
func (bc *blockCursor) take(ctx context.Context, id int64) (*StoredBlock, error) {
	b, err := bc.peek(ctx)
	if err != nil || b == nil || b.ID != id {
		return nil, err
	}
	bc.page = bc.page[1:]
	return b, nil
}
