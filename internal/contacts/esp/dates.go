package esp

import (
	"strings"
	"time"
)

// dateKind is a family of layouts, the unit cached per column.
type dateKind uint8

const (
	kindNone  dateKind = iota
	kindYMD            // 2023-03-14 09:12:45, ISO 8601, Go time.String
	kindDMY            // 14/03/2023 09:14, 14-03-2023, 03/14/2023 (order per column)
	kindEpoch          // 1678785242000
	kindText           // RFC 1123 and other layouts with month names
	numKinds
)

// Clock and zone shapes, to name the layout a value was read with.
const (
	clockNone uint8 = iota
	clockHM
	clockHMS
)

const (
	zoneNone uint8 = iota
	zoneZ
	zoneHH
	zoneHHMM
	zoneHHColonMM
	zoneName
	zoneGo // "+0000 UTC" or "+0000 +0000", as Go's time.String writes
)

// dateShape is how one value was written. It is compared to the column's
// last shape on every cell, so it stays small and comparable.
type dateShape struct {
	kind       dateKind
	sep        byte // between date parts
	tsep       byte // between date and time, 0 when there is no time
	clock      uint8
	zone       uint8
	frac       bool
	ampm       bool
	monthFirst bool
	year2      bool
	ms         bool // epoch in milliseconds
	text       int8 // index in textLayouts
}

// shapeSQL is "YYYY-MM-DD HH:MM:SS", which Mailchimp, Klaviyo and most
// databases write.
var shapeSQL = dateShape{kind: kindYMD, sep: '-', tsep: ' ', clock: clockHMS}

// parseYMD reads year-first dates, with or without time and zone.
func parseYMD(s string, loc *time.Location) (time.Time, dateShape, bool) {
	if t, ok := parseSQL(s, loc); ok {
		return t, shapeSQL, true
	}
	sh := dateShape{kind: kindYMD}
	d := dateScanner{s: s}
	y, ok := d.number(4, 4)
	if !ok {
		return time.Time{}, sh, false
	}
	if sh.sep = d.oneOf("-/."); sh.sep == 0 {
		return time.Time{}, sh, false
	}
	mo, ok1 := d.number(1, 2)
	sepOK := d.byte(sh.sep)
	day, ok2 := d.number(1, 2)
	if !ok1 || !sepOK || !ok2 || !validDate(y, mo, day) {
		return time.Time{}, sh, false
	}
	if d.done() {
		return time.Date(y, time.Month(mo), day, 0, 0, 0, 0, loc), sh, true
	}
	if sh.tsep = d.oneOf(" Tt"); sh.tsep == 0 {
		return time.Time{}, sh, false
	}
	h, mi, sec, ns, ok := d.clock(&sh)
	if !ok {
		return time.Time{}, sh, false
	}
	offset, named, ok := d.zone(&sh)
	return clockTime(y, mo, day, h, mi, sec, ns, offset, named, loc), sh, ok
}

// parseSQL reads "YYYY-MM-DD HH:MM:SS" at fixed positions: the layout of
// most cells, read without the general scanner.
func parseSQL(s string, loc *time.Location) (time.Time, bool) {
	if len(s) != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	y1, ok1 := digits2(s[0:2])
	y2, ok2 := digits2(s[2:4])
	mo, ok3 := digits2(s[5:7])
	d, ok4 := digits2(s[8:10])
	h, ok5 := digits2(s[11:13])
	mi, ok6 := digits2(s[14:16])
	sec, ok7 := digits2(s[17:19])
	y := y1*100 + y2
	digits := ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7
	if !digits || !validDate(y, mo, d) || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false
	}
	if loc == time.UTC {
		return time.Unix(unixDays(y, mo, d)*86400+int64(h*3600+mi*60+sec), 0).UTC(), true
	}
	return time.Date(y, time.Month(mo), d, h, mi, sec, 0, loc), true
}

// unixDays counts the days from 1970-01-01 to a valid date (Howard
// Hinnant's days_from_civil): cheaper than time.Date in UTC.
func unixDays(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era*146097 + doe - 719468)
}

func digits2(s string) (int, bool) {
	a, b := s[0]-'0', s[1]-'0'
	return int(a)*10 + int(b), a <= 9 && b <= 9
}

// parseDMY reads 14/03/2023, 14-03-2023 09:14, 3/14/23 9:14 AM. monthFirst
// is the column's order; a value that only makes sense the other way round
// is read that way, and its shape says so.
func parseDMY(s string, loc *time.Location, monthFirst bool) (time.Time, dateShape, bool) {
	sh := dateShape{kind: kindDMY}
	d := dateScanner{s: s}
	a, b, y, ok := d.dmyParts(&sh)
	if !ok {
		return time.Time{}, sh, false
	}
	day, mo := a, b
	if monthFirst {
		day, mo = b, a
	}
	sh.monthFirst = monthFirst
	if !validDate(y, mo, day) {
		day, mo, sh.monthFirst = mo, day, !monthFirst
		if !validDate(y, mo, day) {
			return time.Time{}, sh, false
		}
	}
	if d.done() {
		return time.Date(y, time.Month(mo), day, 0, 0, 0, 0, loc), sh, true
	}
	if sh.tsep = d.oneOf(" T"); sh.tsep == 0 {
		return time.Time{}, sh, false
	}
	h, mi, sec, ns, ok := d.clock(&sh)
	if ok {
		h, ok = d.ampm(h, &sh)
	}
	if !ok || !d.done() {
		return time.Time{}, sh, false
	}
	return time.Date(y, time.Month(mo), day, h, mi, sec, ns, loc), sh, true
}

// dmyParts reads the two leading numbers and the year of a day- or
// month-first date.
func (d *dateScanner) dmyParts(sh *dateShape) (a, b, y int, ok bool) {
	a, ok1 := d.number(1, 2)
	if sh.sep = d.oneOf("/.-"); !ok1 || sh.sep == 0 {
		return 0, 0, 0, false
	}
	b, ok2 := d.number(1, 2)
	if !ok2 || !d.byte(sh.sep) {
		return 0, 0, 0, false
	}
	start := d.pos
	y, ok = d.number(2, 4)
	switch d.pos - start {
	case 2:
		sh.year2 = true
		y += 1900
		if y < 1970 {
			y += 100
		}
	case 4:
	default:
		return 0, 0, 0, false
	}
	return a, b, y, ok
}

// dayMonthVote tells which order a day/month value proves: 1 day first,
// -1 month first, 0 when both parts are 12 or less.
func dayMonthVote(s string) int {
	var sh dateShape
	d := dateScanner{s: s}
	a, b, _, ok := d.dmyParts(&sh)
	switch {
	case !ok:
		return 0
	case a > 12 && b <= 12:
		return 1
	case b > 12 && a <= 12:
		return -1
	}
	return 0
}

// parseEpoch reads Unix seconds (9-10 digits) or milliseconds (12-13
// digits), as HubSpot's API writes, between 1990 and 2100.
func parseEpoch(s string) (time.Time, dateShape, bool) {
	sh := dateShape{kind: kindEpoch}
	d := dateScanner{s: s}
	n := int64(0)
	for ; !d.done(); d.pos++ {
		c := s[d.pos]
		if c < '0' || c > '9' {
			return time.Time{}, sh, false
		}
		n = n*10 + int64(c-'0')
	}
	var t time.Time
	switch len(s) {
	case 9, 10:
		t = time.Unix(n, 0).UTC()
	case 12, 13:
		t, sh.ms = time.UnixMilli(n).UTC(), true
	default:
		return time.Time{}, sh, false
	}
	return t, sh, t.Year() >= 1990 && t.Year() <= 2100
}

// textLayouts are the rarer layouts with month or day names.
var textLayouts = []string{
	time.RFC1123Z, time.RFC1123, time.RFC850, time.ANSIC, time.UnixDate,
	"2 Jan 2006 15:04:05", "2 Jan 2006 15:04", "2 Jan 2006", "2 January 2006",
	"Jan 2, 2006 15:04:05", "Jan 2, 2006 3:04 PM", "Jan 2, 2006", "January 2, 2006",
}

func parseText(s string, loc *time.Location) (time.Time, dateShape, bool) {
	for i, l := range textLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, dateShape{kind: kindText, text: int8(i)}, true
		}
	}
	return time.Time{}, dateShape{}, false
}

// String names the layout of a shape as people write it.
func (sh dateShape) String() string {
	switch sh.kind {
	case kindEpoch:
		if sh.ms {
			return "Unix epoch (milliseconds)"
		}
		return "Unix epoch (seconds)"
	case kindText:
		return textLayouts[sh.text]
	}
	var b strings.Builder
	b.WriteString(sh.datePart())
	if sh.tsep != 0 {
		b.WriteByte(sh.tsep)
		b.WriteString(sh.clockPart())
	}
	b.WriteString(zoneNames[sh.zone])
	return b.String()
}

func (sh dateShape) datePart() string {
	year := "YYYY"
	if sh.year2 {
		year = "YY"
	}
	sep := string(sh.sep)
	switch {
	case sh.kind == kindYMD:
		return "YYYY" + sep + "MM" + sep + "DD"
	case sh.monthFirst:
		return "MM" + sep + "DD" + sep + year
	}
	return "DD" + sep + "MM" + sep + year
}

func (sh dateShape) clockPart() string {
	s := "HH:MM"
	if sh.clock == clockHMS {
		s += ":SS"
	}
	if sh.frac {
		s += ".fff"
	}
	if sh.ampm {
		s += " AM/PM"
	}
	return s
}

var zoneNames = []string{
	zoneNone: "", zoneZ: "Z", zoneHH: "±hh", zoneHHMM: "±hhmm", zoneHHColonMM: "±hh:mm",
	zoneName: " ZONE", zoneGo: " ±hhmm ZONE",
}
