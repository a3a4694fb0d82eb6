package register

import (
	"bufio"
	"embed"
	"html/template"
	"io"

	"github.com/gdprkit/gdprkit/internal/spreadsheet"
)

//go:embed templates/register.html templates/register.css
var templateFiles embed.FS

// registerPage is parsed once, when the program starts: a broken template
// stops the binary at start-up, not an export.
var registerPage = template.Must(template.New("register.html").
	Funcs(template.FuncMap{"t": func(string) string { return "" }}).
	ParseFS(templateFiles, "templates/register.html"))

var registerCSS = func() string {
	b, err := templateFiles.ReadFile("templates/register.css")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// htmlView is what the template reads: the document and its stylesheet.
type htmlView struct {
	*doc
	OrgName string
	CSS     template.CSS
}

// WriteRegisterHTML writes the record of processing activities as one
// self-contained, printable HTML file in lang: page 1, a fiche per
// activity (each starting a new printed page), then the annexes on
// collection methods and vendors. Inline CSS, no script, no link out.
func WriteRegisterHTML(w io.Writer, s *Snapshot, lang string) error {
	d := buildDoc(s, lang)
	t := tr{d.Lang}
	tmpl, err := registerPage.Clone()
	if err != nil {
		return err
	}
	tmpl.Funcs(template.FuncMap{"t": t.t})
	v := htmlView{doc: d, OrgName: s.Organisation.Name, CSS: template.CSS(registerCSS)} // #nosec G203 -- our own embedded stylesheet
	bw := bufio.NewWriter(w)
	if err := tmpl.Execute(bw, v); err != nil {
		return err
	}
	return bw.Flush()
}

// registerColumns are the columns of every sheet of the CNIL workbook: the
// section, then up to four cells of a form line or a table row.
func registerColumns(t tr) ([]string, []float64) {
	return []string{t.t("col.section"), t.t("col.field"), t.t("col.value"), t.t("col.details"), t.t("col.more")},
		[]float64{30, 32, 60, 45, 35}
}

// WriteRegisterXLSX writes the record in the CNIL model's layout: a
// "Registre" sheet for page 1, one sheet per fiche, then the collection
// methods and the vendors.
func WriteRegisterXLSX(w io.Writer, s *Snapshot, lang string) error {
	d := buildDoc(s, lang)
	t := tr{d.Lang}
	head, widths := registerColumns(t)
	x := spreadsheet.NewXLSX(w)
	if err := x.Sheet(t.t("sheet.register"), head, widths); err != nil {
		return err
	}
	if err := x.Row([]string{d.Title, s.Organisation.Name, d.Generated}); err != nil {
		return err
	}
	if err := writeSections(x, d.Common); err != nil {
		return err
	}
	for _, f := range d.Fiches {
		if err := x.Sheet(f.Sheet, head, widths); err != nil {
			return err
		}
		if err := x.Row([]string{f.Title}); err != nil {
			return err
		}
		if err := writeSections(x, f.Sections); err != nil {
			return err
		}
	}
	if err := x.Sheet(t.t("sheet.methods"), head, widths); err != nil {
		return err
	}
	if err := writeSections(x, d.Methods); err != nil {
		return err
	}
	if err := x.Sheet(t.t("sheet.vendors"), head, widths); err != nil {
		return err
	}
	if err := writeSections(x, []section{d.Vendors}); err != nil {
		return err
	}
	return x.Close()
}

func writeSections(x *spreadsheet.XLSX, secs []section) error {
	for _, sec := range secs {
		if err := writeSection(x, sec); err != nil {
			return err
		}
	}
	return nil
}

// writeSection writes a form section as "section | field | value" lines,
// and a table as its column names then its rows, each line led by the
// section so a filter on the first column shows one section.
func writeSection(x *spreadsheet.XLSX, sec section) error {
	title := sec.Title
	if sec.Number != "" {
		title = sec.Number + ". " + title
	}
	line := func(cells []string) error { return x.Row(append([]string{title}, cells...)) }
	if !sec.KeyValue && len(sec.Columns) > 0 {
		if err := line(sec.Columns); err != nil {
			return err
		}
	}
	if len(sec.Rows) == 0 && sec.Empty != "" {
		return line([]string{sec.Empty})
	}
	for _, r := range sec.Rows {
		if err := line(r); err != nil {
			return err
		}
	}
	return nil
}
