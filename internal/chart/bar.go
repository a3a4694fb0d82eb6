package chart

import "html/template"

// Bar draws vertical bars, one per point, on a value axis with 1-2-5
// ticks, each bar labelled with its value. Markers draw a dashed line
// between two bars, such as the three-year limit on consent ages.
func Bar(c Chart, points []Point, markers ...Marker) template.HTML {
	w, h := c.size(640, 280)
	values := make([]float64, len(points))
	for i, p := range points {
		values[i] = finite(p.Value)
	}
	ax := niceAxis(values, 5)
	top, bottom := 18.0, 26.0
	if len(markers) > 0 {
		top += 14
	}
	left, right := axisWidth(c.Lang, ax)+10, 8.0
	y := linear{ax.lo, ax.hi, float64(h) - bottom, top}

	var s svg
	s.open("bar", c, w, h, c.id("bar", points), listing(c.Lang, points))
	s.yAxis(c.Lang, ax, y, left, float64(w)-right)
	slot := (float64(w) - left - right) / float64(max(len(points), 1))
	for i, p := range points {
		x := left + float64(i)*slot
		s.bar(c, p, i, values[i], x, slot, y)
		s.label(x+slot/2, float64(h)-bottom+16, "middle", `fill="`+ink+`"`, p.Label, slot-4)
	}
	for _, m := range markers {
		s.marker(m, left+float64(m.Before)*slot, top, float64(h)-bottom, float64(w))
	}
	return s.html()
}

// bar draws one bar in its slot, with its value above it (below when
// negative).
func (s *svg) bar(c Chart, p Point, i int, v, x, slot float64, y linear) {
	class, fill := paint(p.Class, 0)
	y0, y1 := y.at(0), y.at(v)
	bw := slot * 0.64
	s.rect(x+(slot-bw)/2, min(y0, y1), bw, abs(y1-y0), class, fill, tip(c.Lang, p.Label, Number(c.Lang, v), ""))
	if c.Compact {
		return
	}
	ly := y1 - 5
	if v < 0 {
		ly = y1 + 14
	}
	s.text(x+slot/2, ly, "middle", `fill="`+ink+`" font-weight="600"`, Number(c.Lang, v))
}

// yAxis draws horizontal grid lines with their tick labels, and the zero
// line darker.
func (s *svg) yAxis(lang string, ax axis, y linear, x0, x1 float64) {
	for _, t := range ax.ticks {
		yy := y.at(t)
		stroke := grid
		if t == 0 {
			stroke = muted
		}
		s.line(x0, yy, x1, yy, `stroke="`+stroke+`"`)
		s.text(x0-6, yy+4, "end", `fill="`+muted+`"`, Fixed(lang, t, ax.decimals))
	}
}

// marker draws a dashed vertical line at x with its label at the top.
func (s *svg) marker(m Marker, x, top, base, width float64) {
	s.line(x, top-12, x, base, `stroke="`+ink+`" stroke-dasharray="4 3"`)
	if x+6+textWidth(m.Label) <= width {
		s.text(x+5, top-4, "", `fill="`+ink+`"`, m.Label)
		return
	}
	s.label(x-5, top-4, "end", `fill="`+ink+`"`, m.Label, x-6)
}

// axisWidth is the room taken by the widest tick label.
func axisWidth(lang string, ax axis) float64 {
	wide := 0.0
	for _, t := range ax.ticks {
		wide = max(wide, textWidth(Fixed(lang, t, ax.decimals)))
	}
	return wide + 6
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
