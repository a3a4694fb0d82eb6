package report

import (
	"io"

	"github.com/gdprkit/gdprkit/internal/spreadsheet"
)

// rejectColumns are the columns of the rejects file; their headers are
// "rejects.header.<name>".
var rejectColumns = []string{"file", "line", "column", "code", "reason", "detail"}

// warningColumns are the columns of the warnings file; their headers are
// "warnings.header.<name>".
var warningColumns = []string{"file", "line", "column", "code", "problem", "value", "detail"}

// problemCSV writes a file of problems found while reading (rejected rows,
// unreadable cells) as CSV in the dialect of lang's Excel: a translated
// header, written even when no row follows, then one line per problem,
// every cell protected against formula injection by spreadsheet.CSV.
type problemCSV struct {
	csv     *spreadsheet.CSV
	tr      *tr
	prefix  string // of the header keys: prefix + column
	columns []string
	cells   []string // reused from one line to the next
	header  bool
}

func newProblemCSV(w io.Writer, lang, prefix string, columns []string) *problemCSV {
	return &problemCSV{csv: spreadsheet.NewCSV(w, csvOptions(lang)), tr: newTr(lang), prefix: prefix, columns: columns,
		cells: make([]string, 0, len(columns))}
}

// write writes one line; cells is usually c.cells refilled.
func (c *problemCSV) write(cells []string) error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	return c.csv.Write(cells)
}

func (c *problemCSV) Close() error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	return c.csv.Flush()
}

func (c *problemCSV) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	h := make([]string, len(c.columns))
	for i, k := range c.columns {
		h[i] = c.tr.t(c.prefix + k)
	}
	return c.csv.Write(h)
}

// lineNumber writes a line number, or nothing when it is unknown.
func lineNumber(n int) string {
	if n > 0 {
		return itoa(n)
	}
	return ""
}

type rejectsCSV struct{ *problemCSV }

// NewRejectsCSV returns a writer of rejected rows as CSV in the dialect of
// lang's Excel: file, line, column, code, the reason translated from
// "reject.<code>" (the code itself when no translation exists) and the
// detail.
func NewRejectsCSV(w io.Writer, lang string) RejectWriter {
	return rejectsCSV{newProblemCSV(w, lang, "rejects.header.", rejectColumns)}
}

func (c rejectsCSV) Write(r Reject) error {
	c.cells = append(c.cells[:0], r.File, lineNumber(r.Line), r.Column, r.Code, c.tr.or(r.Code, "reject."+r.Code), r.Detail)
	return c.write(c.cells)
}

type warningsCSV struct{ *problemCSV }

// NewWarningsCSV returns a writer of cell warnings as CSV in the same
// dialect as NewRejectsCSV: file, line, column, code, the problem
// translated from "esp.problem.<code>" (the code itself when no
// translation exists), the value found and the detail, which says what
// was expected.
func NewWarningsCSV(w io.Writer, lang string) WarningWriter {
	return warningsCSV{newProblemCSV(w, lang, "warnings.header.", warningColumns)}
}

func (c warningsCSV) Write(r Warning) error {
	c.cells = append(c.cells[:0], r.File, lineNumber(r.Line), r.Column, r.Code, c.tr.or(r.Code, "esp.problem."+r.Code), r.Value, r.Detail)
	return c.write(c.cells)
}
