package register

import (
	"io"
	"strconv"
	"strings"

	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/spreadsheet"
)

// table is a flat export: a header and rows, written as CSV or as one
// XLSX sheet.
type table struct {
	sheet  string
	header []string
	widths []float64
	rows   [][]string
}

func csvOptions(lang string) spreadsheet.CSVOptions {
	if lang == "fr" {
		return spreadsheet.ExcelFR
	}
	return spreadsheet.CSVOptions{BOM: true}
}

func (tb table) writeCSV(w io.Writer, lang string) error {
	cw := spreadsheet.NewCSV(w, csvOptions(lang))
	if err := cw.Write(tb.header); err != nil {
		return err
	}
	for _, r := range tb.rows {
		if err := cw.Write(r); err != nil {
			return err
		}
	}
	return cw.Flush()
}

func (tb table) writeXLSX(w io.Writer) error {
	x := spreadsheet.NewXLSX(w)
	if err := x.Sheet(tb.sheet, tb.header, tb.widths); err != nil {
		return err
	}
	for _, r := range tb.rows {
		if err := x.Row(r); err != nil {
			return err
		}
	}
	return x.Close()
}

// activityTable is one line per activity: the record at a glance.
func activityTable(s *Snapshot, lang string) table {
	t := tr{lang}
	tb := table{sheet: t.t("sheet.register"), widths: []float64{10, 28, 14, 50, 20, 40, 30, 40, 40, 14, 12, 50}}
	for _, k := range []string{"ref", "activity", "role", "purpose", "legal_basis", "data", "subjects", "recipients", "transfers",
		"dpia", "completeness", "gaps"} {
		tb.header = append(tb.header, t.t("col."+k))
	}
	for _, av := range s.Activities {
		tb.rows = append(tb.rows, activityLine(t, s, av))
	}
	return tb
}

func activityLine(t tr, s *Snapshot, av ActivityView) []string {
	a := av.Activity
	var data, subjects, recips, transfers, gaps []string
	for _, d := range a.Data {
		line := Label(t.lang, "data_category", d.Category)
		if r := RetentionText(t.lang, d.Retention); r != "" {
			line += " (" + r + ")"
		}
		data = append(data, line)
	}
	for _, g := range a.Subjects {
		subjects = append(subjects, Label(t.lang, "subject", g.Kind))
	}
	names := vendorNames(s)
	for _, r := range a.Recipients {
		if r.Kind == "vendor" {
			recips = append(recips, names[r.VendorID])
		} else {
			recips = append(recips, r.Name)
		}
	}
	for _, x := range av.Transfers {
		transfers = append(transfers, x.Recipient+" → "+x.Country+" ("+Label(t.lang, "mechanism", x.Mechanism)+")")
	}
	for _, g := range av.Completeness.Gaps {
		if g.Mandatory {
			gaps = append(gaps, ExplainGap(t.lang, g))
		}
	}
	return []string{a.Ref, a.Name, Label(t.lang, "activity_role", a.Role), a.Purpose, basisLabel(t.lang, a.LegalBasis),
		strings.Join(data, "\n"), strings.Join(subjects, listSep), strings.Join(recips, listSep), strings.Join(transfers, "\n"),
		Label(t.lang, "dpia_verdict", av.DPIA.Verdict), strconv.Itoa(av.Completeness.Percent) + " %", strings.Join(gaps, "\n")}
}

// methodTable is one line per finding of each collection method, the
// most serious methods first: a to-do list for the marketing team.
func methodTable(s *Snapshot, lang string) table {
	t := tr{lang}
	tb := table{sheet: t.t("sheet.methods"), widths: []float64{28, 18, 14, 20, 20, 16, 16, 80, 40}}
	for _, k := range []string{"method", "method_kind", "audience", "legal_basis", "provider", "verdict", "action", "explanation", "references"} {
		tb.header = append(tb.header, t.t("col."+k))
	}
	ms := append([]MethodView(nil), s.Methods...)
	SortByVerdict(ms)
	for _, mv := range ms {
		m := mv.Method
		provider := ""
		if mv.Provider != nil {
			provider = mv.Provider.Name
		}
		for _, f := range mv.Check.Findings {
			tb.rows = append(tb.rows, []string{m.Name, Label(lang, "method_kind", m.Kind), Label(lang, "audience", m.Audience),
				basisLabel(lang, m.LegalBasis), provider, Label(lang, "verdict", mv.Check.Verdict), Label(lang, "action", f.Action),
				ExplainFinding(lang, f), References(lang, f.Refs)})
		}
	}
	return tb
}

// WriteActivitiesCSV writes the one-line-per-activity summary as CSV.
func WriteActivitiesCSV(w io.Writer, s *Snapshot, lang string) error {
	lang = locale.Normalize(lang)
	return activityTable(s, lang).writeCSV(w, lang)
}

// WriteMethodsCSV writes the collection-method findings as CSV.
func WriteMethodsCSV(w io.Writer, s *Snapshot, lang string) error {
	lang = locale.Normalize(lang)
	return methodTable(s, lang).writeCSV(w, lang)
}

// WriteMethodsXLSX writes the collection-method findings as one sheet.
func WriteMethodsXLSX(w io.Writer, s *Snapshot, lang string) error {
	return methodTable(s, locale.Normalize(lang)).writeXLSX(w)
}
