package chart

import (
	"html/template"
	"sort"
	"strings"
	"time"
)

// Line draws series over time: dates on the x axis (days, weeks, months or
// years, whichever fits), values on a 1-2-5 axis. Each series has its own
// marker shape as well as its colour, and its last value written at its
// end, so series are told apart without colour.
func Line(c Chart, series []Series) template.HTML {
	series = sortedSeries(series)
	lo, hi, values := timeRange(series)
	ax := niceAxis(values, 5)
	left, right := axisWidth(c.Lang, ax)+10, 16.0
	w, _ := c.size(640, 0)
	var legend []legendItem
	if !c.Compact {
		right += endLabelWidth(c.Lang, series)
		legend = seriesLegend(series, float64(w)-left)
	}
	_, h := c.size(w, 300+20*rows(legend))
	top, bottom := 12.0, 26.0+20*float64(rows(legend))
	x := linear{float64(lo.Unix()), float64(hi.Unix()), left, float64(w) - right}
	y := linear{ax.lo, ax.hi, float64(h) - bottom, top}

	var s svg
	s.open("line", c, w, h, c.id("line", series), lineListing(c.Lang, series))
	s.yAxis(c.Lang, ax, y, left, float64(w)-right)
	s.xAxis(c.Lang, lo, hi, x, float64(h)-bottom)
	for i, sr := range series {
		s.series(c, sr, i, x, y)
	}
	s.legendFlow(legend, left, float64(h)-20*float64(rows(legend)))
	return s.html()
}

// sortedSeries copies the series with their points in time order and
// non-finite values set to zero.
func sortedSeries(series []Series) []Series {
	out := make([]Series, len(series))
	for i, sr := range series {
		pts := append([]TimePoint(nil), sr.Points...)
		for j := range pts {
			pts[j].Value = finite(pts[j].Value)
		}
		sort.SliceStable(pts, func(a, b int) bool { return pts[a].At.Before(pts[b].At) })
		sr.Points = pts
		out[i] = sr
	}
	return out
}

// timeRange returns the first and last moments and every value. A single
// moment (or none) is widened by a day on each side.
func timeRange(series []Series) (time.Time, time.Time, []float64) {
	var lo, hi time.Time
	var values []float64
	for _, sr := range series {
		for _, p := range sr.Points {
			if lo.IsZero() || p.At.Before(lo) {
				lo = p.At
			}
			if hi.IsZero() || p.At.After(hi) {
				hi = p.At
			}
			values = append(values, p.Value)
		}
	}
	if lo.IsZero() {
		lo = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		hi = lo
	}
	if !hi.After(lo) {
		lo, hi = lo.AddDate(0, 0, -1), hi.AddDate(0, 0, 1)
	}
	return lo.UTC(), hi.UTC(), values
}

// xAxis draws date ticks under the plot.
func (s *svg) xAxis(lang string, lo, hi time.Time, x linear, base float64) {
	ticks, labels := timeTicks(lo, hi, max(2, int((x.b-x.a)/90)), lang)
	for i, t := range ticks {
		xx := x.at(float64(t.Unix()))
		s.line(xx, base, xx, base+4, `stroke="`+muted+`"`)
		s.text(xx, base+16, "middle", `fill="`+muted+`"`, labels[i])
	}
}

// series draws one line, its markers (each with a tooltip) and its last
// value.
func (s *svg) series(c Chart, sr Series, i int, x, y linear) {
	class, fill := paint(sr.Class, i)
	s.raw(`<g class="series ` + class + `" fill="` + fill + `" stroke="` + fill + `">`)
	if len(sr.Points) > 1 {
		pts := make([]string, len(sr.Points))
		for j, p := range sr.Points {
			pts[j] = num(x.at(float64(p.At.Unix()))) + "," + num(y.at(p.Value))
		}
		s.raw(`<polyline points="` + strings.Join(pts, " ") + `" fill="none" stroke-width="2"/>`)
	}
	for _, p := range sr.Points {
		t := sr.Label + ", " + Date(c.Lang, p.At) + colon(c.Lang) + Number(c.Lang, p.Value)
		s.shape(i, x.at(float64(p.At.Unix())), y.at(p.Value), t)
	}
	s.raw("</g>")
	if n := len(sr.Points); n > 0 && !c.Compact {
		last := sr.Points[n-1]
		s.text(x.at(float64(last.At.Unix()))+8, y.at(last.Value)+4, "", `fill="`+ink+`" font-weight="600"`, Number(c.Lang, last.Value))
	}
}

// shape draws the marker of series i at (x, y): circle, square, diamond or
// triangle, in turn.
func (s *svg) shape(i int, x, y float64, tip string) {
	var el string
	switch i % 4 {
	case 0:
		el = `<circle cx="` + num(x) + `" cy="` + num(y) + `" r="3.5" stroke="none">`
	case 1:
		el = `<rect x="` + num(x-3.5) + `" y="` + num(y-3.5) + `" width="7" height="7" stroke="none">`
	case 2:
		el = `<path d="M` + num(x) + " " + num(y-4.5) + "L" + num(x+4.5) + " " + num(y) + "L" + num(x) + " " + num(y+4.5) + "L" + num(x-4.5) + " " + num(y) + `Z" stroke="none">`
	default:
		el = `<path d="M` + num(x) + " " + num(y-4.5) + "L" + num(x+4.5) + " " + num(y+3.5) + "L" + num(x-4.5) + " " + num(y+3.5) + `Z" stroke="none">`
	}
	elem := el[1:strings.IndexByte(el, ' ')]
	s.raw(el + "<title>" + esc(tip) + "</title></" + elem + ">")
}

// seriesLegend lays out the series names as a legend.
func seriesLegend(series []Series, width float64) []legendItem {
	var items []legendItem
	x, row := 0.0, 0.0
	for i, sr := range series {
		class, fill := paint(sr.Class, i)
		short, _ := fit(sr.Label, width-18)
		iw := 18 + textWidth(short) + 16
		if x > 0 && x+iw > width {
			x, row = 0, row+1
		}
		items = append(items, legendItem{x: x, row: row, shown: short, full: sr.Label, class: class, fill: fill})
		x += iw
	}
	return items
}

// endLabelWidth is the room the last values need right of the plot.
func endLabelWidth(lang string, series []Series) float64 {
	wide := 0.0
	for _, sr := range series {
		if n := len(sr.Points); n > 0 {
			wide = max(wide, boldWidth(Number(lang, sr.Points[n-1].Value))+8)
		}
	}
	return wide
}

// lineListing describes the series in words: each one's first and last
// values.
func lineListing(lang string, series []Series) string {
	parts := make([]string, 0, len(series))
	for _, sr := range series {
		n := len(sr.Points)
		if n == 0 {
			parts = append(parts, sr.Label+colon(lang)+"—")
			continue
		}
		first, last := sr.Points[0], sr.Points[n-1]
		parts = append(parts, sr.Label+colon(lang)+Date(lang, first.At)+" "+Number(lang, first.Value)+
			" → "+Date(lang, last.At)+" "+Number(lang, last.Value))
	}
	return strings.Join(parts, semicolon(lang))
}
