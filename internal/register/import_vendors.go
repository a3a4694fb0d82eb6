package register

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// ImportResult counts what a vendor import did.
type ImportResult struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// sheetRow is one vendor read from the sheet.
type sheetRow struct {
	line int     // the row number Excel shows
	old  *Vendor // nil for a new vendor
	v    *Vendor
	subs string // the sub-processors cell, resolved once every row is read
	cols map[string]int
}

// ImportVendorsXLSX reads a vendor sheet written by WriteVendorsXLSX and
// edited, and saves every change in one transaction: all rows or none. A
// row with an ID updates that vendor, only in the columns the sheet has;
// a row without one creates a vendor. Vendors missing from the sheet are
// left alone: an import never deletes. The first bad cell stops the
// import with an error naming its sheet, row and column, in lang.
func (s *Service) ImportVendorsXLSX(ctx context.Context, r io.Reader, lang string) (*ImportResult, error) {
	lang = locale.Normalize(lang)
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "register.import.not_xlsx", nil, "register: import: not an XLSX file: %v", err)
	}
	defer f.Close()
	sheet := vendorSheet(f)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "register.import.not_xlsx", nil, "register: import: %v", err)
	}
	existing, err := s.Store.Vendors(ctx)
	if err != nil {
		return nil, err
	}
	im := &importer{lang: lang, sheet: sheet, byID: map[int64]*Vendor{}, ctx: newSheetCtx(lang, nil)}
	for _, v := range existing {
		im.byID[v.ID] = v
	}
	vs, chs, res, err := im.run(rows)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return res, nil
	}
	return res, s.Store.SaveVendors(ctx, vs, chs)
}

// vendorSheet picks the sheet named as the vendor sheet in either
// language, or the first one.
func vendorSheet(f *excelize.File) string {
	names := f.GetSheetList()
	for _, n := range names {
		for _, lang := range locale.Languages {
			if strings.EqualFold(n, VendorSheetName(lang)) {
				return n
			}
		}
	}
	if len(names) > 0 {
		return names[0]
	}
	return ""
}

type importer struct {
	lang  string
	sheet string
	ctx   *sheetCtx
	byID  map[int64]*Vendor
}

// cellError names the cell a problem was found in, in the user's language.
func (im *importer) cellError(line int, col string, err error) error {
	var p *problem
	reason := err.Error()
	if errors.As(err, &p) {
		reason = locale.T(im.lang, p.key, map[string]any{"Value": p.value})
	} else if e := gdprkit.AsError(err); e != nil {
		reason = locale.T(im.lang, e.Key, e.Args)
	}
	header := ""
	if col != "" {
		header = columnHeader(im.lang, col)
	}
	args := map[string]any{"Sheet": im.sheet, "Row": line, "Column": header, "Problem": reason}
	return &gdprkit.Error{Code: gdprkit.EINVALID, Key: "register.import.cell", Args: args, Err: err,
		Detail: "register: import: sheet " + strconv.Quote(im.sheet) + ", row " + strconv.Itoa(line) + ", column " + strconv.Quote(header) + ": " + reason}
}

func (im *importer) run(rows [][]string) ([]*Vendor, []*Change, *ImportResult, error) {
	if len(rows) == 0 {
		return nil, nil, nil, im.cellError(1, "", badCell("no_header", ""))
	}
	cols, err := im.header(rows[0])
	if err != nil {
		return nil, nil, nil, err
	}
	var parsed []*sheetRow
	for i, row := range rows[1:] {
		if blank(row) {
			continue
		}
		sr, err := im.row(i+2, row, cols)
		if err != nil {
			return nil, nil, nil, err
		}
		parsed = append(parsed, sr)
	}
	if err := im.checkNames(parsed); err != nil {
		return nil, nil, nil, err
	}
	return im.changes(parsed)
}

// header maps each column index to a column key. Unknown headers stop
// the import: a typo would otherwise drop a column silently.
func (im *importer) header(row []string) (map[string]int, error) {
	cols := map[string]int{}
	for i, h := range row {
		if strings.TrimSpace(h) == "" {
			continue
		}
		c, ok := columnByHeader(h)
		if !ok {
			return nil, im.cellError(1, "", badCell("unknown_column", h))
		}
		if _, dup := cols[c.key]; dup {
			return nil, im.cellError(1, c.key, badCell("duplicate_column", h))
		}
		cols[c.key] = i
	}
	if _, ok := cols["name"]; !ok {
		return nil, im.cellError(1, "name", badCell("missing_column", columnHeader(im.lang, "name")))
	}
	return cols, nil
}

func blank(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

func cell(row []string, cols map[string]int, key string) (string, bool) {
	i, ok := cols[key]
	if !ok {
		return "", false
	}
	if i >= len(row) {
		return "", true
	}
	return unescapeCell(row[i]), true
}

// row reads one vendor: the existing one named by the ID cell (checking
// the version it was exported at), or a new one.
func (im *importer) row(line int, row []string, cols map[string]int) (*sheetRow, error) {
	sr := &sheetRow{line: line, cols: cols, v: &Vendor{}}
	if idText, _ := cell(row, cols, "id"); strings.TrimSpace(idText) != "" {
		id, err := strconv.ParseInt(strings.TrimSpace(idText), 10, 64)
		if err != nil || im.byID[id] == nil {
			return nil, im.cellError(line, "id", badCell("unknown_id", idText))
		}
		sr.old = im.byID[id]
		cp, err := clone(sr.old)
		if err != nil {
			return nil, err
		}
		sr.v = cp
		if ver, ok := cell(row, cols, "version"); ok && strings.TrimSpace(ver) != "" {
			if n, err := parseInt(ver); err != nil || n != sr.old.Version {
				return nil, im.cellError(line, "version", badCell("stale_row", ver))
			}
		}
	}
	for _, col := range vendorColumns {
		if col.set == nil {
			continue
		}
		if s, ok := cell(row, cols, col.key); ok {
			if err := col.set(im.ctx, sr.v, s); err != nil {
				return nil, im.cellError(line, col.key, err)
			}
		}
	}
	sr.subs, _ = cell(row, cols, "sub_processors")
	return sr, nil
}

// checkNames refuses a new row named like an existing vendor (most likely
// a row whose ID was lost) and two rows for one vendor.
func (im *importer) checkNames(rows []*sheetRow) error {
	seenID := map[int64]bool{}
	for _, r := range rows {
		if r.old != nil {
			if seenID[r.old.ID] {
				return im.cellError(r.line, "id", badCell("duplicate_id", strconv.FormatInt(r.old.ID, 10)))
			}
			seenID[r.old.ID] = true
			continue
		}
		for _, v := range im.byID {
			if strings.EqualFold(v.Name, strings.TrimSpace(r.v.Name)) {
				return im.cellError(r.line, "name", badCell("name_exists", r.v.Name))
			}
		}
	}
	return nil
}
