package spreadsheet

import (
	"encoding/csv"
	"io"
)

// CSVOptions chooses the CSV dialect.
type CSVOptions struct {
	// Comma is the field separator; zero means ','. French Excel expects
	// ';' because ',' is its decimal separator.
	Comma rune
	// BOM writes the UTF-8 byte order mark first. Excel reads a CSV without
	// it in the ANSI code page (Windows-1252 in Western Europe) and garbles
	// every accented letter; most other readers ignore or strip it.
	BOM bool
}

// ExcelFR is the dialect French Excel opens with a double click.
var ExcelFR = CSVOptions{Comma: ';', BOM: true}

// CSV writes RFC 4180 records (quoted when needed, CRLF line ends, a line
// break inside a cell written as CRLF too) in UTF-8, with every cell passed
// through EscapeFormula.
type CSV struct {
	w       *csv.Writer
	out     io.Writer
	bom     bool
	started bool
	cells   []string // reused so Write does not change the caller's record
}

// NewCSV returns a CSV writer on w.
func NewCSV(w io.Writer, opt CSVOptions) *CSV {
	cw := csv.NewWriter(w)
	if opt.Comma != 0 {
		cw.Comma = opt.Comma
	}
	cw.UseCRLF = true
	return &CSV{w: cw, out: w, bom: opt.BOM}
}

// Write writes one record. Output is buffered: call Flush at the end.
func (c *CSV) Write(record []string) error {
	if !c.started {
		c.started = true
		if c.bom {
			if _, err := io.WriteString(c.out, "\ufeff"); err != nil {
				return err
			}
		}
	}
	c.cells = c.cells[:0]
	for _, s := range record {
		c.cells = append(c.cells, EscapeFormula(s))
	}
	return c.w.Write(c.cells)
}

// Flush writes buffered records to the underlying writer and reports any
// error met while writing. A file with no record gets the BOM alone.
func (c *CSV) Flush() error {
	if !c.started && c.bom {
		c.started = true
		if _, err := io.WriteString(c.out, "\ufeff"); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}
