package chart

import "html/template"

// StackedBar draws one horizontal bar split into parts, such as the
// statuses of one purpose, with a legend of values and percentages below
// it. Compact draws the bar alone, for a table row that shows the numbers.
func StackedBar(c Chart, parts []Point) template.HTML {
	parts, total := positive(parts)
	w := c.Width
	if w <= 0 {
		w = 640
	}
	barH := 20.0
	items := legendFlow(c.Lang, parts, total, float64(w))
	h := int(barH + 4)
	if !c.Compact {
		h = int(barH + 12 + 20*float64(rows(items)) + 4)
	}
	w, h = c.size(w, h)
	if c.Compact {
		barH = float64(h) - 4
	}

	var s svg
	s.open("stacked", c, w, h, c.id("stacked", parts), listing(c.Lang, parts))
	x, full := 0.0, float64(w)
	if total == 0 {
		s.raw(`<rect x="0" y="2" width="` + num(full) + `" height="` + num(barH) + `" fill="` + empty + `"/>`)
	}
	for i, p := range parts {
		if p.Value == 0 {
			continue
		}
		class, fill := paint(p.Class, i)
		pw := p.Value / total * full
		s.rect(x, 2, pw, barH, class, fill, tip(c.Lang, p.Label, Number(c.Lang, p.Value), Percent(c.Lang, p.Value/total)))
		x += pw
	}
	if !c.Compact {
		s.legendFlow(items, 0, barH+12)
	}
	return s.html()
}

// legendItem is one entry of a legend laid out in rows.
type legendItem struct {
	x, row      float64
	shown, full string // "Label 12 (34%)", the label cut to fit in shown
	class, fill string
}

// legendFlow places "■ Label 12 (34%)" entries left to right, wrapping
// at width; a label too long for a whole row is cut, never its numbers.
func legendFlow(lang string, parts []Point, total, width float64) []legendItem {
	var items []legendItem
	x, row := 0.0, 0.0
	for i, p := range parts {
		class, fill := paint(p.Class, i)
		value := " " + Number(lang, p.Value) + " (" + Percent(lang, share(p.Value, total)) + ")"
		short, _ := fit(p.Label, width-18-textWidth(value))
		iw := 18 + textWidth(short+value) + 16
		if x > 0 && x+iw > width {
			x, row = 0, row+1
		}
		items = append(items, legendItem{x: x, row: row, shown: short + value, full: p.Label + value, class: class, fill: fill})
		x += iw
	}
	return items
}

func rows(items []legendItem) int {
	if len(items) == 0 {
		return 0
	}
	return int(items[len(items)-1].row) + 1
}

// legendFlow draws the items from (left, top).
func (s *svg) legendFlow(items []legendItem, left, top float64) {
	for _, it := range items {
		x, y := left+it.x, top+it.row*20+10
		s.rect(x, y-10, 12, 12, it.class, it.fill, it.full)
		s.textTitled(x+18, y, "", `fill="`+ink+`"`, it.shown, it.full)
	}
}
