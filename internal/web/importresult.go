package web

import (
	"html/template"
	"net/http"
	"sort"
	"strconv"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/report"
)

type resultView struct {
	Import      *contacts.Import
	Files       []contacts.ImportFile
	Summary     contacts.Summary
	By          string
	Statuses    []statusRow
	StatusChart template.HTML
	AgeChart    template.HTML
	AgeOver3    int
	SourceChart template.HTML
	Reasons     []contacts.Count
	Repermit    int
	// WarningsListed is how many of the Summary.Warnings cells
	// warnings.csv lists: the import keeps only the first ones.
	WarningsListed int
}

type statusRow struct {
	Status contacts.Status
	Count  int
	Share  float64
}

// importPage is the import's result: the audit report of its files, with
// charts, and its downloads.
func (s *Server) importPage(w http.ResponseWriter, r *http.Request) {
	imp, files, sum, err := s.importOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	v := resultView{Import: imp, Files: files, Summary: sum, By: s.actorNames(r)[imp.Actor], Reasons: topCounts(sum.ByReason, 8)}
	if v.By == "" {
		v.By = imp.Actor
	}
	for _, st := range contacts.Statuses {
		v.Statuses = append(v.Statuses, statusRow{Status: st, Count: sum.ByStatus[st], Share: share(sum.ByStatus[st], sum.TotalContacts)})
	}
	v.Repermit = sum.ByStatus[contacts.Weak] + sum.ByStatus[contacts.Missing]
	ws, err := warningsOf(imp)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v.WarningsListed = len(ws)
	v.StatusChart = statusChart(lang, sum.ByStatus, false).(template.HTML)
	v.AgeChart, v.AgeOver3 = ageChart(lang, sum.ConsentAge)
	v.SourceChart = sourceChart(lang, sum.Sources)
	p := s.newPage(r, "imports", "result.title", v)
	s.render(w, r, http.StatusOK, "result", p)
}

func (s *Server) importOf(r *http.Request) (*contacts.Import, []contacts.ImportFile, contacts.Summary, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, nil, contacts.Summary{}, err
	}
	imp, files, err := s.svc.Contacts.ImportByID(r.Context(), id)
	if err != nil {
		return nil, nil, contacts.Summary{}, err
	}
	sum, err := summaryOf(imp)
	return imp, files, sum, err
}

func share(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return float64(n) / float64(total)
}

// topCounts returns the n largest counts.
func topCounts(cs []contacts.Count, n int) []contacts.Count {
	out := append([]contacts.Count(nil), cs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out[:min(n, len(out))]
}

// ageChart draws consent ages with the CNIL's three-year mark.
func ageChart(lang string, ages []contacts.Count) (template.HTML, int) {
	counts := map[string]int{}
	for _, c := range ages {
		counts[c.Key] += c.Count
	}
	var points []chart.Point
	marker := chart.Marker{Label: translate(lang, "report.age.marker", nil)}
	for i, b := range contacts.AgeBuckets {
		if b == contacts.Age3to5 {
			marker.Before = i
		}
		points = append(points, chart.Point{Label: translate(lang, "age."+b, nil), Value: float64(counts[b])})
	}
	c := chart.Chart{Title: translate(lang, "report.age.chart_title", nil), Desc: translate(lang, "report.age.chart_desc", nil), Lang: lang}
	return chart.Bar(c, points, marker), counts[contacts.Age3to5] + counts[contacts.AgeOver5]
}

// sourceChart ranks consent channels, the tail summed as "other".
func sourceChart(lang string, sources []contacts.Count) template.HTML {
	if len(sources) == 0 {
		return ""
	}
	var points []chart.Point
	other := 0
	for i, c := range topCounts(sources, len(sources)) {
		if i >= 8 {
			other += c.Count
			continue
		}
		label := c.Key
		if k := "channel." + c.Key; translate(lang, k, nil) != k {
			label = translate(lang, k, nil)
		}
		points = append(points, chart.Point{Label: label, Value: float64(c.Count)})
	}
	if other > 0 {
		points = append(points, chart.Point{Label: translate(lang, "report.sources.other", nil), Value: float64(other)})
	}
	c := chart.Chart{Title: translate(lang, "report.sources.chart_title", nil), Desc: translate(lang, "report.sources.chart_desc", nil), Lang: lang}
	return chart.HBar(c, points)
}

// reportCSP lets the printable report use its own inline stylesheet; it
// still runs no script and cannot be framed.
const reportCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

// importReportHTML is the self-contained report the command line writes,
// for printing and archiving.
func (s *Server) importReportHTML(w http.ResponseWriter, r *http.Request) {
	_, _, sum, err := s.importOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Security-Policy", reportCSP)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := report.WriteHTML(w, sum, langOf(r)); err != nil {
		s.log.ErrorContext(r.Context(), "report", "err", err)
	}
}

func (s *Server) importReportJSON(w http.ResponseWriter, r *http.Request) {
	imp, _, sum, err := s.importOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="report-`+strconv.FormatInt(imp.ID, 10)+`.json"`)
	if err := report.WriteJSON(w, sum); err != nil {
		s.log.ErrorContext(r.Context(), "report", "err", err)
	}
}

// importDownload sends one of an import's files: its documented base
// (CSV, XLSX), its re-permission segment, its rejected rows or its
// unreadable cells. Each holds personal data, so each is recorded in the
// audit trail first.
func (s *Server) importDownload(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	file := r.PathValue("file")
	detail := `{"file":"` + template.JSEscapeString(file) + `"}`
	idStr := strconv.FormatInt(id, 10)
	switch file {
	case "contacts.csv", "contacts.xlsx", "repermission.csv":
		s.importContacts(w, r, id, file, detail)
	case "rejects.csv":
		if err := s.recordExport(r, "import", idStr, detail); err != nil {
			s.fail(w, r, err)
			return
		}
		attach(w, "rejects-"+idStr+".csv")
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		rw := report.NewRejectsCSV(w, langOf(r))
		s.finishDownload(r, rw, s.svc.Contacts.EachReject(r.Context(), id, func(rj contacts.Reject) error { return rw.Write(rj) }))
	case "warnings.csv":
		s.importWarnings(w, r, id, detail)
	default:
		s.fail(w, r, gdprkit.Errorf(gdprkit.ENOTFOUND, "error.not_found", nil, "no file %q", file))
	}
}

// importWarnings sends the cells of usable rows that could not be read.
// An import keeps the first contacts.WarningsKept of them, in its summary
// (the store has a table for rejected rows, none for warnings); the result
// page says so when there were more.
func (s *Server) importWarnings(w http.ResponseWriter, r *http.Request, id int64, detail string) {
	imp, _, err := s.svc.Contacts.ImportByID(r.Context(), id)
	var ws []contacts.Warning
	if err == nil {
		ws, err = warningsOf(imp)
	}
	idStr := strconv.FormatInt(id, 10)
	if err == nil {
		err = s.recordExport(r, "import", idStr, detail)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	attach(w, "warnings-"+idStr+".csv")
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	ww := report.NewWarningsCSV(w, langOf(r))
	for i := 0; i < len(ws) && err == nil; i++ {
		err = ww.Write(ws[i])
	}
	s.finishDownload(r, ww, err)
}

func (s *Server) importContacts(w http.ResponseWriter, r *http.Request, id int64, file, detail string) {
	name, format := file[:len(file)-len(".csv")], "csv"
	if file == "contacts.xlsx" {
		name, format = "contacts", "xlsx"
	}
	idStr := strconv.FormatInt(id, 10)
	rw, err := s.download(w, r, name+"-"+idStr, format, "import", idStr, detail)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang, segment := langOf(r), name == "repermission"
	err = s.svc.Contacts.EachImportContact(r.Context(), id, func(ic contacts.Imported) error {
		if segment && !ic.Contact.Status.NeedsRepermission() {
			return nil
		}
		return rw.Write(contacts.RowOf(ic.Contact, ic.Source, ic.Format, lang))
	})
	s.finishDownload(r, rw, err)
}
