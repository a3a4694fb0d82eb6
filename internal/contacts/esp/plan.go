package esp

import (
	"strings"
)

// plan is how a file's columns are read, decided once at Open so that
// reading a row is index arithmetic: no map, no regexp, no header lookup.
type plan struct {
	h        *header
	cols     [numFields]int // canonical field -> column, -1 when absent
	generic  [numFields]int // the fields left to the generic evidence rules
	attrs    []int          // free columns, kept as Attrs when not empty
	provider rowReader
	sources  genericSources // column lists of the generic evidence
	dateHint string         // expected layouts, for bad_date messages
}

// rowReader adds a provider's own evidence for one row.
type rowReader interface {
	read(r *row)
}

// settler is a rowReader that looks at the rows read ahead at Open before
// FileInfo is handed out, to correct what it guessed from the header.
type settler interface {
	settle(ahead []pendingRow, info *FileInfo, cols *[numFields]int)
}

func newPlan(h *header) *plan {
	p := &plan{h: h}
	for i := range p.cols {
		p.cols[i] = -1
	}
	return p
}

// set binds field f to column col.
func (p *plan) set(f field, col int) {
	p.cols[f] = col
	p.h.taken[col] = true
}

// bind binds f, unless a mapping already did, to the first free column
// named like one of names.
func (p *plan) bind(f field, names ...string) {
	if p.cols[f] < 0 {
		if col := p.h.find(names...); col >= 0 {
			p.set(f, col)
		}
	}
}

// bindKey is bind by normalised name (see key).
func (p *plan) bindKey(f field, keys ...string) {
	if p.cols[f] < 0 {
		if col := p.h.findKey(keys...); col >= 0 {
			p.set(f, col)
		}
	}
}

// claim takes the first free column named like one of names for a
// provider's own use and returns it, or -1.
func (p *plan) claim(names ...string) int {
	col := p.h.find(names...)
	if col >= 0 {
		p.h.taken[col] = true
	}
	return col
}

// claimKey is claim by normalised name.
func (p *plan) claimKey(keys ...string) int {
	col := p.h.findKey(keys...)
	if col >= 0 {
		p.h.taken[col] = true
	}
	return col
}

// applyMapping binds the fields a user named. It runs first, so a mapping
// overrides what a provider would have chosen.
func (p *plan) applyMapping(m Mapping, file string) error {
	for _, name := range fieldNames {
		column, ok := m[name]
		if !ok {
			continue
		}
		col := p.h.lookup(column)
		if col < 0 {
			return errUnknownColumn(file, name, column, p.h.names)
		}
		f, _ := fieldByName(name)
		p.set(f, col)
	}
	return nil
}

// finish lists the free columns as attributes and leaves to the generic
// rules the fields the provider does not read itself.
func (p *plan) finish(handled []field) {
	p.generic = p.cols
	for _, f := range handled {
		p.generic[f] = -1
	}
	for i, taken := range p.h.taken {
		if !taken {
			p.attrs = append(p.attrs, i)
		}
	}
	p.sources = newGenericSources(p)
}

// mapping reports the bound fields.
func (p *plan) mapping() Mapping {
	m := Mapping{}
	for f, col := range p.cols {
		if col >= 0 {
			m[fieldNames[f]] = p.h.names[col]
		}
	}
	return m
}

// columns names the bound columns among cols, for Evidence.Columns.
func (p *plan) columns(cols ...int) string {
	var names []string
	for _, c := range cols {
		if c >= 0 {
			names = append(names, p.h.names[c])
		}
	}
	return strings.Join(names, ", ")
}
