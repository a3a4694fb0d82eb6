package chart

import (
	"html/template"
	"sort"
)

// HBar draws horizontal bars ranked from the largest value down, each with
// its label on the left and its value at its end: sources, reasons. Ties
// keep the caller's order.
func HBar(c Chart, points []Point) template.HTML {
	ranked := append([]Point(nil), points...)
	for i := range ranked {
		ranked[i].Value = finite(ranked[i].Value)
	}
	sort.SliceStable(ranked, func(i, j int) bool { return ranked[i].Value > ranked[j].Value })
	const rowH, pad = 26.0, 6.0
	w, h := c.size(640, int(2*pad+rowH*float64(max(len(ranked), 1))))

	lo, hi, labelW, valueW := 0.0, 0.0, 0.0, 0.0
	for _, p := range ranked {
		lo, hi = min(lo, p.Value), max(hi, p.Value)
		labelW = max(labelW, textWidth(p.Label))
		valueW = max(valueW, boldWidth(Number(c.Lang, p.Value)))
	}
	if hi == lo {
		hi = lo + 1
	}
	labelW = min(labelW+4, float64(w)*0.38)
	if c.Compact {
		valueW = 0
	}
	x := linear{lo, hi, labelW + 10, float64(w) - valueW - 10}

	var s svg
	s.open("hbar", c, w, h, c.id("hbar", ranked), listing(c.Lang, ranked))
	for i, p := range ranked {
		y := pad + float64(i)*rowH
		class, fill := paint(p.Class, 0)
		x0, x1 := x.at(0), x.at(p.Value)
		s.rect(min(x0, x1), y+4, abs(x1-x0), rowH-8, class, fill, tip(c.Lang, p.Label, Number(c.Lang, p.Value), ""))
		s.label(labelW, y+rowH/2+4, "end", `fill="`+ink+`"`, p.Label, labelW)
		if !c.Compact {
			s.text(max(x0, x1)+6, y+rowH/2+4, "", `fill="`+ink+`" font-weight="600"`, Number(c.Lang, p.Value))
		}
	}
	s.line(x.at(0), pad, x.at(0), pad+rowH*float64(len(ranked)), `stroke="`+muted+`"`)
	return s.html()
}
