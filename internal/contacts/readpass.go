package contacts

import (
	"context"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// ReadAndClassify is the audit's reading pass without merging or output:
// the files are parsed on one goroutine while every row's address is
// validated and the row classified on its own on another, as the audit
// does. Benchmarks compare it with plain CSV parsing.
func ReadAndClassify(ctx context.Context, paths []string, opts esp.Options, now time.Time) (rows int, err error) {
	files, err := OpenFiles(paths, opts)
	if err != nil {
		return 0, err
	}
	defer closeFiles(files)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []parsed, 4)
	go parse(ctx, files, nil, batches)
	obs := make([]Observation, 1)
	var as []Assessment
	for batch := range batches {
		for i := range batch {
			p := &batch[i]
			rows++
			if p.err != nil {
				if !isProblem(p.err) {
					cancel()
					return rows, p.err
				}
				continue
			}
			if _, rej := Prepare(p.rec); rej != nil {
				continue
			}
			obs[0] = Observation{Evidence: p.rec.Evidence, AddedAt: p.rec.CreatedAt, ChangedAt: p.rec.UpdatedAt}
			as = ClassifyInto(as[:0], obs, Context{Now: now})
		}
	}
	return rows, ctx.Err()
}
