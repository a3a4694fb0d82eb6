package report

import (
	"maps"
	"slices"

	"github.com/gdprkit/gdprkit/internal/contacts"
)

// fileRow is one line of the "files read" table.
type fileRow struct {
	Path      string
	Notes     []string // list name, status file
	Format    string
	Encoding  string
	Delimiter string
	Rows      string
	Rejected  string
	SHA       string // the first 12 hex digits
	SHAFull   string
}

func files(s contacts.Summary, t *tr) []fileRow {
	rows := make([]fileRow, 0, len(s.Files))
	for _, f := range s.Files {
		r := fileRow{
			Path: f.Path, Format: f.Format, Encoding: f.Encoding, Delimiter: delimiter(f.Delimiter, t),
			Rows: t.num(f.Rows), Rejected: t.num(f.Rejected), SHA: f.SHA256, SHAFull: f.SHA256,
		}
		if len(r.SHA) > 12 {
			r.SHA = r.SHA[:12] + "…"
		}
		if f.Rows == 0 {
			r.Notes = append(r.Notes, t.t("report.files.header_only"))
		}
		if f.List != "" {
			r.Notes = append(r.Notes, t.with("report.files.list", map[string]any{"List": f.List}))
		}
		if f.FileStatus != "" {
			r.Notes = append(r.Notes, t.with("report.files.status", map[string]any{"Status": f.FileStatus}))
		}
		for _, col := range slices.Sorted(maps.Keys(f.DateLayouts)) {
			r.Notes = append(r.Notes, t.with("report.files.dates", map[string]any{"Column": col, "Layouts": f.DateLayouts[col]}))
		}
		rows = append(rows, r)
	}
	return rows
}

// delimiter names a delimiter that would be invisible in a table.
func delimiter(d string, t *tr) string {
	switch d {
	case "\t", `\t`, "tab":
		return t.t("report.delimiter.tab")
	case "":
		return "—"
	}
	return d
}
