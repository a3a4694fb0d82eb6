package report

import (
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// asyncBatch is how many rows travel together to a background writer, so
// the channel costs little per row.
const asyncBatch = 512

// Async returns a RowWriter that hands rows to w on a goroutine of its
// own. Writing a CSV and an XLSX file of a million rows then uses the
// second core while the audit classifies on the first. Rows must not be
// changed after Write. Close waits for w and returns its first error.
func Async(w RowWriter) RowWriter {
	a := &asyncWriter{w: w, ch: make(chan []contacts.Row, 8), done: make(chan error, 1)}
	go a.run()
	return a
}

type asyncWriter struct {
	w     RowWriter
	ch    chan []contacts.Row
	done  chan error
	batch []contacts.Row
	err   error
}

func (a *asyncWriter) run() {
	var err error
	for batch := range a.ch {
		for i := range batch {
			if err == nil {
				err = a.w.Write(batch[i])
			}
		}
	}
	if cerr := a.w.Close(); err == nil {
		err = cerr
	}
	a.done <- err
}

func (a *asyncWriter) Write(r contacts.Row) error {
	a.batch = append(a.batch, r)
	if len(a.batch) == asyncBatch {
		a.ch <- a.batch
		a.batch = make([]contacts.Row, 0, asyncBatch)
	}
	return nil
}

func (a *asyncWriter) Close() error {
	if a.ch == nil {
		return a.err
	}
	if len(a.batch) > 0 {
		a.ch <- a.batch
	}
	close(a.ch)
	a.ch = nil
	a.err = <-a.done
	return a.err
}
