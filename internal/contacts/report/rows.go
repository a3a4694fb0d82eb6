package report

import (
	"io"
	"strings"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/spreadsheet"
)

// sheetName is the worksheet of NewRowXLSX; the word is the same in French.
const sheetName = "Contacts"

// widths are the XLSX column widths, in characters, by column key.
var widths = map[string]float64{
	"email": 32, "first_name": 14, "last_name": 16, "data_held": 24, "source": 26,
	"shared_with": 14, "consent_channel": 16, "consent_source": 22, "purpose": 30,
	"consent_at": 21, "proof": 40, "status": 18, "reasons": 28, "explanation": 70,
	"likely_duplicate": 32,
}

// rowCells turns Rows into the cells of contacts.RowColumns: the status as
// its translated label, reasons as codes joined by spaces, the explanation
// column as the translated explanations of those reasons, times in RFC
// 3339 UTC.
type rowCells struct {
	tr    *tr
	cells []string
}

func newRowCells(lang string) *rowCells {
	return &rowCells{tr: newTr(lang), cells: make([]string, len(contacts.RowColumns))}
}

func (rc *rowCells) header() []string {
	h := make([]string, len(contacts.RowColumns))
	for i, k := range contacts.RowColumns {
		h[i] = rc.tr.t("column." + k)
	}
	return h
}

// of fills and returns the cells of r; the slice is reused by the next call.
func (rc *rowCells) of(r *contacts.Row) []string {
	for i, k := range contacts.RowColumns {
		rc.cells[i], _ = rc.cell(k, r)
	}
	return rc.cells
}

// cell returns the value of column key; ok is false for a column this
// package does not know yet, which a test catches.
func (rc *rowCells) cell(key string, r *contacts.Row) (v string, ok bool) {
	switch key {
	case "email":
		return r.Email, true
	case "first_name":
		return r.FirstName, true
	case "last_name":
		return r.LastName, true
	case "data_held":
		return strings.Join(r.DataHeld, " "), true
	case "source":
		return r.Source, true
	case "shared_with":
		return r.SharedWith, true
	case "consent_channel":
		return r.ConsentChannel, true
	case "consent_source":
		return r.ConsentSource, true
	case "purpose":
		return r.Purpose, true
	case "consent_at":
		return rfc3339(r.ConsentAt), true
	case "proof":
		return r.Proof, true
	case "status":
		return rc.status(r.Status), true
	case "reasons":
		return rc.reasons(r.Reasons, code, " "), true
	case "explanation":
		// Short labels: the full explanations are in report.html; repeated
		// on a million rows they would make the file unwieldy.
		return rc.reasons(r.Reasons, rc.label, "; "), true
	case "likely_duplicate":
		return r.LikelyDuplicate, true
	}
	return "", false
}

func (rc *rowCells) status(s contacts.Status) string {
	if s == "" {
		return ""
	}
	return rc.tr.t(s.LabelKey())
}

func code(r contacts.Reason) string { return string(r) }

func (rc *rowCells) label(r contacts.Reason) string { return rc.tr.t(r.LabelKey()) }

// reasons joins f of each reason with sep.
func (rc *rowCells) reasons(rs []contacts.Reason, f func(contacts.Reason) string, sep string) string {
	switch len(rs) {
	case 0:
		return ""
	case 1:
		return f(rs[0])
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = f(r)
	}
	return strings.Join(parts, sep)
}

// csvOptions picks the dialect each language's Excel opens with a double
// click: ';' in French, ',' in English, and the UTF-8 BOM in both, since
// these files are opened by people.
func csvOptions(lang string) spreadsheet.CSVOptions {
	if locale.Normalize(lang) == "fr" {
		return spreadsheet.ExcelFR
	}
	return spreadsheet.CSVOptions{Comma: ',', BOM: true}
}

// rowCSV writes Rows to CSV.
type rowCSV struct {
	csv    *spreadsheet.CSV
	cells  *rowCells
	header bool
}

// NewRowCSV returns a RowWriter of CSV in the dialect of lang's Excel,
// header included, every cell protected against formula injection.
func NewRowCSV(w io.Writer, lang string) RowWriter {
	return &rowCSV{csv: spreadsheet.NewCSV(w, csvOptions(lang)), cells: newRowCells(lang)}
}

func (c *rowCSV) Write(r contacts.Row) error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	return c.csv.Write(c.cells.of(&r))
}

func (c *rowCSV) Close() error {
	if err := c.writeHeader(); err != nil {
		return err
	}
	return c.csv.Flush()
}

func (c *rowCSV) writeHeader() error {
	if c.header {
		return nil
	}
	c.header = true
	return c.csv.Write(c.cells.header())
}

// rowXLSX writes Rows to one worksheet.
type rowXLSX struct {
	x       *spreadsheet.XLSX
	cells   *rowCells
	started bool
}

// NewRowXLSX returns a RowWriter of an XLSX workbook with one sheet,
// "Contacts", whose bold header stays in view and carries a filter. Past
// Excel's row limit the rows continue on "Contacts (2)".
func NewRowXLSX(w io.Writer, lang string) RowWriter {
	return &rowXLSX{x: spreadsheet.NewXLSX(w), cells: newRowCells(lang)}
}

func (x *rowXLSX) Write(r contacts.Row) error {
	if err := x.start(); err != nil {
		return err
	}
	return x.x.Row(x.cells.of(&r))
}

func (x *rowXLSX) Close() error {
	if err := x.start(); err != nil {
		return err
	}
	return x.x.Close()
}

func (x *rowXLSX) start() error {
	if x.started {
		return nil
	}
	x.started = true
	w := make([]float64, len(contacts.RowColumns))
	for i, k := range contacts.RowColumns {
		w[i] = widths[k]
	}
	return x.x.Sheet(sheetName, x.cells.header(), w)
}
