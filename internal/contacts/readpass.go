package contacts

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// ReadAndClassify reads every row of the files, validates its address and
// classifies it on its own, keeping nothing: the audit's reading pass
// without merging or output. Benchmarks compare it with plain CSV parsing.
func ReadAndClassify(ctx context.Context, paths []string, opts esp.Options, now time.Time) (rows int, err error) {
	files, err := OpenFiles(paths, opts)
	if err != nil {
		return 0, err
	}
	defer closeFiles(files)
	obs := make([]Observation, 1)
	var as []Assessment
	for _, f := range files {
		for {
			rec, err := f.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			rows++
			if err != nil {
				var p *esp.Problem
				if !errors.As(err, &p) {
					return rows, err
				}
				continue
			}
			if _, rej := Prepare(rec); rej != nil {
				continue
			}
			obs[0] = Observation{Evidence: rec.Evidence, AddedAt: rec.CreatedAt, ChangedAt: rec.UpdatedAt}
			as = ClassifyInto(as[:0], obs, Context{Now: now})
		}
		if err := ctx.Err(); err != nil {
			return rows, err
		}
	}
	return rows, nil
}
