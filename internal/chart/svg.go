package chart

import (
	"html"
	"html/template"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gdprkit/gdprkit/internal/locale"
)

const (
	fontSize  = 12
	charWidth = 6.8 // average advance of a 12 px sans-serif character
)

// svg accumulates the markup of one chart.
type svg struct {
	b strings.Builder
}

// open writes the root element with its accessible name and description.
func (s *svg) open(kind string, c Chart, w, h int, id, summary string) {
	desc := c.Desc
	if desc == "" {
		desc = summary
	}
	s.b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-` + kind + `" role="img"`)
	s.b.WriteString(` aria-labelledby="` + id + `-title ` + id + `-desc"`)
	s.b.WriteString(` viewBox="0 0 ` + itoa(w) + " " + itoa(h) + `" width="` + itoa(w) + `" height="` + itoa(h) + `"`)
	s.b.WriteString(` font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="` + itoa(fontSize) + `">`)
	s.b.WriteString(`<title id="` + id + `-title">` + esc(c.Title) + `</title>`)
	s.b.WriteString(`<desc id="` + id + `-desc">` + esc(desc) + `</desc>`)
}

// html closes the root and returns the chart. Every piece of text in it
// went through esc, which is what makes the conversion safe.
func (s *svg) html() template.HTML {
	s.b.WriteString("</svg>")
	return template.HTML(s.b.String()) // #nosec G203 -- built from escaped text only
}

func (s *svg) raw(markup string) { s.b.WriteString(markup) }

// text writes a value or any text that must show in full.
func (s *svg) text(x, y float64, anchor, attrs, str string) {
	s.textTitled(x, y, anchor, attrs, str, str)
}

// label writes a label that fits in room pixels: a longer one is cut with
// an ellipsis and keeps its full text in a <title> tooltip.
func (s *svg) label(x, y float64, anchor, attrs, str string, room float64) {
	short, _ := fit(str, room)
	s.textTitled(x, y, anchor, attrs, short, str)
}

// textTitled writes shown, with full as a tooltip when they differ.
func (s *svg) textTitled(x, y float64, anchor, attrs, shown, full string) {
	s.b.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `"`)
	if anchor != "" {
		s.b.WriteString(` text-anchor="` + anchor + `"`)
	}
	if attrs != "" {
		s.b.WriteString(" " + attrs)
	}
	s.b.WriteString(">")
	if shown != full {
		s.b.WriteString("<title>" + esc(full) + "</title>")
	}
	s.b.WriteString(esc(shown) + "</text>")
}

// mark writes a rect or path with a class, a default fill and a tooltip.
func (s *svg) mark(elem, geometry, class, fill, tip string) {
	s.b.WriteString("<" + elem + " " + geometry + ` class="` + class + `" fill="` + fill + `">`)
	s.b.WriteString("<title>" + esc(tip) + "</title></" + elem + ">")
}

func (s *svg) rect(x, y, w, h float64, class, fill, tip string) {
	geo := `x="` + num(x) + `" y="` + num(y) + `" width="` + num(w) + `" height="` + num(h) + `"`
	s.mark("rect", geo, class, fill, tip)
}

func (s *svg) line(x1, y1, x2, y2 float64, attrs string) {
	s.b.WriteString(`<line x1="` + num(x1) + `" y1="` + num(y1) + `" x2="` + num(x2) + `" y2="` + num(y2) + `" ` + attrs + "/>")
}

// fit cuts label to the characters that fit in room pixels, keeping at
// least one character and the ellipsis.
func fit(label string, room float64) (string, bool) {
	n := max(int(room/charWidth), 2)
	if utf8.RuneCountInString(label) <= n {
		return label, false
	}
	r := []rune(label)
	return strings.TrimRight(string(r[:n-1]), " ") + "…", true
}

// textWidth estimates the width of a label in pixels.
func textWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) * charWidth }

// boldWidth estimates the width of a value written in bold.
func boldWidth(s string) float64 { return textWidth(s) * 1.15 }

// esc escapes text for SVG inside HTML or on its own, and drops control
// characters, which XML cannot carry.
func esc(s string) string {
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError:
			return -1
		}
		return r
	}, s)
	return html.EscapeString(s)
}

// num formats a coordinate with at most one decimal.
func num(v float64) string {
	return strconv.FormatFloat(float64(int64(v*10+copysignHalf(v)))/10, 'f', -1, 64)
}

func copysignHalf(v float64) float64 {
	if v < 0 {
		return -0.5
	}
	return 0.5
}

// tip is the tooltip of a mark: "Label: 1,234 (56%)".
func tip(lang, label, value, share string) string {
	if share == "" {
		return label + colon(lang) + value
	}
	return label + colon(lang) + value + " (" + share + ")"
}

// semicolon separates the items of a listing, with a no-break space
// before it in French.
func semicolon(lang string) string {
	if locale.Normalize(lang) == "fr" {
		return "\u00a0; "
	}
	return "; "
}

// colon separates a label from its value: French sets a no-break space
// before the colon ("Label : 12").
func colon(lang string) string {
	if locale.Normalize(lang) == "fr" {
		return "\u00a0: "
	}
	return ": "
}

// listing describes values in words, for charts without a description.
func listing(lang string, points []Point) string {
	parts := make([]string, len(points))
	for i, p := range points {
		parts[i] = p.Label + colon(lang) + Number(lang, finite(p.Value))
	}
	return strings.Join(parts, semicolon(lang))
}
