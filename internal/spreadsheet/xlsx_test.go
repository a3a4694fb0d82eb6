package spreadsheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// openXLSX reads a workbook back with excelize and checks that every part
// is well-formed XML.
func openXLSX(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		d := xml.NewDecoder(rc)
		for {
			if _, err := d.Token(); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Errorf("%s: %v", f.Name, err)
				}
				break
			}
		}
		rc.Close()
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// zipPart returns one entry of the workbook.
func zipPart(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	rc, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	body, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(body)
}

func TestXLSXReadBack(t *testing.T) {
	var b bytes.Buffer
	x := NewXLSX(&b)
	if err := x.Sheet("Contacts", []string{"Email", "Note", "Count"}, []float64{30, 0, 8}); err != nil {
		t.Fatal(err)
	}
	rows := [][]Cell{
		{TextCell("a@example.com"), TextCell(`Tom & Jerry <"friends">`), NumberCell(3)},
		{TextCell("b@example.com"), TextCell(`=HYPERLINK("http://x")`), NumberCell(-1.5)},
		{TextCell("c@example.com"), TextCell("bell\x07 and \uFFFE gone, café kept"), NumberCell(1e6)},
		{TextCell("d@example.com"), TextCell("  two\nlines\r "), TextCell("")},
	}
	for _, r := range rows {
		if err := x.RowValues(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Row([]string{"e@example.com", "+33 6 12 34 56 78"}); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, b.Bytes())

	if got, want := f.GetSheetList(), []string{"Contacts"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("sheets = %q, want %q", got, want)
	}
	got, err := f.GetRows("Contacts")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Email", "Note", "Count"},
		{"a@example.com", `Tom & Jerry <"friends">`, "3"},
		{"b@example.com", `'=HYPERLINK("http://x")`, "-1.5"},
		{"c@example.com", "bell and  gone, café kept", "1000000"},
		{"d@example.com", "  two\nlines\r "},
		{"e@example.com", "'+33 6 12 34 56 78"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %q\nwant %q", got, want)
	}
	if typ, _ := f.GetCellType("Contacts", "C3"); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
		t.Errorf("C3 type = %v, want a number", typ)
	}
	checkLayout(t, f, b.Bytes())
}

// checkLayout checks the bold, frozen header, the widths and the filter.
func checkLayout(t *testing.T, f *excelize.File, b []byte) {
	t.Helper()
	panes, err := f.GetPanes("Contacts")
	if err != nil {
		t.Fatal(err)
	}
	if !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes = %+v, want the first row frozen", panes)
	}
	idx, err := f.GetCellStyle("Contacts", "B1")
	if err != nil {
		t.Fatal(err)
	}
	style, err := f.GetStyle(idx)
	if err != nil {
		t.Fatal(err)
	}
	if style.Font == nil || !style.Font.Bold {
		t.Errorf("header style = %+v, want bold", style.Font)
	}
	for col, want := range map[string]float64{"A": 30, "C": 8} {
		if w, _ := f.GetColWidth("Contacts", col); w != want {
			t.Errorf("width of %s = %v, want %v", col, w, want)
		}
	}
	if sheet := zipPart(t, b, "xl/worksheets/sheet1.xml"); !strings.Contains(sheet, `<autoFilter ref="A1:C6"/>`) {
		t.Errorf("sheet has no autofilter over A1:C6")
	}
	names := f.GetDefinedName()
	if len(names) != 1 || names[0].RefersTo != "'Contacts'!$A$1:$C$6" {
		t.Errorf("defined names = %+v, want the filter database of Contacts", names)
	}
}

func TestXLSXSplitsAtRowLimit(t *testing.T) {
	var b bytes.Buffer
	x := NewXLSX(&b)
	x.maxRows = 4 // header + 3 rows per sheet
	name := "A sheet name of 31 characters.."
	if err := x.Sheet(name, []string{"n", "square"}, nil); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 8; i++ {
		if err := x.Row([]string{strconv.Itoa(i), strconv.Itoa(i * i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Sheet("Other", nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, b.Bytes())
	wantSheets := []string{name, "A sheet name of 31 characte (2)", "A sheet name of 31 characte (3)", "Other"}
	if got := f.GetSheetList(); !reflect.DeepEqual(got, wantSheets) {
		t.Fatalf("sheets = %q, want %q", got, wantSheets)
	}
	want := map[string][][]string{
		wantSheets[0]: {{"n", "square"}, {"1", "1"}, {"2", "4"}, {"3", "9"}},
		wantSheets[1]: {{"n", "square"}, {"4", "16"}, {"5", "25"}, {"6", "36"}},
		wantSheets[2]: {{"n", "square"}, {"7", "49"}, {"8", "64"}},
		wantSheets[3]: {},
	}
	for _, s := range wantSheets {
		got, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want[s]) {
			t.Errorf("%s: rows = %q, want %q", s, got, want[s])
		}
	}
	if p, _ := f.GetPanes(wantSheets[2]); !p.Freeze {
		t.Errorf("continuation sheet has no frozen header")
	}
}

func TestXLSXEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := NewXLSX(&b).Close(); err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, b.Bytes())
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"Sheet1"}) {
		t.Errorf("sheets = %q, want one empty Sheet1", got)
	}
}

func TestXLSXDeterministic(t *testing.T) {
	write := func() []byte {
		var b bytes.Buffer
		x := NewXLSX(&b)
		if err := x.Sheet("S", []string{"a"}, nil); err != nil {
			t.Fatal(err)
		}
		if err := x.Row([]string{"1"}); err != nil {
			t.Fatal(err)
		}
		if err := x.Close(); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	if !bytes.Equal(write(), write()) {
		t.Error("the same rows gave two different files")
	}
}

func TestXLSXErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(x *XLSX) error // may be nil
		do    func(x *XLSX) error
	}{
		{"RowBeforeSheet", nil, func(x *XLSX) error { return x.Row([]string{"a"}) }},
		{"EmptyName", nil, func(x *XLSX) error { return x.Sheet("", nil, nil) }},
		{"LongName", nil, func(x *XLSX) error { return x.Sheet(strings.Repeat("é", 32), nil, nil) }},
		{"BadChar", nil, func(x *XLSX) error { return x.Sheet("a/b", nil, nil) }},
		{"Apostrophe", nil, func(x *XLSX) error { return x.Sheet("'a", nil, nil) }},
		{"Duplicate",
			func(x *XLSX) error { return x.Sheet("Contacts", nil, nil) },
			func(x *XLSX) error { return x.Sheet("CONTACTS", nil, nil) }},
		{"TooManyColumns", nil, func(x *XLSX) error { return x.Sheet("a", make([]string, MaxColumns+1), nil) }},
		{"AfterClose",
			func(x *XLSX) error { return x.Close() },
			func(x *XLSX) error { return x.Sheet("a", nil, nil) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := NewXLSX(io.Discard)
			if tt.setup != nil {
				if err := tt.setup(x); err != nil {
					t.Fatal(err)
				}
			}
			if err := tt.do(x); err == nil {
				t.Error("got no error")
			}
		})
	}
}
