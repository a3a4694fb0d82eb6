package consent

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"sort"
)

// sealResult is what the pass over block positions found.
type sealResult struct {
	problems    problems
	checkpoints int
	latest      *Checkpoint
	err         error
}

// checkSeals follows the blocks in position order: positions 1, 2, 3…
// without gaps, each block's prev_hash equal to the hash of the block
// before it, the last block equal to ledger_head, and every checkpoint
// signed by a trusted key and equal to the block it names. A block's own
// seal is checked with its events, by the consumer.
func checkSeals(ctx context.Context, r LedgerReader, st *LedgerState, keys []ed25519.PublicKey) sealResult {
	s := &sealPass{st: st, want: 1, cps: validCheckpoints(st.Checkpoints, keys)}
	s.res.problems = s.cps.problems
	err := r.ScanSeals(ctx, max(st.HeadSeq, st.MaxSeq), s.block)
	if err != nil {
		return sealResult{err: err}
	}
	s.end()
	return s.res
}

type sealPass struct {
	st     *LedgerState
	want   int64 // next expected position
	prev   []byte
	events int64 // events in the blocks so far
	cps    checkpointSet
	next   int // next checkpoint to compare
	good   *Checkpoint
	res    sealResult
}

func (s *sealPass) block(b *StoredBlock) error {
	if b.Seq > s.want {
		s.res.problems.add(Problem{Kind: ProblemBlockMissing, Seq: s.want,
			Detail: fmt.Sprintf("blocks %d to %d are missing: they were deleted", s.want, b.Seq-1),
			Args:   map[string]any{"From": s.want, "To": b.Seq - 1}})
	}
	prev := s.prev
	if b.Seq == 1 {
		prev = make([]byte, len(Hash{}))
	}
	if !bytes.Equal(b.PrevHash, prev) && (b.Seq == s.want || b.Seq == 1) {
		s.res.problems.add(Problem{Kind: ProblemBlockLink, Seq: b.Seq, BlockID: b.ID,
			Detail: "its prev_hash is not the hash of the block before it: it or the block before it was changed, or a block between them was replaced",
			Args:   map[string]any{"Block": b.Seq}})
	}
	s.events += b.Events
	s.compare(b)
	s.prev, s.want = b.Hash, b.Seq+1
	return nil
}

// compare checks the checkpoints that name block b.
func (s *sealPass) compare(b *StoredBlock) {
	for s.next < len(s.cps.valid) && s.cps.valid[s.next].Seq <= b.Seq {
		cp := &s.cps.valid[s.next]
		s.next++
		if cp.Seq < b.Seq {
			s.mismatch(cp, fmt.Sprintf("block %d, which it names, is missing", cp.Seq))
			continue
		}
		if !bytes.Equal(cp.Hash[:], b.Hash) || cp.Events != s.events {
			s.mismatch(cp, fmt.Sprintf("block %d no longer has the hash and event count it signed", cp.Seq))
			continue
		}
		s.res.checkpoints++
		s.good = cp
		s.res.latest = cp
	}
}

// mismatch reports a ledger rewritten after checkpoint cp was signed: the
// rewrite lies between the last checkpoint that still matches and cp.
func (s *sealPass) mismatch(cp *Checkpoint, what string) {
	from := int64(1)
	if s.good != nil {
		from = s.good.Seq + 1
	}
	s.res.problems.add(Problem{Kind: ProblemCheckpointMismatch, Seq: from,
		Detail: fmt.Sprintf("checkpoint %d signed at %s: %s; the ledger was rewritten between blocks %d and %d",
			cp.N, cp.At.UTC().Format("2006-01-02 15:04:05Z"), what, from, cp.Seq),
		Args: map[string]any{"Checkpoint": cp.N, "At": cp.At, "From": from, "To": cp.Seq}})
}

func (s *sealPass) end() {
	last := s.want - 1
	var head Hash
	copy(head[:], s.st.HeadHash)
	switch {
	case s.st.HeadMissing:
		s.res.problems.add(Problem{Kind: ProblemHead, Seq: last,
			Detail: "the ledger_head row was deleted", Args: map[string]any{"Head": 0, "Last": last}})
	case s.st.HeadSeq > last:
		s.res.problems.add(Problem{Kind: ProblemHead, Seq: last + 1,
			Detail: fmt.Sprintf("ledger_head names block %d but the ledger ends at block %d: the end of the ledger was deleted", s.st.HeadSeq, last),
			Args:   map[string]any{"Head": s.st.HeadSeq, "Last": last}})
	case s.st.HeadSeq < last:
		s.res.problems.add(Problem{Kind: ProblemHead, Seq: s.st.HeadSeq + 1,
			Detail: fmt.Sprintf("ledger_head names block %d but blocks go up to %d: ledger_head was moved back", s.st.HeadSeq, last),
			Args:   map[string]any{"Head": s.st.HeadSeq, "Last": last}})
	case !bytes.Equal(head[:], s.prev) && last > 0 || last == 0 && head != (Hash{}):
		s.res.problems.add(Problem{Kind: ProblemHead, Seq: last,
			Detail: "ledger_head's hash is not the hash of the last block: ledger_head was changed",
			Args:   map[string]any{"Head": s.st.HeadSeq, "Last": last}})
	}
	for s.next < len(s.cps.valid) {
		cp := &s.cps.valid[s.next]
		s.next++
		s.mismatch(cp, fmt.Sprintf("block %d, which it names, is missing", cp.Seq))
	}
}

// checkpointSet is the checkpoints whose signature verified, in order,
// and the problems with the others.
type checkpointSet struct {
	valid    []Checkpoint
	problems problems
}

func validCheckpoints(all []Checkpoint, keys []ed25519.PublicKey) checkpointSet {
	var s checkpointSet
	sort.Slice(all, func(i, j int) bool { return all[i].N < all[j].N })
	want := int64(1)
	for _, cp := range all {
		if cp.N > want {
			s.problems.add(Problem{Kind: ProblemCheckpointMissing, Seq: cp.Seq,
				Detail: fmt.Sprintf("checkpoints %d to %d are missing: they were deleted", want, cp.N-1),
				Args:   map[string]any{"From": want, "To": cp.N - 1}})
		}
		want = cp.N + 1
		if !VerifyCheckpoint(&cp, keys) {
			s.problems.add(Problem{Kind: ProblemCheckpointSignature, Seq: cp.Seq,
				Detail: fmt.Sprintf("checkpoint %d (key %s) does not verify with the trusted public keys: it was changed or forged", cp.N, cp.KeyID),
				Args:   map[string]any{"Checkpoint": cp.N, "Key": cp.KeyID}})
			continue
		}
		s.valid = append(s.valid, cp)
	}
	sort.SliceStable(s.valid, func(i, j int) bool { return s.valid[i].Seq < s.valid[j].Seq })
	return s
}
