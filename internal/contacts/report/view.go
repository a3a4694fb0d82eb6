package report

import (
	"html/template"
	"sort"

	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// view is everything report.html shows, already translated and formatted;
// the template only lays it out.
type view struct {
	Lang        string
	CSS         template.CSS
	Generated   string
	Figures     []figure
	Warnings    string
	WarningList warningList
	HeaderOnly  []string // "FILE: header only, no rows", per file without rows
	StatusChart template.HTML
	Statuses    []statusRow
	StatusHeads []string
	Purposes    []purposeRow
	AgeChart    template.HTML
	AgeOver3    string
	SourceChart template.HTML
	Reasons     []reasonRow
	Files       []fileRow
	Next        []step
}

type figure struct{ Label, Value, Note string }

type statusRow struct{ Class, Label, Count, Share, Explain string }

type purposeRow struct {
	Label  string
	Counts []string
	Total  string
	Chart  template.HTML
}

type reasonRow struct{ Code, Label, Count, Explain string }

// step is one "what to do next" action with the number it concerns.
type step struct {
	Title, Text, Count string
	Done               bool // nothing to do
}

// maxReasons and maxSources keep the lists readable; the JSON has them all.
const (
	maxReasons = 10
	maxSources = 10
)

func newView(s contacts.Summary, t *tr) view {
	s = normalize(s)
	v := view{Lang: t.lang, Figures: figures(s, t), Next: nextSteps(s, t)}
	if !s.GeneratedAt.IsZero() {
		v.Generated = t.with("report.generated", map[string]any{
			"Date": chart.Date(t.lang, s.GeneratedAt), "Time": s.GeneratedAt.Format("15:04"),
		})
	}
	if s.Warnings > 0 {
		v.Warnings = t.n("report.figures.warnings", s.Warnings)
		v.WarningList = warnings(s, t)
	}
	for _, f := range s.Files {
		if f.Rows == 0 {
			v.HeaderOnly = append(v.HeaderOnly, t.with("report.files.header_only_note", map[string]any{"File": f.Path}))
		}
	}
	v.StatusChart, v.Statuses = statuses(s, t)
	v.StatusHeads, v.Purposes = purposes(s, t)
	v.AgeChart, v.AgeOver3 = ages(s, t)
	v.SourceChart = sources(s, t)
	v.Reasons = reasons(s, t)
	v.Files = files(s, t)
	return v
}

func figures(s contacts.Summary, t *tr) []figure {
	return []figure{
		{t.t("report.figures.contacts"), t.num(s.TotalContacts), t.n("report.figures.contacts_note", s.RowsRead)},
		{t.t("report.figures.documented"), chart.Percent(t.lang, s.DocumentedShare),
			t.n("report.figures.documented_note", s.ByStatus[contacts.Documented])},
		{t.t("report.figures.repermission"), t.num(s.RepermissionSegment), t.t("report.figures.repermission_note")},
		{t.t("report.figures.rejected"), t.num(s.RejectedRows), t.t("report.figures.rejected_note")},
		{t.t("report.figures.merged"), t.num(s.DuplicatesMerged), t.t("report.figures.merged_note")},
		{t.t("report.figures.likely"), t.num(s.LikelyDuplicates), t.t("report.figures.likely_note")},
	}
}

// statusClass is the CSS class of a status in charts and tables.
func statusClass(st contacts.Status) string { return "s-" + string(st) }

func statuses(s contacts.Summary, t *tr) (template.HTML, []statusRow) {
	var rows []statusRow
	var points []chart.Point
	for _, st := range contacts.Statuses {
		n := s.ByStatus[st]
		label := t.t(st.LabelKey())
		points = append(points, chart.Point{Label: label, Value: float64(n), Class: statusClass(st)})
		rows = append(rows, statusRow{
			Class: statusClass(st), Label: label, Count: t.num(n),
			Share:   chart.Percent(t.lang, share(n, s.TotalContacts)),
			Explain: t.t(st.LabelKey() + ".explain"),
		})
	}
	c := chart.Chart{Title: t.t("report.status.chart_title"), Desc: t.t("report.status.chart_desc"), Lang: t.lang}
	return chart.Donut(c, points), rows
}

func purposes(s contacts.Summary, t *tr) ([]string, []purposeRow) {
	heads := make([]string, len(contacts.Statuses))
	for i, st := range contacts.Statuses {
		heads[i] = t.t(st.LabelKey())
	}
	var rows []purposeRow
	for _, p := range s.ByPurpose {
		label := contacts.PurposeLabel(t.lang, p.Purpose)
		row := purposeRow{Label: label}
		var points []chart.Point
		total := 0
		for i, st := range contacts.Statuses {
			n := p.ByStatus[st]
			total += n
			row.Counts = append(row.Counts, t.num(n))
			points = append(points, chart.Point{Label: heads[i], Value: float64(n), Class: statusClass(st)})
		}
		row.Total = t.num(total)
		title := t.with("report.purpose.chart_title", map[string]any{"Purpose": label})
		row.Chart = chart.StackedBar(chart.Chart{Title: title, Lang: t.lang, Width: 160, Height: 18, Compact: true}, points)
		rows = append(rows, row)
	}
	return heads, rows
}

// ages draws the consent-age buckets in their fixed order, with the
// three-year marker before the first bucket past three years.
func ages(s contacts.Summary, t *tr) (template.HTML, string) {
	counts := map[string]int{}
	for _, c := range s.ConsentAge {
		counts[c.Key] += c.Count
	}
	var points []chart.Point
	marker := chart.Marker{Label: t.t("report.age.marker")}
	for i, b := range contacts.AgeBuckets {
		if b == contacts.Age3to5 {
			marker.Before = i
		}
		points = append(points, chart.Point{Label: t.t("age." + b), Value: float64(counts[b])})
	}
	c := chart.Chart{Title: t.t("report.age.chart_title"), Desc: t.t("report.age.chart_desc"), Lang: t.lang}
	over := counts[contacts.Age3to5] + counts[contacts.AgeOver5]
	return chart.Bar(c, points, marker), t.n("report.age.over_3y", over)
}

// sources ranks the consent channels; past maxSources the rest are summed
// as "Other sources".
func sources(s contacts.Summary, t *tr) template.HTML {
	if len(s.Sources) == 0 {
		return ""
	}
	var points []chart.Point
	other := 0
	for i, c := range sortedCounts(s.Sources) {
		if i >= maxSources-1 && len(s.Sources) > maxSources {
			other += c.Count
			continue
		}
		label := t.or(c.Key, "channel."+c.Key)
		points = append(points, chart.Point{Label: label, Value: float64(c.Count)})
	}
	if other > 0 {
		points = append(points, chart.Point{Label: t.t("report.sources.other"), Value: float64(other)})
	}
	c := chart.Chart{Title: t.t("report.sources.chart_title"), Desc: t.t("report.sources.chart_desc"), Lang: t.lang}
	return chart.HBar(c, points)
}

func reasons(s contacts.Summary, t *tr) []reasonRow {
	var rows []reasonRow
	for i, c := range sortedCounts(s.ByReason) {
		if i == maxReasons {
			break
		}
		r := contacts.Reason(c.Key)
		rows = append(rows, reasonRow{Code: c.Key, Label: t.t(r.LabelKey()), Count: t.num(c.Count), Explain: t.t(r.ExplainKey())})
	}
	return rows
}

// sortedCounts orders counts from the largest down, ties by key, without
// changing the caller's slice.
func sortedCounts(cs []contacts.Count) []contacts.Count {
	out := append([]contacts.Count(nil), cs...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

func share(n, total int) float64 {
	if total == 0 {
		return 0
	}
	return float64(n) / float64(total)
}
