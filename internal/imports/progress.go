package imports

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// live is the progress of an import running in this instance. The
// importer reports to it from its reading goroutine; pages read it from
// others.
type live struct {
	mu    sync.Mutex
	p     Progress
	saved time.Time

	save func(Progress) // nil when progress stays in memory
}

func (l *live) snapshot() Progress {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.p
}

// Stage implements contacts.Progress.
func (l *live) Stage(name string, total int64) {
	l.mu.Lock()
	l.p = Progress{Stage: name, Total: total}
	l.mu.Unlock()
	l.maybeSave(true)
}

// Add implements contacts.Progress.
func (l *live) Add(n int64) {
	l.mu.Lock()
	l.p.Done += n
	l.mu.Unlock()
	l.maybeSave(false)
}

// saveEvery bounds how often progress is written: a page polls every
// second, and a write per batch of rows would cost the import.
const saveEvery = 500 * time.Millisecond

func (l *live) maybeSave(force bool) {
	if l.save == nil {
		return
	}
	l.mu.Lock()
	if !force && time.Since(l.saved) < saveEvery {
		l.mu.Unlock()
		return
	}
	l.saved = time.Now()
	p := l.p
	l.mu.Unlock()
	l.save(p)
}

// progress returns the Progress the importer reports to for upload id.
func (s *Service) progress(ctx context.Context, id int64) *live {
	l := &live{}
	if s.PersistProgress {
		l.save = func(p Progress) {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
			defer cancel()
			if err := s.Store.SetProgress(ctx, id, p); err != nil {
				slog.Warn("imports: save progress", "upload", id, "err", err)
			}
		}
	}
	s.live.Store(id, l)
	return l
}
