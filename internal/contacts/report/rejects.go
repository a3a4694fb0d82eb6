package report

import (
	"io"

	"github.com/gdprkit/gdprkit/internal/spreadsheet"
)

// rejectColumns are the columns of the rejects file; their headers are
// "rejects.header.<name>".
var rejectColumns = []string{"file", "line", "column", "code", "reason", "detail"}

type rejectsCSV struct {
	csv    *spreadsheet.CSV
	tr     *tr
	cells  []string
	header bool
}

// NewRejectsCSV returns a writer of rejected rows as CSV in the dialect of
// lang's Excel: file, line, column, code, the reason translated from
// "reject.<code>" (the code itself when no translation exists) and the
// detail.
func NewRejectsCSV(w io.Writer, lang string) RejectWriter {
	return &rejectsCSV{csv: spreadsheet.NewCSV(w, csvOptions(lang)), tr: newTr(lang), cells: make([]string, len(rejectColumns))}
}

func (c *rejectsCSV) Write(r Reject) error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	line := ""
	if r.Line > 0 {
		line = itoa(r.Line)
	}
	c.cells = append(c.cells[:0], r.File, line, r.Column, r.Code, c.tr.or(r.Code, "reject."+r.Code), r.Detail)
	return c.csv.Write(c.cells)
}

func (c *rejectsCSV) Close() error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	return c.csv.Flush()
}

func (c *rejectsCSV) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	h := make([]string, len(rejectColumns))
	for i, k := range rejectColumns {
		h[i] = c.tr.t("rejects.header." + k)
	}
	return c.csv.Write(h)
}
