package esp

import (
	"time"
)

// dateScanner reads the numeric date layouts exports use, left to right,
// without allocating: year-first (Mailchimp, HubSpot, Klaviyo, ISO 8601,
// Go's time.String in listmonk), day- or month-first (Brevo, Excel
// re-saves), and Unix epochs (HubSpot).
type dateScanner struct {
	s   string
	pos int
}

func (d *dateScanner) done() bool { return d.pos >= len(d.s) }

func (d *dateScanner) peek() byte {
	if d.done() {
		return 0
	}
	return d.s[d.pos]
}

// number reads between min and max digits.
func (d *dateScanner) number(minDigits, maxDigits int) (int, bool) {
	n, start := 0, d.pos
	for !d.done() && d.pos-start < maxDigits {
		c := d.s[d.pos]
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
		d.pos++
	}
	return n, d.pos-start >= minDigits
}

func (d *dateScanner) byte(c byte) bool {
	if d.peek() == c {
		d.pos++
		return true
	}
	return false
}

// oneOf reads one of the bytes in set and returns it, or 0.
func (d *dateScanner) oneOf(set string) byte {
	c := d.peek()
	for i := 0; i < len(set); i++ {
		if c == set[i] {
			d.pos++
			return c
		}
	}
	return 0
}

// clock reads H:MM[:SS[.fraction]] after a date.
func (d *dateScanner) clock(sh *dateShape) (h, m, s, ns int, ok bool) {
	if h, ok = d.number(1, 2); !ok || !d.byte(':') {
		return 0, 0, 0, 0, false
	}
	if m, ok = d.number(2, 2); !ok {
		return 0, 0, 0, 0, false
	}
	sh.clock = clockHM
	if !d.byte(':') {
		return h, m, 0, 0, h < 24 && m < 60
	}
	if s, ok = d.number(2, 2); !ok {
		return 0, 0, 0, 0, false
	}
	sh.clock = clockHMS
	if d.oneOf(".,") != 0 {
		ns, ok = d.fraction()
		sh.frac = true
	}
	return h, m, s, ns, ok && h < 24 && m < 60 && s < 60
}

// fraction reads fractional seconds as nanoseconds.
func (d *dateScanner) fraction() (int, bool) {
	ns, digits := 0, 0
	for ; !d.done() && d.s[d.pos] >= '0' && d.s[d.pos] <= '9'; d.pos++ {
		if digits < 9 {
			ns = ns*10 + int(d.s[d.pos]-'0')
			digits++
		}
	}
	if digits == 0 {
		return 0, false
	}
	for i := digits; i < 9; i++ {
		ns *= 10
	}
	return ns, true
}

// zone reads what may follow the time: nothing, Z, an offset (+01:00,
// +0100, +01), a zone name (UTC), or Go's "+0000 UTC" / "+0000 +0000"
// pair, with an optional " m=+0.001" monotonic reading. It returns the
// offset in seconds, and whether the value named a zone at all.
func (d *dateScanner) zone(sh *dateShape) (offset int, named, ok bool) {
	spaced := d.byte(' ')
	switch c := d.peek(); {
	case d.done():
		return 0, false, !spaced
	case c == 'Z' || c == 'z':
		d.pos++
		sh.zone = zoneZ
		return 0, true, d.done()
	case c == '+' || c == '-':
		if offset, ok = d.offset(sh); !ok {
			return 0, false, false
		}
		return offset, true, d.goSuffix(sh)
	case isLetter(c):
		sh.zone = zoneName
		return 0, true, d.utcName() && d.done()
	}
	return 0, false, false
}

// utcName reads UTC or GMT; another zone name would need a zone database
// and is refused rather than misread.
func (d *dateScanner) utcName() bool {
	if len(d.s)-d.pos < 3 {
		return false
	}
	name := d.s[d.pos : d.pos+3]
	d.pos += 3
	return name == "UTC" || name == "GMT"
}

// offset reads +hh:mm, +hhmm or +hh.
func (d *dateScanner) offset(sh *dateShape) (int, bool) {
	sign := 1
	if d.s[d.pos] == '-' {
		sign = -1
	}
	d.pos++
	h, ok := d.number(2, 2)
	if !ok {
		return 0, false
	}
	sh.zone = zoneHH
	m := 0
	if d.byte(':') {
		sh.zone = zoneHHColonMM
		if m, ok = d.number(2, 2); !ok {
			return 0, false
		}
	} else if n, ok := d.number(2, 2); ok {
		sh.zone, m = zoneHHMM, n
	}
	if h > 14 || m > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60), true
}

// goSuffix accepts what Go's time.String writes after a +hhmm offset: an
// upper-case zone abbreviation or the offset again, then perhaps a
// monotonic clock reading.
func (d *dateScanner) goSuffix(sh *dateShape) bool {
	if d.done() {
		return true
	}
	if sh.zone != zoneHHMM || !d.byte(' ') {
		return false
	}
	switch c := d.peek(); {
	case c == '+' || c == '-':
		var scratch dateShape
		if _, ok := d.offset(&scratch); !ok {
			return false
		}
	case c >= 'A' && c <= 'Z':
		d.abbreviation()
	default:
		return false
	}
	sh.zone = zoneGo
	if d.done() {
		return true
	}
	return len(d.s)-d.pos > 3 && d.s[d.pos:d.pos+3] == " m="
}

// abbreviation reads a zone abbreviation such as CET or CEST.
func (d *dateScanner) abbreviation() {
	for !d.done() && d.s[d.pos] >= 'A' && d.s[d.pos] <= 'Z' {
		d.pos++
	}
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }

// ampm reads an optional " AM" / " PM" and adjusts h.
func (d *dateScanner) ampm(h int, sh *dateShape) (int, bool) {
	save := d.pos
	d.byte(' ')
	if len(d.s)-d.pos != 2 || (d.s[d.pos+1] != 'M' && d.s[d.pos+1] != 'm') {
		d.pos = save
		return h, true
	}
	pm := d.s[d.pos] == 'P' || d.s[d.pos] == 'p'
	if !pm && d.s[d.pos] != 'A' && d.s[d.pos] != 'a' || h < 1 || h > 12 {
		return 0, false
	}
	d.pos += 2
	sh.ampm = true
	if h == 12 {
		h = 0
	}
	if pm {
		h += 12
	}
	return h, true
}

// validDate reports whether y-m-d exists.
func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= daysIn(m, y)
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// clockTime builds the instant: with an offset it is converted to UTC,
// without one it is read in loc.
func clockTime(y, mo, d, h, mi, s, ns, offset int, named bool, loc *time.Location) time.Time {
	if named {
		return time.Date(y, time.Month(mo), d, h, mi, s, ns, time.UTC).Add(-time.Duration(offset) * time.Second)
	}
	return time.Date(y, time.Month(mo), d, h, mi, s, ns, loc)
}
