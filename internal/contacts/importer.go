package contacts

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// batchSize is how many rows the importer hands the store at a time.
const batchSize = 2000

// Importer reads export files into the contact base. An import is one
// transaction: killed half-way, it leaves nothing behind.
//
// Reading and writing overlap: one goroutine reads, validates and
// classifies rows and prepares their ledger events; the calling goroutine
// looks them up in the base and writes them, so the two cores of a small
// server both work.
type Importer struct {
	Store    Store
	Now      func() time.Time
	Lang     string
	Progress Progress
	// Suppression, when set, is the suppression list: an address on it
	// is imported as withdrawn, whatever the file says (formats.md §5.2).
	Suppression Suppressor
}

// Suppressor tells which addresses (match keys) are on the suppression
// list; *suppression.List implements it.
type Suppressor interface {
	Suppressed(ctx context.Context, keys []string) (map[string]bool, error)
}

// Result is what an import did.
type Result struct {
	Import  *Import
	Summary *Summary
	// Previously lists earlier imports of files with the same content.
	Previously []ImportFile
}

// Import reads the files at paths into the base.
func (im *Importer) Import(ctx context.Context, paths []string, opts esp.Options) (*Result, error) {
	files, err := OpenFiles(paths, opts)
	if err != nil {
		return nil, err
	}
	defer closeFiles(files)
	stage(im.Progress, "read", totalSize(files))
	res := &Result{}
	optsJSON, err := json.Marshal(map[string]any{"format": opts.Format, "mapping": opts.Mapping.String(),
		"timezone": location(opts.Location), "default_timezone": location(opts.DefaultLocation)})
	if err != nil {
		return nil, err
	}
	imp := &Import{Actor: gdprkit.ActorFrom(ctx).String(), Options: string(optsJSON)}
	w, err := im.Store.BeginImport(ctx, imp)
	if err != nil {
		return nil, err
	}
	defer w.Rollback() //nolint:errcheck // after Commit this does nothing
	run := newImportRun(im, w, imp)
	if err := run.run(ctx, files); err != nil {
		return nil, err
	}
	res.Summary = run.sum.finish()
	// Earlier imports of the same files, read outside this import's
	// transaction: its own files are not visible there yet.
	for _, f := range res.Summary.Files {
		prev, err := im.Store.FilesBySHA256(ctx, f.SHA256)
		if err != nil {
			return nil, err
		}
		res.Previously = append(res.Previously, prev...)
	}
	summary, err := json.Marshal(res.Summary)
	if err != nil {
		return nil, err
	}
	imp.Summary = string(summary)
	seal := func(prev consent.Hash, seq int64) consent.Hash {
		return consent.Seal(prev, consent.Block{Seq: seq, CreatedAt: imp.CreatedAt, Actor: imp.Actor, ImportID: imp.ID,
			Events: int64(imp.Events), Last: imp.BlockLast})
	}
	if err := w.Commit(ctx, imp, seal); err != nil {
		return nil, err
	}
	res.Import = imp
	return res, nil
}

// location names a zone of the import's options; "" when none was given.
func location(loc *time.Location) string {
	if loc == nil {
		return ""
	}
	return loc.String()
}

// item is what the reading goroutine sends to the writer: a file starting
// or ending, a usable row, or a rejected one.
type item struct {
	fileStart *esp.File
	fileEnd   *esp.File
	row       *incoming
	reject    *Reject
	err       error
}

// incoming is a usable row, validated and classified on its own, with its
// ledger events ready to be chained.
type incoming struct {
	prep    Prepared
	hash    RowHash
	obs     Observation
	as      []Assessment
	events  []Event
	source  Source
	contact Contact
}

// seenContact is a contact this import has met, and how it was counted.
type seenContact struct {
	id      int64
	outcome outcome
}

type outcome uint8

const (
	outcomeNew outcome = iota
	outcomeUpdated
	outcomeUnchanged
)

type importRun struct {
	im      *Importer
	w       ImportWriter
	imp     *Import
	now     time.Time
	sum     *summaryBuilder
	seen    map[string]seenContact // keys met by this import
	later   []*incoming            // rows whose address appeared earlier in this import
	pending []*incoming
	rejects []Reject
	file    *ImportFile
	chain   consent.Hash
	// suppressed holds the keys met so far that are on the suppression
	// list.
	suppressed map[string]bool
}

func newImportRun(im *Importer, w ImportWriter, imp *Import) *importRun {
	now := im.Now().UTC()
	return &importRun{im: im, w: w, imp: imp, now: now, sum: newSummaryBuilder(now, im.Lang), seen: make(map[string]seenContact, 1<<16),
		suppressed: map[string]bool{}}
}

func (r *importRun) run(ctx context.Context, files []*esp.File) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	items := make(chan []item, 8)
	go produce(ctx, files, r.now, r.im.Progress, items)
	for batch := range items {
		for i := range batch {
			if err := r.consume(ctx, &batch[i]); err != nil {
				cancel()
				for range items { // let the producer finish
				}
				return err
			}
		}
	}
	if err := r.flush(ctx); err != nil {
		return err
	}
	return r.mergeLater(ctx)
}

func (r *importRun) consume(ctx context.Context, it *item) error {
	switch {
	case it.err != nil:
		return it.err
	case it.fileStart != nil:
		return r.startFile(ctx, it.fileStart)
	case it.fileEnd != nil:
		return r.endFile(ctx, it.fileEnd)
	}
	// Every row counts as read, rejected or not.
	r.file.Rows++
	r.imp.RowsRead++
	r.sum.RowsRead++
	if it.reject != nil {
		it.reject.FileID = r.file.ID
		r.file.Rejected++
		r.imp.Rejected++
		r.sum.RejectedRows++
		r.rejects = append(r.rejects, *it.reject)
		return nil
	}
	r.sum.addWarnings(it.row.prep.Record.Warnings)
	it.row.source.FileID = r.file.ID
	if _, dup := r.seen[it.row.prep.Address.Key]; dup {
		r.later = append(r.later, it.row.detach())
		r.sum.DuplicatesMerged++
		return nil
	}
	// The key is cloned: it may share memory with the reader's block of
	// rows, which would then stay alive for the whole import.
	r.seen[strings.Clone(it.row.prep.Address.Key)] = seenContact{}
	r.pending = append(r.pending, it.row)
	if len(r.pending) >= batchSize {
		return r.flush(ctx)
	}
	return nil
}

func (r *importRun) startFile(ctx context.Context, f *esp.File) error {
	if err := r.flush(ctx); err != nil {
		return err
	}
	mapping, err := json.Marshal(f.Info.Mapping)
	if err != nil {
		return err
	}
	// The hash and the encoding are settled once the file is read: they
	// are stored by endFile, so hashing runs alongside parsing.
	r.file = &ImportFile{Name: f.Info.Name, Size: f.Size(), Format: string(f.Info.Format), Encoding: f.Info.Encoding,
		Delimiter: f.Info.Delimiter, List: f.Info.List, FileStatus: f.Info.FileStatus, Mapping: string(mapping)}
	return r.w.AddFile(ctx, r.file)
}

func (r *importRun) endFile(ctx context.Context, f *esp.File) error {
	if err := r.flush(ctx); err != nil {
		return err
	}
	fs := FileSummaryOf(f, r.file.Rows, r.file.Rejected)
	r.sum.Files = append(r.sum.Files, fs)
	r.file.SHA256, r.file.Encoding = fs.SHA256, fs.Encoding
	return r.w.FinishFile(ctx, r.file)
}

// produce reads every file and sends prepared rows in slices, so the
// channel costs little per row.
func produce(ctx context.Context, files []*esp.File, now time.Time, progress Progress, out chan<- []item) {
	defer close(out)
	p := &producer{now: now, out: out, progress: progress}
	for _, f := range files {
		p.send(ctx, item{fileStart: f})
		if !p.readFile(ctx, f) {
			return
		}
		add(p.progress, f.Size()-p.read)
		p.read = 0
		p.send(ctx, item{fileEnd: f})
	}
	p.flush(ctx)
}

type producer struct {
	now      time.Time
	out      chan<- []item
	buf      []item
	salts    saltSource
	progress Progress
	read     int64 // bytes of the current file reported to progress
}

// reportRead tells progress how far the current file is read, a megabyte
// at a time.
func (p *producer) reportRead(f *esp.File) {
	if off := f.Offset(); off-p.read > 1<<20 {
		add(p.progress, off-p.read)
		p.read = off
	}
}

func totalSize(files []*esp.File) int64 {
	var n int64
	for _, f := range files {
		n += f.Size()
	}
	return n
}

func (p *producer) readFile(ctx context.Context, f *esp.File) bool {
	for {
		if ctx.Err() != nil {
			return false
		}
		rec, err := f.Next()
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			var prob *esp.Problem
			if !errors.As(err, &prob) {
				p.send(ctx, item{err: fmt.Errorf("%s: %w", f.Info.Name, err)})
				p.flush(ctx)
				return false
			}
			rj := RejectOf(prob)
			p.send(ctx, item{reject: &rj})
			continue
		}
		prep, rj := Prepare(rec)
		if rj != nil {
			p.send(ctx, item{reject: rj})
			continue
		}
		p.send(ctx, item{row: p.prepare(prep, &f.Info)})
		p.reportRead(f)
	}
}

func (p *producer) send(ctx context.Context, it item) {
	p.buf = append(p.buf, it)
	if len(p.buf) >= 256 || it.fileStart != nil || it.fileEnd != nil || it.err != nil {
		p.flush(ctx)
	}
}

func (p *producer) flush(ctx context.Context) {
	if len(p.buf) == 0 {
		return
	}
	select {
	case p.out <- p.buf:
	case <-ctx.Done():
	}
	p.buf = make([]item, 0, 256)
}

// prepare does all the per-row work that needs no database: the row hash,
// the verdict as if the contact were new, the ledger events.
func (p *producer) prepare(prep Prepared, info *esp.FileInfo) *incoming {
	rec := prep.Record
	raw := RawLine(rec.Fields, info.Delimiter)
	in := &incoming{prep: prep, hash: rowHash(info, raw)}
	in.obs = Observation{Evidence: rec.Evidence, AddedAt: rec.CreatedAt, ChangedAt: rec.UpdatedAt}
	in.as = Classify([]Observation{in.obs}, Context{Now: p.now})
	in.events = make([]Event, len(rec.Evidence))
	for i := range rec.Evidence {
		in.events[i] = EventOf(&rec.Evidence[i], prep.Address.Canonical, p.salts.next())
	}
	in.source = Source{Line: rec.Line, RowHash: in.hash, AddedAt: rec.CreatedAt, ChangedAt: rec.UpdatedAt, Raw: raw}
	in.contact = Contact{
		Key: prep.Address.Key, Email: prep.Address.Canonical, Variant: prep.Address.Variant,
		FirstName: rec.FirstName, LastName: rec.LastName, Name: rec.Name, Language: rec.Language, Phone: rec.Phone,
		Attributes: AttributesJSON(rec), CreatedAt: p.now, UpdatedAt: p.now,
	}
	applyVerdict(&in.contact, in.as)
	return in
}

// rowHash identifies a row by its content and by what its file says about
// it (format, list, status from the file name), not by its position: the
// same row in a newer export of the same list is the same row.
func rowHash(info *esp.FileInfo, raw string) RowHash {
	h := sha256.New()
	for _, s := range []string{string(info.Format), info.List, info.FileStatus, raw} {
		h.Write([]byte(s)) //nolint:errcheck // hash writes never fail
		h.Write([]byte{0}) //nolint:errcheck // hash writes never fail
	}
	var out RowHash
	copy(out[:], h.Sum(nil))
	return out
}
