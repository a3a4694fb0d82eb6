package esp

import (
	"errors"
	"io"
)

// File is one CSV file, detected and ready to read with Next.
type File struct {
	Info FileInfo

	hash  *hasher
	size  int64
	rc    io.ReadCloser // the file's bytes, for this reading pass
	count *countReader  // counts rc's bytes, for Offset
	owner io.Closer     // what Open opened, closed with the last File
	p     *parser
	plan  *plan
	dates *dates
	ahead []pendingRow // rows read at Open to learn the day/month order

	slabs      slabs
	row        row // reused for every record: a row passed to the provider would otherwise escape
	tagScratch []string
	extraNames []string // column_N names of cells beyond the header

	statuses valueCache[statusResult]
	bases    valueCache[[]parsedBasis]
	slugs    valueCache[string]
	channels valueCache[string]

	closed bool
}

// pendingRow is a row read ahead.
type pendingRow struct {
	fields []string
	line   int
	err    error
}

// Next returns the next record. At the end it returns io.EOF. A row that
// cannot be used returns a *Problem, with a Record holding what was read
// of the row for the rejects report; reading may continue. Any other error
// is fatal for the file.
func (f *File) Next() (*Record, error) {
	for {
		fields, line, err := f.next()
		if err != nil {
			return f.failed(err)
		}
		if !blank(fields) {
			return f.build(fields, line)
		}
	}
}

// SHA256 returns the hex SHA-256 of the file's bytes (of the member's
// uncompressed bytes inside a ZIP archive). It is computed in the
// background from Open on; a call waits for it. It is "" when the file
// could not be read to its end (Next then reports why).
func (f *File) SHA256() string { return f.hash.wait() }

// Size returns the size of the file in bytes, uncompressed.
func (f *File) Size() int64 { return f.size }

// Offset returns the bytes consumed so far, for progress bars; it may run
// ahead of the last record by a buffer's length, and equals Size at the
// end. It is safe to call from another goroutine.
func (f *File) Offset() int64 { return f.count.n.Load() }

// Close releases the file.
func (f *File) Close() error {
	if f.closed {
		return nil
	}
	f.closed = true
	f.hash.cancel()
	err := f.rc.Close()
	if f.owner != nil {
		if e := f.owner.Close(); err == nil {
			err = e
		}
	}
	return err
}

func (f *File) next() ([]string, int, error) {
	if len(f.ahead) > 0 {
		r := f.ahead[0]
		f.ahead[0] = pendingRow{}
		f.ahead = f.ahead[1:]
		return r.fields, r.line, r.err
	}
	fields, line, err := f.p.next()
	if f.p.invalid && f.Info.Encoding != enc1252 {
		f.Info.Encoding = enc1252 // the first byte that is not UTF-8 lay beyond the head
	}
	return fields, line, err
}

// failed turns a read error into Next's result.
func (f *File) failed(err error) (*Record, error) {
	var se *syntaxError
	switch {
	case errors.As(err, &se):
		rec := &Record{File: f.Info.Name, Line: se.line, Fields: []string{se.raw}}
		return rec, problem(f.Info.Name, se.line, f.columnName(se.field), CodeBadRow,
			"%s; the row is skipped and reading resumes on the next line", se.why)
	case errors.Is(err, io.EOF):
		return nil, io.EOF
	}
	return nil, errRead(f.Info.Name, err)
}

// build interprets one row.
func (f *File) build(fields []string, line int) (*Record, error) {
	rec := f.slabs.record()
	rec.File, rec.Line, rec.Fields = f.Info.Name, line, fields
	email := f.plan.cols[fEmail]
	if email >= len(fields) {
		return rec, problem(f.Info.Name, line, f.columnName(email), CodeRaggedRow,
			"the row has %d cells and ends before the e-mail column (column %d)", len(fields), email+1)
	}
	if rec.Email = trimCell(fields[email]); rec.Email == "" {
		return rec, problem(f.Info.Name, line, f.columnName(email), CodeNoEmail, "the e-mail cell is empty")
	}
	r := &f.row
	r.f, r.p, r.fields, r.rec = f, f.plan, fields, rec
	f.slabs.evidence.begin()
	f.slabs.attrs.begin()
	r.identity()
	r.attrs()
	f.plan.provider.read(r)
	genericEvidence(r)
	rec.Evidence = f.slabs.evidence.end()
	rec.Attrs = f.slabs.attrs.end()
	return rec, nil
}

// columnName names column col: its header name, or column_N beyond the
// header.
func (f *File) columnName(col int) string {
	names := f.plan.h.names
	if col < len(names) {
		return names[col]
	}
	for len(names)+len(f.extraNames) <= col {
		f.extraNames = append(f.extraNames, columnName(len(names)+len(f.extraNames)))
	}
	return f.extraNames[col-len(names)]
}

func blank(fields []string) bool {
	for _, s := range fields {
		if trimCell(s) != "" {
			return false
		}
	}
	return true
}
