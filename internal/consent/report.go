package consent

import (
	"fmt"
	"math"
	"sort"
	"time"
)

// Report is the outcome of Verify.
type Report struct {
	HeadSeq  int64
	HeadHash Hash
	Blocks   int64 // sealed blocks checked
	Events   int64 // events checked
	Erased   int64 // events whose personal part was erased (not a fault)
	// ErasedIDs lists the first erased events, so a person can check that
	// each erasure was requested.
	ErasedIDs []int64
	// Checkpoints is the number of signed checkpoints that verified;
	// Latest is the newest of them.
	Checkpoints int
	Latest      *Checkpoint
	// Problems are the faults found, the first in ledger order first: the
	// first bad item is Problems[0]. At most MaxProblems are kept;
	// ProblemCount counts them all.
	Problems     []Problem
	ProblemCount int
	Elapsed      time.Duration
}

// MaxProblems is how many problems a report keeps.
const MaxProblems = 100

// OK reports whether the ledger verified.
func (r *Report) OK() bool { return r.ProblemCount == 0 }

// First returns the first bad item, or nil.
func (r *Report) First() *Problem {
	if len(r.Problems) == 0 {
		return nil
	}
	return &r.Problems[0]
}

// Problem kinds. Their translation keys are "ledger.problem.<kind>".
const (
	// One event on its own.
	ProblemEventChanged      = "event_changed"      // chained fields changed, or events before it in its block deleted
	ProblemEventHash         = "event_hash"         // its stored hash was changed
	ProblemEventInserted     = "event_inserted"     // the events around it chain without it
	ProblemEventsSwapped     = "events_swapped"     // it and the next event are in each other's place
	ProblemEventsDeleted     = "events_deleted"     // ids before it are missing and it does not chain
	ProblemPersonalChanged   = "personal_changed"   // subject, ip, user_agent, detail or salt changed
	ProblemCommitmentChanged = "commitment_changed" // the commitment column changed
	ProblemPartlyErased      = "partly_erased"      // salt and personal columns not blanked together
	ProblemSubjectMoved      = "subject_moved"      // attached to a contact whose address is not its subject
	ProblemMalformed         = "malformed"          // a column of impossible type or size
	ProblemOrphanEvent       = "orphan_event"       // its block does not exist
	// A block.
	ProblemBlockChanged  = "block_changed"  // header (time, actor, import, count, digest, hash) changed
	ProblemBlockTail     = "block_tail"     // events removed from or added at its end
	ProblemBlockUnsealed = "block_unsealed" // a committed block without a position
	ProblemBlockMissing  = "block_missing"  // positions missing in the sequence
	ProblemBlockLink     = "block_link"     // prev_hash is not the hash of the block before
	ProblemHead          = "head"           // ledger_head does not match the last block
	// Checkpoints.
	ProblemCheckpointSignature = "checkpoint_signature" // changed, forged or signed by an unknown key
	ProblemCheckpointMismatch  = "checkpoint_mismatch"  // the ledger no longer matches a signed checkpoint
	ProblemCheckpointMissing   = "checkpoint_missing"   // checkpoint numbers have a gap
)

// Problem is one fault. Seq and EventID place it in the ledger; Detail is
// an English sentence for logs and the command line; Args fill the
// translation of "ledger.problem.<Kind>".
type Problem struct {
	Kind    string
	Seq     int64 // block position; 0 when the block has none
	BlockID int64
	EventID int64
	Detail  string
	Args    map[string]any
}

// Key is the translation key of the problem.
func (p *Problem) Key() string { return "ledger.problem." + p.Kind }

func (p *Problem) String() string {
	where := ""
	switch {
	case p.Seq > 0 && p.EventID > 0:
		where = fmt.Sprintf("block %d, event %d: ", p.Seq, p.EventID)
	case p.EventID > 0:
		where = fmt.Sprintf("event %d (block id %d): ", p.EventID, p.BlockID)
	case p.Seq > 0:
		where = fmt.Sprintf("block %d: ", p.Seq)
	case p.BlockID > 0:
		where = fmt.Sprintf("block id %d: ", p.BlockID)
	}
	return where + p.Detail
}

// Position orders problems in the ledger: by block position, then header
// faults before event faults before faults at the block's end. Items
// outside the chain (an unsealed block, an orphan event) come last.
type position struct {
	seq, block, event int64
}

func (p *Problem) position() position {
	seq := p.Seq
	if seq == 0 {
		seq = math.MaxInt64
	}
	ev := p.EventID
	if p.Kind == ProblemBlockTail || p.Kind == ProblemHead || p.Kind == ProblemCheckpointMismatch {
		ev = math.MaxInt64
	}
	return position{seq, p.BlockID, ev}
}

func (a position) less(b position) bool {
	if a.seq != b.seq {
		return a.seq < b.seq
	}
	if a.event != b.event {
		return a.event < b.event
	}
	return a.block < b.block
}

// problems collects faults from several goroutines' results and keeps the
// first MaxProblems in ledger order.
type problems struct {
	list  []Problem
	count int
}

func (ps *problems) add(p Problem) {
	ps.count++
	ps.list = append(ps.list, p)
	if len(ps.list) > 4*MaxProblems {
		ps.trim()
	}
}

func (ps *problems) merge(o *problems) {
	ps.count += o.count
	ps.list = append(ps.list, o.list...)
	ps.trim()
}

func (ps *problems) trim() {
	sort.SliceStable(ps.list, func(i, j int) bool { return ps.list[i].position().less(ps.list[j].position()) })
	if len(ps.list) > MaxProblems {
		ps.list = ps.list[:MaxProblems]
	}
}
