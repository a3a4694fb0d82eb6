package chart

import (
	"html/template"
	"math"
)

// Donut draws parts of a whole as a ring, with the total in the middle
// and a legend giving each part's label, value and percentage. Negative
// values count as zero; when every value is zero the ring is drawn empty.
func Donut(c Chart, parts []Point) template.HTML {
	const rowH = 22.0
	parts, total := positive(parts)
	h := max(200, int(rowH*float64(len(parts))+24))
	r := math.Min(float64(h), 220)/2 - 10
	w := 480
	if c.Compact {
		w = int(2*r + 20)
	}
	w, h = c.size(w, h)
	r = math.Min(r, float64(min(w, h))/2-10)
	cx, cy, ri := r+10, float64(h)/2, r*0.58

	var s svg
	s.open("donut", c, w, h, c.id("donut", parts), listing(c.Lang, parts))
	s.ring(c.Lang, parts, total, cx, cy, r, ri)
	s.text(cx, cy+7, "middle", `fill="`+ink+`" font-size="20" font-weight="600"`, Number(c.Lang, total))
	if !c.Compact {
		y := cy - rowH*float64(len(parts))/2 + rowH/2
		s.legendColumn(c.Lang, parts, total, cx+r+24, y, float64(w)-4, rowH)
	}
	return s.html()
}

// ring draws one arc per part, clockwise from the top.
func (s *svg) ring(lang string, parts []Point, total, cx, cy, r, ri float64) {
	if total == 0 {
		s.raw(`<path d="` + ringPath(cx, cy, r, ri) + `" fill-rule="evenodd" fill="` + empty + `"/>`)
		return
	}
	a := 0.0
	for i, p := range parts {
		if p.Value == 0 {
			continue
		}
		share := p.Value / total
		class, fill := paint(p.Class, i)
		d := ringPath(cx, cy, r, ri)
		if share < 1 {
			d = arcPath(cx, cy, r, ri, a, a+share*2*math.Pi)
		}
		s.mark("path", `d="`+d+`" fill-rule="evenodd"`, class, fill, tip(lang, p.Label, Number(lang, p.Value), Percent(lang, share)))
		a += share * 2 * math.Pi
	}
}

// legendColumn lists parts one under the other: swatch, label, then value
// and percentage aligned on the right edge.
func (s *svg) legendColumn(lang string, parts []Point, total, x, y, right, rowH float64) {
	for i, p := range parts {
		class, fill := paint(p.Class, i)
		value := Number(lang, p.Value) + " (" + Percent(lang, share(p.Value, total)) + ")"
		s.rect(x, y-10, 12, 12, class, fill, tip(lang, p.Label, value, ""))
		s.label(x+18, y, "", `fill="`+ink+`"`, p.Label, right-x-18-textWidth(value)-10)
		s.text(right, y, "end", `fill="`+ink+`" font-weight="600"`, value)
		y += rowH
	}
}

// positive returns the parts with negative and non-finite values set to
// zero, and their total.
func positive(parts []Point) ([]Point, float64) {
	out := make([]Point, len(parts))
	total := 0.0
	for i, p := range parts {
		p.Value = max(finite(p.Value), 0)
		total += p.Value
		out[i] = p
	}
	return out, total
}

func share(v, total float64) float64 {
	if total == 0 {
		return 0
	}
	return v / total
}

// point returns the point at angle a (radians, clockwise from the top).
func point(cx, cy, r, a float64) string {
	return num(cx+r*math.Sin(a)) + " " + num(cy-r*math.Cos(a))
}

// arcPath is the ring segment between angles a0 and a1.
func arcPath(cx, cy, r, ri, a0, a1 float64) string {
	large := "0"
	if a1-a0 > math.Pi {
		large = "1"
	}
	R, Ri := num(r), num(ri)
	return "M" + point(cx, cy, r, a0) + "A" + R + " " + R + " 0 " + large + " 1 " + point(cx, cy, r, a1) +
		"L" + point(cx, cy, ri, a1) + "A" + Ri + " " + Ri + " 0 " + large + " 0 " + point(cx, cy, ri, a0) + "Z"
}

// ringPath is a whole ring: two circles, the inner one cut out by the
// even-odd rule. One arc cannot close on itself, so each circle is two.
func ringPath(cx, cy, r, ri float64) string {
	circle := func(r float64) string {
		R := num(r)
		return "M" + point(cx, cy, r, 0) + "A" + R + " " + R + " 0 1 1 " + point(cx, cy, r, math.Pi) +
			"A" + R + " " + R + " 0 1 1 " + point(cx, cy, r, 0) + "Z"
	}
	return circle(r) + circle(ri)
}
