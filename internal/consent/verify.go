package consent

import (
	"context"
	"crypto/ed25519"
	"runtime"
	"slices"
	"time"
)

// Progress shows how far a long task has gone; *progress.Reporter
// implements it.
type Progress interface {
	Stage(name string, total int64)
	Add(n int64)
}

// VerifyOptions tune Verify. The zero value is fine.
type VerifyOptions struct {
	// Workers is how many queries read events at once; 0 means one per
	// CPU, at most 4.
	Workers int
	// BatchSize is how many events one query reads; 0 means 32,768.
	BatchSize int
	Progress  Progress
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Verify checks the whole ledger: every event's commitment (unless
// erased), digest and link to the event before it in its block; that each
// event's subject is its contact's address; every block's seal, the order
// of blocks and ledger_head; and every checkpoint against keys. It reports
// each fault it finds, the first in ledger order first, naming the block,
// the event and what differs.
//
// Events are read in batches by several queries at once and checked in
// order by one goroutine, so the work of reading and hashing spreads over
// the CPUs while the chain is followed exactly once.
func Verify(ctx context.Context, r LedgerReader, keys []ed25519.PublicKey, opts VerifyOptions) (*Report, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	st, err := r.LedgerState(ctx)
	if err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		opts.Progress.Stage("verify", st.Events)
	}
	size := opts.BatchSize
	if size <= 0 {
		size = 32768
	}
	batches, err := r.EventBatches(ctx, size)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	seals := make(chan sealResult, 1)
	go func() { seals <- checkSeals(ctx, r, st, keys) }()
	c := newConsumer(r, st)
	err = readBatches(ctx, r, batches, workers(opts.Workers), func(evs []Checked) error {
		for i := range evs {
			if err := c.event(ctx, &evs[i]); err != nil {
				return err
			}
		}
		if opts.Progress != nil {
			opts.Progress.Add(int64(len(evs)))
		}
		return nil
	})
	if err == nil {
		err = c.close(ctx)
	}
	if err != nil {
		cancel()
		<-seals
		return nil, err
	}
	s := <-seals
	if s.err != nil {
		return nil, s.err
	}
	return c.report(st, s, now().Sub(start)), nil
}

func workers(n int) int {
	if n > 0 {
		return n
	}
	return max(1, min(runtime.GOMAXPROCS(0), 4))
}

// readBatches runs the batch queries on n goroutines and hands their
// events to fn in batch order. At most 2n batches are read ahead, so
// memory stays bounded whatever the ledger's size.
func readBatches(ctx context.Context, r LedgerReader, batches []EventBatch, n int, fn func([]Checked) error) error {
	type result struct {
		evs []Checked
		err error
	}
	slots := make([]chan result, len(batches))
	for i := range slots {
		slots[i] = make(chan result, 1)
	}
	tokens := make(chan struct{}, 2*n)
	next := make(chan int)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		defer close(next)
		for i := range batches {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	free := make(chan []Checked, 2*n+1) // batch buffers, reused
	for range n {
		go func() {
			for i := range next {
				var evs []Checked
				select {
				case evs = <-free:
				default:
				}
				err := r.ScanEvents(ctx, batches[i], func(e *Checked) error {
					evs = append(evs, *e)
					return nil
				})
				if err == nil {
					err = bindSubjects(ctx, r, evs)
				}
				slots[i] <- result{evs, err}
			}
		}()
	}
	for i := range batches {
		var res result
		select {
		case res = <-slots[i]:
		case <-ctx.Done():
			return ctx.Err()
		}
		if res.err != nil {
			return res.err
		}
		if err := fn(res.evs); err != nil {
			return err
		}
		select {
		case free <- res.evs[:0]:
		default:
		}
		<-tokens
	}
	return nil
}

// bindSubjects flags the events of a batch whose subject is not the address
// of the contact they point at. The contacts' keys are read for the whole
// batch at once: a join per event costs a third of verification on SQLite.
func bindSubjects(ctx context.Context, r LedgerReader, evs []Checked) error {
	ids := make([]int64, 0, len(evs))
	for i := range evs {
		if evs[i].ContactID != 0 && evs[i].Subject != "" {
			ids = append(ids, evs[i].ContactID)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	keys, err := r.ContactKeys(ctx, ids)
	if err != nil {
		return err
	}
	for i := range evs {
		if e := &evs[i]; e.ContactID != 0 {
			key, ok := keys[e.ContactID]
			BindSubject(e, key, ok)
		}
	}
	return nil
}
