package report

import "github.com/gdprkit/gdprkit/internal/contacts"

// maxWarnings is how many cell warnings report.html lists; the warnings
// file has them all.
const maxWarnings = 10

// warningList is the few cell warnings report.html shows under the count.
type warningList struct {
	Where string   // which file lists them all
	Shown string   // "The first 10 are below", when there are more
	Heads []string // column headings
	Rows  []warningRow
}

type warningRow struct{ File, Line, Column, Problem, Value, Detail string }

func warnings(s contacts.Summary, t *tr) warningList {
	var l warningList
	if s.WarningsFile != "" {
		l.Where = t.with("report.warnings.file", map[string]any{"File": s.WarningsFile})
	}
	ws := s.FirstWarnings[:min(len(s.FirstWarnings), maxWarnings)]
	if len(ws) == 0 {
		return l
	}
	if s.Warnings > len(ws) {
		l.Shown = t.n("report.warnings.shown", len(ws))
	}
	for _, k := range []string{"file", "line", "column", "problem", "value", "detail"} {
		l.Heads = append(l.Heads, t.t("warnings.header."+k))
	}
	for _, w := range ws {
		l.Rows = append(l.Rows, warningRow{File: w.File, Line: lineNumber(w.Line), Column: w.Column,
			Problem: t.or(w.Code, "esp.problem."+w.Code), Value: w.Value, Detail: w.Detail})
	}
	return l
}
