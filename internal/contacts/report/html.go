package report

import (
	"bufio"
	"embed"
	"html/template"
	"io"

	"github.com/gdprkit/gdprkit/internal/contacts"
)

//go:embed templates/report.html templates/report.css
var templates embed.FS

// page is parsed once, when the program starts: a broken template stops
// the binary at start-up, not a report. Its "t" function is replaced per
// language by WriteHTML.
var page = template.Must(template.New("report.html").
	Funcs(template.FuncMap{"t": func(string) string { return "" }}).
	ParseFS(templates, "templates/report.html"))

var css = mustRead("templates/report.css")

func mustRead(name string) string {
	b, err := templates.ReadFile(name)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// WriteHTML writes the audit report as one self-contained HTML file in
// lang ("fr" or "en"): inline CSS, inline SVG charts, no script, no link to
// anything outside, laid out for screen and print.
func WriteHTML(w io.Writer, s contacts.Summary, lang string) error {
	t := newTr(lang)
	tmpl, err := page.Clone()
	if err != nil {
		return err
	}
	tmpl.Funcs(template.FuncMap{"t": t.t})
	v := newView(s, t)
	v.CSS = template.CSS(css) // #nosec G203 -- our own embedded stylesheet
	bw := bufio.NewWriter(w)
	if err := tmpl.Execute(bw, v); err != nil {
		return err
	}
	return bw.Flush()
}
