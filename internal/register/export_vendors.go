package register

import (
	"io"
	"strings"

	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/spreadsheet"
)

func vendorNames(s *Snapshot) map[int64]string {
	names := map[int64]string{}
	for _, v := range s.Vendors {
		names[v.Vendor.ID] = v.Vendor.Name
	}
	return names
}

func vendorHeader(lang string) ([]string, []float64) {
	head := make([]string, len(vendorColumns))
	widths := make([]float64, len(vendorColumns))
	for i, c := range vendorColumns {
		head[i], widths[i] = columnHeader(lang, c.key), c.width
	}
	return head, widths
}

func vendorRow(c *sheetCtx, vv VendorView) []string {
	row := make([]string, len(vendorColumns))
	for i, col := range vendorColumns {
		row[i] = col.get(c, vv)
	}
	return row
}

// VendorSheetName is the name of the vendor sheet in lang; the import
// looks for it in either language, then takes the first sheet.
func VendorSheetName(lang string) string { return locale.T(lang, "register.export.sheet.vendors", nil) }

// WriteVendorsXLSX writes the vendor register, by decreasing risk: the
// sheet to edit and import back, a sheet explaining every risk point, and
// a help sheet listing each column's allowed values.
func WriteVendorsXLSX(w io.Writer, s *Snapshot, lang string) error {
	lang = locale.Normalize(lang)
	c := newSheetCtx(lang, vendorNames(s))
	x := spreadsheet.NewXLSX(w)
	head, widths := vendorHeader(lang)
	if err := x.Sheet(VendorSheetName(lang), head, widths); err != nil {
		return err
	}
	for _, vv := range s.Vendors {
		if err := x.Row(vendorRow(c, vv)); err != nil {
			return err
		}
	}
	if err := writeRiskSheet(x, s, lang); err != nil {
		return err
	}
	if err := writeHelpSheet(x, lang); err != nil {
		return err
	}
	return x.Close()
}

// WriteVendorsCSV writes the vendor sheet as CSV: semicolons and a BOM in
// French, so French Excel opens it with a double click; commas and a BOM
// in English. Every cell is formula-escaped.
func WriteVendorsCSV(w io.Writer, s *Snapshot, lang string) error {
	lang = locale.Normalize(lang)
	opt := spreadsheet.CSVOptions{BOM: true}
	if lang == "fr" {
		opt = spreadsheet.ExcelFR
	}
	cw := spreadsheet.NewCSV(w, opt)
	head, _ := vendorHeader(lang)
	if err := cw.Write(head); err != nil {
		return err
	}
	c := newSheetCtx(lang, vendorNames(s))
	for _, vv := range s.Vendors {
		if err := cw.Write(vendorRow(c, vv)); err != nil {
			return err
		}
	}
	return cw.Flush()
}

func writeRiskSheet(x *spreadsheet.XLSX, s *Snapshot, lang string) error {
	t := tr{lang}
	err := x.Sheet(t.t("sheet.risk"), []string{t.t("col.vendor"), t.t("col.points"), t.t("col.explanation"), t.t("col.references")},
		[]float64{24, 8, 80, 40})
	if err != nil {
		return err
	}
	for _, vv := range s.Vendors {
		for _, p := range vv.Risk.Points {
			err := x.RowValues([]spreadsheet.Cell{spreadsheet.TextCell(vv.Vendor.Name), spreadsheet.NumberCell(float64(p.Points)),
				spreadsheet.TextCell(ExplainRisk(lang, p)), spreadsheet.TextCell(References(lang, p.Refs))})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// writeHelpSheet explains each column, and lists the accepted values of
// the vocabulary columns, so a bulk edit needs no other document.
func writeHelpSheet(x *spreadsheet.XLSX, lang string) error {
	t := tr{lang}
	if err := x.Sheet(t.t("sheet.help"), []string{t.t("col.column"), t.t("col.explanation"), t.t("col.values")}, []float64{24, 70, 70}); err != nil {
		return err
	}
	if err := x.Row([]string{"", t.t("help.intro")}); err != nil {
		return err
	}
	c := newSheetCtx(lang, nil)
	for _, col := range vendorColumns {
		values := ""
		if vocab := columnVocab[col.key]; vocab != "" {
			values = vocabValues(c, vocab)
		}
		if err := x.Row([]string{columnHeader(lang, col.key), locale.T(lang, "register.help."+col.key, nil), values}); err != nil {
			return err
		}
	}
	return nil
}

// columnVocab names the vocabulary of each vocabulary column.
var columnVocab = map[string]string{
	"category": "vendor_category", "role": "vendor_role", "data_categories": "data_category", "subjects": "subject",
	"transfers": "mechanism", "certifications": "certification", "rights_channels": "rights_channel",
}

func vocabValues(c *sheetCtx, vocab string) string {
	keys := map[string]Keys{"vendor_category": VendorCategories, "vendor_role": VendorRoles, "data_category": CategoryKeys(),
		"subject": Subjects, "mechanism": Mechanisms, "certification": Certifications, "rights_channel": RightsChannels}[vocab]
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = Label(c.lang, vocab, k)
	}
	return strings.Join(out, "\n")
}
