package consent

import (
	"fmt"
	"time"
)

// chain checks the events of one block in order. Each event's stored hash
// must equal Chain(hash of the event before it, its digest). When that
// fails, the rows around the break tell what happened, so a break is
// judged when the next row arrives (or, at the block's end, against its
// seal):
//
//   - the next row links to the stored hash: this row's content changed,
//     or rows before it were deleted (a gap in the ids says which);
//   - the next row links to the hash this row's content gives: its stored
//     hash was changed;
//   - the next row links to the row before this one: this row was inserted,
//     or swapped with the next one when it links back to it.
//
// After a break the check carries on from what the row should have been,
// so one fault is reported once, not at every following row.
type chain struct {
	block    *StoredBlock // nil for events whose block row is unknown
	problems *problems
	count    int64
	first    int64 // id of the first event

	p1, p2  Checked // the previous row and the one before it
	has     int     // how many of p1, p2 are set (0..2)
	comp1   Hash    // the hash p1 should have, given its content
	pending bool    // p1 broke the chain and awaits judgement
}

func (c *chain) stored1() Hash {
	if c.has > 0 {
		return c.p1.Hash
	}
	return Hash{}
}

func (c *chain) stored2() Hash {
	if c.has > 1 {
		return c.p2.Hash
	}
	return Hash{}
}

func (c *chain) add(e *Checked) {
	if c.count++; c.count == 1 {
		c.first = e.ID
	}
	c.checkAlone(e)
	byStored := Chain(c.stored1(), e.Digest)
	if byStored == e.Hash && !c.pending {
		// The common case: one hash per row.
		c.p2, c.p1, c.comp1 = c.p1, *e, e.Hash
		c.has = min(c.has+1, 2)
		return
	}
	byComputed, bySkip := Chain(c.comp1, e.Digest), Chain(c.stored2(), e.Digest)
	explained := false
	if c.pending {
		explained = c.judge(e, byStored, byComputed, bySkip)
		c.pending = false
	}
	ok := byStored == e.Hash || byComputed == e.Hash || explained
	comp := e.Hash
	if !ok {
		c.pending = true
		comp = byComputed
	}
	c.p2, c.p1, c.comp1 = c.p1, *e, comp
	c.has = min(c.has+1, 2)
}

// judge explains the break at the previous row q now that the row after
// it, e, has arrived. It reports whether e is part of the explanation (the
// other half of a swap, or the row after an inserted one).
func (c *chain) judge(e *Checked, byStored, byComputed, bySkip Hash) bool {
	q := &c.p1
	switch {
	case byComputed == e.Hash && byStored != e.Hash:
		c.report(ProblemEventHash, q, "its stored hash was changed: the event after it links to the hash its content gives")
	case byStored == e.Hash:
		c.reportChanged(q)
	case c.has > 1 && bySkip == e.Hash && Chain(e.Hash, q.Digest) == q.Hash:
		c.report(ProblemEventsSwapped, q, fmt.Sprintf("it and event %d are in each other's place", e.ID))
		return true
	case bySkip == e.Hash:
		c.report(ProblemEventInserted, q, "it was inserted: the event after it chains directly from the event before it")
		return true
	default:
		c.report(ProblemEventHash, q, "neither its hash nor the next event's link match: its hash, or several events here, were changed")
	}
	return false
}

// reportChanged: q's stored hash is what follows it, but q's content with
// the row before does not give it. Either q's chained fields changed, or
// rows between it and the row before were deleted; a gap in the ids says
// which.
func (c *chain) reportChanged(q *Checked) {
	switch {
	case q.Flags&CommitmentMismatch != 0:
		c.report(ProblemCommitmentChanged, q, "its commitment column was changed")
	case c.has > 1 && q.ID-c.p2.ID > 1:
		c.report(ProblemEventsDeleted, q, fmt.Sprintf("events before it were deleted (ids %d to %d are missing)", c.p2.ID+1, q.ID-1))
	case c.has < 2:
		c.report(ProblemEventChanged, q, "it does not start its block's chain: it was changed (purpose, action, occurred_at, channel, source, legal_basis or commitment), or events before it were deleted")
	default:
		c.report(ProblemEventChanged, q, "its content was changed (purpose, action, occurred_at, channel, source, legal_basis or commitment)")
	}
}

// checkAlone reports what is wrong with a row on its own. A commitment
// that does not match while the chain does means the personal part
// changed; when the chain breaks too, the commitment column itself changed
// and judge reports it.
func (c *chain) checkAlone(e *Checked) {
	switch {
	case e.Flags&Malformed != 0:
		c.report(ProblemMalformed, e, fmt.Sprintf("column %s has an impossible type or size", e.Column))
	case e.Flags&PartlyErased != 0:
		c.report(ProblemPartlyErased, e, "its salt and personal columns were not blanked together, as an erasure does")
	case e.Flags&CommitmentMismatch != 0 && (Chain(c.stored1(), e.Digest) == e.Hash || Chain(c.comp1, e.Digest) == e.Hash):
		c.report(ProblemPersonalChanged, e, "its personal part (subject, ip, user_agent, detail or salt) does not match its commitment")
	case e.Flags&SubjectMismatch != 0:
		c.report(ProblemSubjectMoved, e, "it is attached to a contact whose address is not the address it was recorded for")
	}
}

func (c *chain) report(kind string, e *Checked, detail string) {
	p := Problem{Kind: kind, BlockID: e.BlockID, EventID: e.ID, Detail: detail, Args: map[string]any{"Event": e.ID}}
	if c.block != nil && c.block.HasSeq {
		p.Seq = c.block.Seq
		p.Args["Block"] = c.block.Seq
	}
	c.problems.add(p)
}

// finish judges a break left at the block's last row against the block's
// seal, then checks the seal.
func (c *chain) finish() {
	if c.pending {
		c.pending = false
		q := &c.p1
		switch {
		case c.seals(c.count, c.comp1):
			c.report(ProblemEventHash, q, "its stored hash was changed: the block was sealed with the hash its content gives")
			return
		case c.seals(c.count, q.Hash):
			c.reportChanged(q)
			return
		case c.has > 1 && c.seals(c.count-1, c.p2.Hash):
			c.report(ProblemEventInserted, q, "it was added at the end of its block after the block was sealed")
			return
		}
		c.reportChanged(q)
	}
	if c.block == nil || !c.block.HasSeq {
		return
	}
	switch {
	case c.seals(c.count, c.stored1()):
		c.checkColumns(c.stored1())
	case c.seals(c.count, c.comp1):
		c.checkColumns(c.comp1)
	default:
		c.reportSeal()
	}
}

// checkColumns compares the block's events and digest columns, which its
// seal covers only through the values verification observed, with those
// values.
func (c *chain) checkColumns(last Hash) {
	b := c.block
	if b.Events == c.count && string(b.Digest) == string(last[:]) {
		return
	}
	c.problems.add(Problem{Kind: ProblemBlockChanged, Seq: b.Seq, BlockID: b.ID,
		Detail: fmt.Sprintf("its events column (%d) or digest column does not match its %d events and its seal: the column was changed", b.Events, c.count),
		Args:   map[string]any{"Block": b.Seq, "Held": c.count, "Sealed": b.Events}})
}

// seals reports whether the block's stored hash is the seal of its header
// with n events ending at last.
func (c *chain) seals(n int64, last Hash) bool {
	b := c.block
	if b == nil || !b.HasSeq || len(b.PrevHash) != len(Hash{}) || len(b.Hash) != len(Hash{}) {
		return false
	}
	var prev, stored Hash
	copy(prev[:], b.PrevHash)
	copy(stored[:], b.Hash)
	return Seal(prev, b.header(n, last)) == stored
}

// reportSeal explains a block whose events do not give its seal: if the
// header still seals with its stored count and digest, the events changed
// at the end; otherwise the header changed.
func (c *chain) reportSeal() {
	b := c.block
	p := Problem{Kind: ProblemBlockChanged, Seq: b.Seq, BlockID: b.ID,
		Args: map[string]any{"Block": b.Seq, "Held": c.count, "Sealed": b.Events}}
	var digest Hash
	intact := len(b.Digest) == len(Hash{})
	if intact {
		copy(digest[:], b.Digest)
		intact = c.seals(b.Events, digest)
	}
	switch {
	case intact && b.Events > c.count:
		p.Kind = ProblemBlockTail
		p.Detail = fmt.Sprintf("it was sealed with %d events and holds %d: events were removed from its end", b.Events, c.count)
	case intact && b.Events < c.count:
		p.Kind = ProblemBlockTail
		p.Detail = fmt.Sprintf("it was sealed with %d events and holds %d: events were added at its end", b.Events, c.count)
	case intact:
		p.Kind = ProblemBlockTail
		p.Detail = "its last event is not the one it was sealed with: it was replaced or removed"
	default:
		p.Detail = "its header (created_at, actor, import_id, events, digest, prev_hash or hash) was changed"
	}
	c.problems.add(p)
}

// header is the block's sealed header with an observed event count and
// last hash.
func (b *StoredBlock) header(n int64, last Hash) Block {
	return Block{Seq: b.Seq, CreatedAt: time.UnixMilli(b.CreatedAt), Actor: b.Actor, ImportID: b.ImportID, Events: n, Last: last}
}
