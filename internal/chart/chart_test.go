package chart

import (
	"encoding/xml"
	"errors"
	"flag"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var statuses = []Point{
	{"Documented", 5120, "s-documented"},
	{"Weak", 1830, "s-weak"},
	{"Missing", 2210, "s-missing"},
	{"Withdrawn", 640, "s-withdrawn"},
	{"Undeliverable", 190, "s-undeliverable"},
	{"Other basis", 10, "s-other_basis"},
}

var ages = []Point{
	{Label: "Under 1 year", Value: 1200}, {Label: "1–2 years", Value: 900}, {Label: "2–3 years", Value: 700},
	{Label: "3–5 years", Value: 1500}, {Label: "Over 5 years", Value: 2300}, {Label: "No date", Value: 3400},
}

const longLabel = "A very long source name that will never fit: newsletter footer form on the 2019 website <v2>"

func month(y, m int) time.Time { return time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }

func TestGolden(t *testing.T) {
	tests := []struct {
		name  string
		chart template.HTML
	}{
		{"bar_ages_en", Bar(Chart{Title: "Consent age", Desc: "Contacts by age of their consent.", Lang: "en"}, ages, Marker{Before: 3, Label: "3 years"})},
		{"bar_zero", Bar(Chart{Title: "Nothing yet", Lang: "en"}, []Point{{Label: "a"}, {Label: "b"}})},
		{"bar_empty", Bar(Chart{Title: "No points", Lang: "en"}, nil)},
		{"bar_one", Bar(Chart{Title: "One", Lang: "en", Width: 300}, []Point{{Label: "Only", Value: 1}})},
		{"bar_huge_fr", Bar(Chart{Title: "Énorme", Lang: "fr"}, []Point{{Label: "un", Value: 1.2e12}, {Label: "deux", Value: 345678901}})},
		{"bar_negative", Bar(Chart{Title: "Change", Lang: "en"}, []Point{{Label: "up", Value: 80}, {Label: "down", Value: -30}})},
		{"bar_long_labels", Bar(Chart{Title: "Long", Lang: "en", Width: 400}, []Point{{Label: longLabel, Value: 3}, {Label: "x", Value: 2}})},
		{"hbar_sources", HBar(Chart{Title: "Sources", Lang: "en"}, []Point{
			{Label: "web", Value: 4200}, {Label: longLabel, Value: 12000}, {Label: "import", Value: 4200}, {Label: "event", Value: 0},
		})},
		{"hbar_empty", HBar(Chart{Title: "No sources", Lang: "fr"}, nil)},
		{"donut_status_en", Donut(Chart{Title: "Status", Lang: "en"}, statuses)},
		{"donut_status_fr", Donut(Chart{Title: "Statut", Lang: "fr"}, statuses)},
		{"donut_zero", Donut(Chart{Title: "Empty", Lang: "en"}, []Point{{"Documented", 0, "s-documented"}, {"Weak", 0, "s-weak"}})},
		{"donut_one", Donut(Chart{Title: "All documented", Lang: "en"}, []Point{{"Documented", 42, "s-documented"}, {"Weak", 0, "s-weak"}})},
		{"stacked", StackedBar(Chart{Title: "email_marketing", Lang: "en"}, statuses)},
		{"stacked_compact", StackedBar(Chart{Title: "email_marketing", Lang: "en", Width: 200, Compact: true}, statuses)},
		{"stacked_zero", StackedBar(Chart{Title: "none", Lang: "en"}, nil)},
		{"line_months", Line(Chart{Title: "Campaign", Lang: "en"}, []Series{
			{Label: "Sent", Points: []TimePoint{{month(2024, 1), 1000}, {month(2024, 2), 1500}, {month(2024, 4), 1200}, {month(2024, 3), 1800}}},
			{Label: "Confirmed", Class: "s-documented", Points: []TimePoint{{month(2024, 1), 300}, {month(2024, 2), 500}, {month(2024, 3), 650}, {month(2024, 4), 700}}},
		})},
		{"line_one_point_fr", Line(Chart{Title: "Un point", Lang: "fr"}, []Series{{Label: "Envoyés", Points: []TimePoint{{month(2024, 5), 12345}}}})},
		{"line_empty", Line(Chart{Title: "Rien", Lang: "en"}, nil)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(tt.chart)
			checkSVG(t, got)
			path := filepath.Join("testdata", tt.name+".svg")
			if *update {
				if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got+"\n" != string(want) {
				t.Errorf("%s differs from the golden file; run go test -update and review the diff", tt.name)
			}
		})
	}
}

// checkSVG checks what every chart must have: well-formed XML, role="img",
// a title and a description.
func checkSVG(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	for {
		if _, err := d.Token(); err != nil {
			if !errors.Is(err, io.EOF) {
				t.Fatalf("not well-formed: %v", err)
			}
			break
		}
	}
	for _, want := range []string{`role="img"`, "<title id=", "<desc id=", `aria-labelledby="`} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s", want)
		}
	}
}

func TestEscapesText(t *testing.T) {
	evil := `<script>alert("x")</script>&`
	charts := []template.HTML{
		Bar(Chart{Title: evil, Desc: evil}, []Point{{Label: evil, Value: 1, Class: `"><script>`}}, Marker{Label: evil}),
		HBar(Chart{Title: evil}, []Point{{Label: evil, Value: 1}}),
		Donut(Chart{Title: evil}, []Point{{Label: evil, Value: 1}}),
		StackedBar(Chart{Title: evil}, []Point{{Label: evil, Value: 1}}),
		Line(Chart{Title: evil}, []Series{{Label: evil, Class: evil, Points: []TimePoint{{month(2024, 1), 1}}}}),
	}
	for i, c := range charts {
		s := string(c)
		checkSVG(t, s)
		if strings.Contains(s, "<script") {
			t.Errorf("chart %d lets <script> through", i)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := Donut(Chart{Title: "Status", Lang: "en"}, statuses)
	b := Donut(Chart{Title: "Status", Lang: "en"}, statuses)
	if a != b {
		t.Error("the same input gave two different charts")
	}
}

func TestLongLabelKeepsFullText(t *testing.T) {
	s := string(HBar(Chart{Title: "Sources", Width: 300}, []Point{{Label: "Short", Value: 1}, {Label: longLabel, Value: 2}}))
	if !strings.Contains(s, "<title>"+esc(longLabel)+"</title>") {
		t.Error("the full label is not kept in a <title>")
	}
	if !strings.Contains(s, "…") {
		t.Error("the long label is not cut")
	}
}
