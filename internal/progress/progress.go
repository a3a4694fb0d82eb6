// Package progress shows the progress of long command-line work: a bar on
// a terminal, a line every few seconds otherwise (CI logs, systemd), so a
// long run never looks stuck and never floods a log.
package progress

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// Reporter implements the Progress interfaces of the feature packages.
type Reporter struct {
	mu     sync.Mutex
	out    io.Writer
	tty    bool
	labels map[string]string
	bar    *progressbar.ProgressBar
	name   string
	total  int64
	done   int64
	last   time.Time
	every  time.Duration
}

// New returns a Reporter writing to out (usually os.Stderr). labels gives
// the text shown for each stage name.
func New(out io.Writer, labels map[string]string) *Reporter {
	r := &Reporter{out: out, labels: labels, every: 5 * time.Second}
	if f, ok := out.(*os.File); ok {
		r.tty = term.IsTerminal(int(f.Fd()))
	}
	return r
}

// Stage starts a new stage of total units (bytes or rows).
func (r *Reporter) Stage(name string, total int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finishBar()
	r.name, r.total, r.done, r.last = name, total, 0, time.Now()
	label := r.label(name)
	if !r.tty {
		fmt.Fprintf(r.out, "%s…\n", label)
		return
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(r.out),
		progressbar.OptionSetDescription(label),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(100 * time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(true),
	}
	if name == "read" {
		opts = append(opts, progressbar.OptionShowBytes(true))
	}
	r.bar = progressbar.NewOptions64(total, opts...)
}

// Add records n more units done.
func (r *Reporter) Add(n int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.done += n
	if r.bar != nil {
		r.bar.Add64(n) //nolint:errcheck // drawing errors are not worth stopping for
		return
	}
	if !r.tty && time.Since(r.last) >= r.every && r.total > 0 {
		r.last = time.Now()
		fmt.Fprintf(r.out, "%s: %d%%\n", r.label(r.name), r.done*100/r.total)
	}
}

// Done ends the last stage.
func (r *Reporter) Done() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.finishBar()
}

func (r *Reporter) finishBar() {
	if r.bar != nil {
		r.bar.Finish() //nolint:errcheck // drawing errors are not worth stopping for
		r.bar = nil
	}
}

func (r *Reporter) label(name string) string {
	if l, ok := r.labels[name]; ok {
		return l
	}
	return name
}
