package chart

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit/internal/locale"
)

// French typography separates thousands and the percent sign with a narrow
// no-break space (CLDR), so a number never breaks across lines.
const nnbsp = "\u202f"

// Number formats v for lang: "1,234.5" in English, "1 234,5" in French.
// Whole numbers get no decimals, others at most two.
func Number(lang string, v float64) string {
	if v == math.Trunc(v) {
		return Fixed(lang, v, 0)
	}
	s := Fixed(lang, v, 2)
	dec := decimalMark(lang)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, dec)
}

// Fixed formats v with exactly decimals digits after the decimal mark.
func Fixed(lang string, v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 && strings.Trim(s, "0.") != "" {
		b.WriteByte('-')
	}
	group := groupMark(lang)
	for i, d := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(d)
	}
	if frac != "" {
		b.WriteString(decimalMark(lang) + frac)
	}
	return b.String()
}

// Percent formats a share between 0 and 1 as a whole percentage: "34%" in
// English, "34 %" in French. A share that rounds to 0 or 100 without being
// exactly that says "<1%" or ">99%", so a small group never reads as none.
func Percent(lang string, share float64) string {
	sign := "%"
	if locale.Normalize(lang) == "fr" {
		sign = nnbsp + "%"
	}
	p := math.Round(share * 100)
	switch {
	case math.IsNaN(share):
		return "—"
	case share > 0 && p == 0:
		return "<1" + sign
	case share < 1 && p == 100:
		return ">99" + sign
	}
	return Fixed(lang, p, 0) + sign
}

func groupMark(lang string) string {
	if locale.Normalize(lang) == "fr" {
		return nnbsp
	}
	return ","
}

func decimalMark(lang string) string {
	if locale.Normalize(lang) == "fr" {
		return ","
	}
	return "."
}

var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
}

var shortMonths = map[string][12]string{
	"en": {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	"fr": {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
}

// Date formats the day of t: "14 March 2024" or "14 mars 2024".
func Date(lang string, t time.Time) string {
	l := locale.Normalize(lang)
	return itoa(t.Day()) + " " + months[l][t.Month()-1] + " " + itoa(t.Year())
}

// dayLabel is a short day: "14 Mar", "14 mars".
func dayLabel(lang string, t time.Time) string {
	return itoa(t.Day()) + " " + shortMonths[locale.Normalize(lang)][t.Month()-1]
}

// monthLabel is a short month: "Mar 2024", "mars 2024".
func monthLabel(lang string, t time.Time) string {
	return shortMonths[locale.Normalize(lang)][t.Month()-1] + " " + itoa(t.Year())
}

func itoa(i int) string { return strconv.Itoa(i) }
