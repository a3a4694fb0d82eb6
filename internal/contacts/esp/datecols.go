package esp

import (
	"strings"
	"time"
)

// dateColumn remembers, for one column, the layout family that worked last
// (tried first on the next cell), the day/month order, and the layouts
// seen, which FileInfo.DateLayouts reports.
type dateColumn struct {
	kind       dateKind
	monthFirst bool
	votes      int // lookahead: > 0 day first, < 0 month first
	last       dateShape
	shapes     []dateShape
	// The last value and its time: imports stamp thousands of rows with
	// the same time.
	lastValue string
	lastTime  time.Time
}

// dates parses the date cells of one file.
type dates struct {
	loc     *time.Location
	cols    []dateColumn
	names   []string          // header names
	layouts map[string]string // FileInfo.DateLayouts
}

func newDates(names []string, loc *time.Location, layouts map[string]string) *dates {
	if loc == nil {
		loc = time.UTC
	}
	return &dates{loc: loc, cols: make([]dateColumn, len(names)), names: names, layouts: layouts}
}

// vote counts, during the lookahead, which day/month order a cell proves.
func (d *dates) vote(col int, s string) {
	if col < len(d.cols) && s != "" && s[0] >= '0' && s[0] <= '9' {
		d.cols[col].votes += dayMonthVote(s)
	}
}

// settle fixes each column's day/month order after the lookahead: the
// order its values prove, else month first only for American zones, unless
// the provider always writes the day first.
func (d *dates) settle(dayFirst bool) {
	american := !dayFirst && strings.HasPrefix(d.loc.String(), "America/")
	for i := range d.cols {
		c := &d.cols[i]
		c.monthFirst = c.votes < 0 || c.votes == 0 && american
	}
}

// parse reads a non-empty date cell of column col. ok is false when no
// layout fits.
func (d *dates) parse(col int, s string) (time.Time, bool) {
	c := &d.cols[col]
	if s == c.lastValue {
		return c.lastTime, true
	}
	if c.kind != kindNone {
		if t, sh, ok := d.try(c.kind, c, s); ok {
			d.note(col, sh)
			c.lastValue, c.lastTime = s, t
			return t, true
		}
	}
	for k := kindYMD; k < numKinds; k++ {
		if k == c.kind {
			continue
		}
		if t, sh, ok := d.try(k, c, s); ok {
			c.kind = k
			d.note(col, sh)
			c.lastValue, c.lastTime = s, t
			return t, true
		}
	}
	return time.Time{}, false
}

func (d *dates) try(k dateKind, c *dateColumn, s string) (time.Time, dateShape, bool) {
	switch k {
	case kindYMD:
		return parseYMD(s, d.loc)
	case kindDMY:
		return parseDMY(s, d.loc, c.monthFirst)
	case kindEpoch:
		return parseEpoch(s)
	case kindText:
		return parseText(s, d.loc)
	}
	return time.Time{}, dateShape{}, false
}

// note records the layout of a parsed value; only a new one costs more
// than a comparison.
func (d *dates) note(col int, sh dateShape) {
	c := &d.cols[col]
	if sh == c.last && len(c.shapes) > 0 {
		return
	}
	c.last = sh
	for _, seen := range c.shapes {
		if seen == sh {
			return
		}
	}
	c.shapes = append(c.shapes, sh)
	names := make([]string, len(c.shapes))
	for i, s := range c.shapes {
		names[i] = s.String()
	}
	d.layouts[d.names[col]] = strings.Join(names, ", ")
}
