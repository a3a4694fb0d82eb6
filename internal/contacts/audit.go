package contacts

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// Progress receives progress of long work. Implementations draw a bar or
// write log lines; nil is allowed.
type Progress interface {
	Stage(name string, total int64)
	Add(n int64)
}

// Sinks receive what the audit produces, as it is produced.
type Sinks struct {
	Contact func(r *Row) error    // every contact, once, in first-seen order
	Reject  func(r Reject) error  // every row that could not be used
	Warning func(w Warning) error // every cell of a usable row that could not be read
}

// Auditor runs the consent audit over export files, without a database:
// it reads every row, merges duplicate addresses, classifies each contact
// and summarises the base.
//
// It makes two passes. The first reads the files and writes each usable
// row in a compact form to a temporary file, keeping in memory only a hash
// of each address key. The second reads that file back in order and merges
// duplicates by offset, so memory stays flat with the number of rows.
type Auditor struct {
	Options  esp.Options
	Now      time.Time
	Lang     string
	Progress Progress
}

// Run audits the files at paths. A file that cannot be read stops the run
// before anything is produced; a row that cannot be used goes to
// sinks.Reject and the run continues.
func (a *Auditor) Run(ctx context.Context, paths []string, sinks Sinks) (*Summary, error) {
	files, err := OpenFiles(paths, a.Options)
	if err != nil {
		return nil, err
	}
	defer closeFiles(files)
	sp, err := newSpill()
	if err != nil {
		return nil, err
	}
	defer sp.Close()
	run := &auditRun{a: a, files: files, spill: sp, sinks: sinks, keys: newKeyIndex(), likely: newLikelyIndex()}
	run.sum = newSummaryBuilder(a.Now, a.Lang)
	run.tr.lang = a.Lang
	if err := run.read(ctx); err != nil {
		return nil, err
	}
	// A file with a header and no row is normal beside others (the
	// cleaned_*.csv of a Mailchimp export, for a clean list): the report
	// notes it and the audit goes on. When no file has a row there is
	// nothing to audit, and a report of 0 contacts could be taken for a
	// clean base, so that is an error.
	if run.sum.RowsRead == 0 {
		return nil, esp.ErrHeaderOnly(fileNames(files))
	}
	if err := run.emit(ctx); err != nil {
		return nil, err
	}
	return run.sum.finish(), nil
}

// OpenFiles opens every path (a CSV or a ZIP of CSVs) and returns the CSV
// files inside, or the first error naming the file that cannot be read.
func OpenFiles(paths []string, opts esp.Options) ([]*esp.File, error) {
	var files []*esp.File
	for _, p := range paths {
		fs, err := esp.Open(p, opts)
		if err != nil {
			closeFiles(files)
			return nil, err
		}
		files = append(files, fs...)
	}
	if len(files) == 0 {
		return nil, errors.New("no file to read")
	}
	return files, nil
}

func fileNames(files []*esp.File) []string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Info.Name
	}
	return names
}

func closeFiles(files []*esp.File) {
	for _, f := range files {
		f.Close()
	}
}

type auditRun struct {
	a       *Auditor
	files   []*esp.File
	spill   *spill
	sinks   Sinks
	keys    *keyIndex
	likely  *likelyIndex
	sum     *summaryBuilder
	held    heldNames
	spilled int64
	tr      labels
	// firstOff is the spill offset of the contact being emitted.
	firstOff int64
}

// read is the first pass: read, validate, spill. Parsing runs on a
// goroutine of its own, so the two cores share the pass.
func (r *auditRun) read(ctx context.Context) error {
	var total int64
	for _, f := range r.files {
		total += f.Size()
	}
	stage(r.a.Progress, "read", total)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []parsed, 4)
	go parse(ctx, r.files, r.a.Progress, batches)
	var rec spilled
	fsums := make([]FileSummary, len(r.files))
	for batch := range batches {
		for i := range batch {
			p := &batch[i]
			if err := r.handle(p.file, &fsums[p.file], p.rec, p.err, &rec); err != nil {
				cancel()
				for range batches {
				}
				return err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for i, f := range r.files {
		r.sum.Files = append(r.sum.Files, FileSummaryOf(f, fsums[i].Rows, fsums[i].Rejected))
	}
	return r.spill.flush()
}

// parsed is one row as the reader returned it.
type parsed struct {
	file int
	rec  *esp.Record
	err  error
}

// parse reads the files in order and sends their rows in slices.
func parse(ctx context.Context, files []*esp.File, progress Progress, out chan<- []parsed) {
	defer close(out)
	batch := make([]parsed, 0, 512)
	send := func() bool {
		select {
		case out <- batch:
			batch = make([]parsed, 0, 512)
			return true
		case <-ctx.Done():
			return false
		}
	}
	for i, f := range files {
		var last int64
		for {
			rec, err := f.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			batch = append(batch, parsed{file: i, rec: rec, err: err})
			if err != nil && !isProblem(err) {
				send()
				return
			}
			if len(batch) == cap(batch) {
				if !send() {
					return
				}
				if off := f.Offset(); off-last > 1<<20 {
					add(progress, off-last)
					last = off
				}
			}
		}
		add(progress, f.Size()-last)
	}
	if len(batch) > 0 {
		send()
	}
}

func isProblem(err error) bool {
	var p *esp.Problem
	return errors.As(err, &p)
}

func (r *auditRun) handle(file int, fsum *FileSummary, row *esp.Record, readErr error, rec *spilled) error {
	var p *esp.Problem
	if readErr != nil && !errors.As(readErr, &p) {
		return readErr
	}
	// Every row counts as read, rejected or not.
	fsum.Rows++
	r.sum.RowsRead++
	if p != nil {
		fsum.Rejected++
		return r.reject(RejectOf(p))
	}
	if err := r.warn(row.Warnings); err != nil {
		return err
	}
	prep, rej := Prepare(row)
	if rej != nil {
		fsum.Rejected++
		return r.reject(*rej)
	}
	fillSpilled(rec, &prep, uint32(file), &r.held, r.spill.in)
	off, err := r.spill.put(rec)
	if err != nil {
		return fmt.Errorf("audit: write temporary file: %w", err)
	}
	r.spilled++
	first := r.keys.add(prep.Address.Key, off)
	if prep.Address.Variant != "" {
		r.likely.add(prep.Address.Variant, prep.Address.Key, first, prep.Address.Canonical, r.emailAt)
	}
	return nil
}

// emailAt reads back the address of the row at off.
func (r *auditRun) emailAt(off int64) string {
	if r.spill.flush() != nil {
		return ""
	}
	var rec spilled
	if r.spill.at(off, &rec) != nil {
		return ""
	}
	return rec.Email
}

// warn counts the warnings of a row and hands them to the sink as they
// come, so none is held in memory beyond the few the summary keeps.
func (r *auditRun) warn(ws []esp.Problem) error {
	r.sum.addWarnings(ws)
	if r.sinks.Warning == nil {
		return nil
	}
	for i := range ws {
		if err := r.sinks.Warning(WarningOf(&ws[i])); err != nil {
			return err
		}
	}
	return nil
}

func (r *auditRun) reject(rj Reject) error {
	r.sum.RejectedRows++
	if r.sinks.Reject == nil {
		return nil
	}
	return r.sinks.Reject(rj)
}

// emit is the second pass: merge, classify, summarise, hand out rows.
func (r *auditRun) emit(ctx context.Context) error {
	stage(r.a.Progress, "classify", r.spilled)
	sr := r.spill.reader()
	var rec spilled
	group := make([]spilled, 0, 4)
	cc := Context{Now: r.a.Now}
	var obs []Observation
	var as []Assessment
	for n := 0; ; n++ {
		if n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		off, err := sr.next(&rec)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		add(r.a.Progress, 1)
		others, first := r.keys.group(rec.Key, off)
		if !first {
			continue // merged into the contact when its first row came by
		}
		group = append(group[:0], rec)
		for _, o := range others {
			var dup spilled
			if err := r.spill.at(o, &dup); err != nil {
				return fmt.Errorf("audit: read back duplicate: %w", err)
			}
			group = append(group, dup)
		}
		r.sum.DuplicatesMerged += len(others)
		r.firstOff = off
		obs = observations(obs[:0], group)
		as = ClassifyInto(as[:0], obs, cc)
		row := r.row(group, as)
		r.sum.addVerdict(Overall(as), as)
		if row.LikelyDuplicate != "" {
			r.sum.LikelyDuplicates++
		}
		if r.sinks.Contact != nil {
			if err := r.sinks.Contact(row); err != nil {
				return err
			}
		}
	}
}

func observations(dst []Observation, group []spilled) []Observation {
	for i := range group {
		dst = append(dst, Observation{Evidence: group[i].Evidence, AddedAt: group[i].AddedAt, ChangedAt: group[i].ChangedAt})
	}
	return dst
}

func stage(p Progress, name string, total int64) {
	if p != nil {
		p.Stage(name, total)
	}
}

func add(p Progress, n int64) {
	if p != nil && n > 0 {
		p.Add(n)
	}
}

// keyIndex remembers, per address key, where its rows sit in the spill.
// A million keys must fit in a few tens of megabytes, so it stores no key:
// each entry is keyed by a 64-bit hash of the key and packs the offset of
// the key's first row (40 bits, a terabyte of spill) with 24 bits of a
// second, independent hash that tells a duplicate from a collision. The
// rare key whose first hash collides with another's is tracked by its full
// string. Offsets of second and later rows live in a small side map.
type keyIndex struct {
	seed1, seed2 maphash.Seed
	byH          map[uint64]uint64
	exact        map[string]int64   // key -> first offset, for keys whose hash collided
	dups         map[uint64][]int64 // first offset -> offsets of later rows
}

const (
	offsetBits = 40
	offsetMask = 1<<offsetBits - 1
)

func newKeyIndex() *keyIndex {
	return &keyIndex{seed1: maphash.MakeSeed(), seed2: maphash.MakeSeed(), byH: make(map[uint64]uint64, 1<<16),
		exact: map[string]int64{}, dups: map[uint64][]int64{}}
}

func (k *keyIndex) check(key string) uint64 { return maphash.String(k.seed2, key) >> offsetBits }

// first returns the offset of the first row of key, if key was added.
func (k *keyIndex) first(key string) (int64, bool) {
	if off, ok := k.exact[key]; ok {
		return off, true
	}
	v, ok := k.byH[maphash.String(k.seed1, key)]
	if !ok || v>>offsetBits != k.check(key) {
		return 0, false
	}
	return int64(v & offsetMask), true
}

// add records a row of key at offset off and returns the offset of the
// key's first row (off itself for a new key).
func (k *keyIndex) add(key string, off int64) int64 {
	if first, ok := k.first(key); ok {
		k.dups[uint64(first)] = append(k.dups[uint64(first)], off)
		return first
	}
	h := maphash.String(k.seed1, key)
	if _, taken := k.byH[h]; taken {
		k.exact[strings.Clone(key)] = off
		return off
	}
	k.byH[h] = k.check(key)<<offsetBits | uint64(off)&offsetMask
	return off
}

// group returns the offsets of the other rows of key and whether off is the
// key's first row.
func (k *keyIndex) group(key string, off int64) ([]int64, bool) {
	first, ok := k.first(key)
	if !ok {
		return nil, true
	}
	if first != off {
		return nil, false
	}
	return k.dups[uint64(first)], true
}

// likelyIndex finds distinct addresses that probably reach the same
// mailbox (Gmail dots and +tags): they are reported, never merged. It keeps
// hashes only; the address of an earlier contact is read back from the
// spill when a pair is found, which is rare.
type likelyIndex struct {
	seed  maphash.Seed
	first map[uint64]likelyFirst // variant hash -> first key seen
	pairs map[int64]string       // first offset of a key -> another address with the same variant
}

type likelyFirst struct {
	keyHash uint64
	off     int64 // first offset of that key
}

func newLikelyIndex() *likelyIndex {
	return &likelyIndex{seed: maphash.MakeSeed(), first: map[uint64]likelyFirst{}, pairs: map[int64]string{}}
}

// add records that the key whose first row is at off, with this variant and
// address, was seen; readEmail reads another key's address back.
func (l *likelyIndex) add(variant, key string, off int64, email string, readEmail func(off int64) string) {
	vh, kh := maphash.String(l.seed, variant), maphash.String(l.seed, key)
	f, ok := l.first[vh]
	if !ok {
		l.first[vh] = likelyFirst{keyHash: kh, off: off}
		return
	}
	if f.keyHash == kh {
		return
	}
	if _, seen := l.pairs[off]; !seen {
		l.pairs[off] = readEmail(f.off)
	}
	if _, seen := l.pairs[f.off]; !seen {
		l.pairs[f.off] = strings.Clone(email)
	}
}
