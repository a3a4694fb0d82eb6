package spreadsheet

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxNameLen is Excel's limit on a sheet name, in characters.
const maxNameLen = 31

// checkName rejects names Excel would refuse: empty, too long, with one of
// : \ / ? * [ ], starting or ending with an apostrophe, or already used
// (names are compared without case).
func (x *XLSX) checkName(name string) error {
	switch {
	case name == "":
		return fmt.Errorf("spreadsheet: empty sheet name")
	case utf8.RuneCountInString(name) > maxNameLen:
		return fmt.Errorf("spreadsheet: sheet name %q longer than %d characters", name, maxNameLen)
	case strings.ContainsAny(name, `:\/?*[]`):
		return fmt.Errorf("spreadsheet: sheet name %q contains one of : \\ / ? * [ ]", name)
	case name[0] == '\'' || name[len(name)-1] == '\'':
		return fmt.Errorf("spreadsheet: sheet name %q starts or ends with an apostrophe", name)
	case x.nameUsed(name):
		return fmt.Errorf("spreadsheet: sheet name %q used twice", name)
	}
	return nil
}

func (x *XLSX) nameUsed(name string) bool {
	for _, s := range x.sheets {
		if strings.EqualFold(s.name, name) {
			return true
		}
	}
	return false
}

// continueSheet ends a full sheet and opens the next one, "<name> (2)",
// "<name> (3)"…, shortening the name to fit Excel's 31 characters.
func (x *XLSX) continueSheet() error {
	for n := 2; ; n++ {
		suffix := " (" + strconv.Itoa(n) + ")"
		base := []rune(x.base)
		if keep := maxNameLen - len(suffix); len(base) > keep {
			base = base[:keep]
		}
		name := string(base) + suffix
		if !x.nameUsed(name) {
			return x.startSheet(name)
		}
	}
}

// startSheet ends the open sheet, if any, and writes the start of a new
// one up to and including its header row.
func (x *XLSX) startSheet(name string) error {
	if err := x.endSheet(); err != nil {
		return err
	}
	w, err := x.zw.Create("xl/worksheets/sheet" + strconv.Itoa(len(x.sheets)+1) + ".xml")
	if err != nil {
		return x.fail(err)
	}
	x.sw = w
	x.sheets = append(x.sheets, sheetInfo{name: name, cols: len(x.header)})
	x.buf = append(x.buf, xmlHeader+`<worksheet xmlns="`+nsMain+`" xmlns:r="`+nsRel+`">`...)
	x.appendViews()
	x.appendCols()
	x.buf = append(x.buf, "<sheetData>"...)
	if len(x.header) == 0 {
		return nil
	}
	if err := x.beginRow(len(x.header)); err != nil {
		return err
	}
	for _, h := range x.header {
		x.appendString(h, true)
	}
	return x.endRow()
}

// appendViews freezes the header row.
func (x *XLSX) appendViews() {
	if len(x.header) == 0 {
		return
	}
	x.buf = append(x.buf, `<sheetViews><sheetView workbookViewId="0">`+
		`<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>`+
		`<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>`+
		`</sheetView></sheetViews>`...)
}

func (x *XLSX) appendCols() {
	open := false
	for i, w := range x.widths {
		if w <= 0 {
			continue
		}
		if !open {
			x.buf = append(x.buf, "<cols>"...)
			open = true
		}
		x.buf = append(x.buf, `<col min="`...)
		x.buf = strconv.AppendInt(x.buf, int64(i+1), 10)
		x.buf = append(x.buf, `" max="`...)
		x.buf = strconv.AppendInt(x.buf, int64(i+1), 10)
		x.buf = append(x.buf, `" width="`...)
		x.buf = strconv.AppendFloat(x.buf, w, 'f', -1, 64)
		x.buf = append(x.buf, `" customWidth="1"/>`...)
	}
	if open {
		x.buf = append(x.buf, "</cols>"...)
	}
}

// endSheet writes the end of the open sheet: the autofilter over the header
// columns and every written row, and the page margins Excel expects.
func (x *XLSX) endSheet() error {
	if x.sw == nil {
		return nil
	}
	x.buf = append(x.buf, "</sheetData>"...)
	if cur := x.current(); cur.cols > 0 {
		x.buf = append(x.buf, `<autoFilter ref="`+filterRef(*cur)+`"/>`...)
	}
	x.buf = append(x.buf, `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`...)
	err := x.flush()
	x.sw = nil
	return err
}

// filterRef is the autofilter range of a sheet: A1:<last column><last row>.
func filterRef(s sheetInfo) string {
	return "A1:" + cellRef(s.cols-1, s.rows)
}
