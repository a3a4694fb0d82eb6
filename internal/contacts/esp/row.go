package esp

import (
	"fmt"
	"time"
)

// row is one record being interpreted.
type row struct {
	f      *File
	p      *plan
	fields []string
	rec    *Record
}

// cell returns the trimmed cell of column col, "" when the row is shorter
// or the column absent (col < 0).
func (r *row) cell(col int) string { return cellOf(r.fields, col) }

// cellOf returns the trimmed cell of column col of fields, "" when the row
// is shorter or the column absent (col < 0).
func cellOf(fields []string, col int) string {
	if col < 0 || col >= len(fields) {
		return ""
	}
	return trimCell(fields[col])
}

// anyCell reports whether one of the columns cols holds a value.
func anyCell(fields []string, cols ...int) bool {
	for _, col := range cols {
		if cellOf(fields, col) != "" {
			return true
		}
	}
	return false
}

// time reads a date cell; a value in no known layout is a warning.
func (r *row) time(col int) time.Time {
	s := r.cell(col)
	if s == "" {
		return time.Time{}
	}
	t, ok := r.f.dates.parse(col, s)
	if !ok {
		r.warn(col, CodeBadDate, "cannot read %q as a date; expected %s", s, r.p.dateHint)
	}
	return t
}

// flag reads a yes/no cell. set is false when the cell is empty or is not
// a yes/no value (then a warning).
func (r *row) flag(col int) (yes, set bool) {
	s := r.cell(col)
	if s == "" {
		return false, false
	}
	yes, set = parseBool(s)
	if !set {
		r.warn(col, CodeBadBool, "cannot read %q as yes or no; expected 1, yes, true, oui or 0, 2, no, false, non", s)
	}
	return yes, set
}

// add appends a copy of e; the purpose defaults to e-mail marketing.
func (r *row) add(e *Evidence) {
	n := r.f.slabs.evidence.next()
	*n = *e
	if n.Purpose == "" {
		n.Purpose = PurposeEmail
	}
}

// newEvidence appends evidence for e-mail marketing and returns it to be
// filled in place, which spares copying the 200-byte struct on the hot
// path. The pointer is valid until the next newEvidence or add.
func (r *row) newEvidence(kind Kind, columns string) *Evidence {
	e := r.f.slabs.evidence.next()
	e.Kind, e.Purpose, e.Columns = kind, PurposeEmail, columns
	return e
}

// evidence returns the row's evidence so far.
func (r *row) evidence() []Evidence { return r.f.slabs.evidence.run() }

// warn records a cell that could not be read; the row is still used.
func (r *row) warn(col int, code, format string, a ...any) {
	r.warnValue(col, r.cell(col), code, format, a...)
}

// warnValue is warn for a value that is only part of the cell, such as
// one attribute of a JSON cell.
func (r *row) warnValue(col int, value, code, format string, a ...any) {
	name := ""
	if col >= 0 {
		name = r.f.columnName(col)
	}
	r.rec.Warnings = append(r.rec.Warnings, Problem{
		File: r.rec.File, Line: r.rec.Line, Column: name, Code: code,
		Detail: fmt.Sprintf(format, a...), Value: value,
	})
}

// keep adds an attribute a provider rule read but did not use.
func (r *row) keep(col int, v string) {
	r.f.slabs.attrs.add(&Attr{Name: r.p.h.names[col], Value: v})
}

// identity fills the fields every format shares.
func (r *row) identity() {
	c, rec := &r.p.cols, r.rec
	rec.FirstName = r.cell(c[fFirstName])
	rec.LastName = r.cell(c[fLastName])
	rec.Name = r.cell(c[fName])
	rec.Language = r.cell(c[fLanguage])
	rec.Phone = r.cell(c[fPhone])
	rec.List = r.cell(c[fList])
	if tags := r.cell(c[fTags]); tags != "" {
		r.f.tagScratch = appendTags(r.f.tagScratch[:0], tags)
		tb := &r.f.slabs.tags
		tb.begin()
		for i := range r.f.tagScratch {
			tb.add(&r.f.tagScratch[i])
		}
		rec.Tags = tb.end()
	}
	rec.CreatedAt = r.time(c[fCreatedAt])
	rec.UpdatedAt = r.time(c[fUpdatedAt])
}

// attrs keeps the free non-empty cells, and cells beyond the header as
// column_N with a warning.
func (r *row) attrs() {
	out := &r.f.slabs.attrs
	names := r.p.h.names
	for _, col := range r.p.attrs {
		if v := r.cell(col); v != "" {
			out.add(&Attr{Name: names[col], Value: v})
		}
	}
	extra := -1
	for col := len(names); col < len(r.fields); col++ {
		if v := trimCell(r.fields[col]); v != "" {
			out.add(&Attr{Name: r.f.columnName(col), Value: v})
			if extra < 0 {
				extra = col
			}
		}
	}
	if extra >= 0 {
		r.warn(extra, CodeExtraCells, "the row has %d cells but the header %d columns; the extra values are kept as column_N", len(r.fields), len(names))
	}
}
