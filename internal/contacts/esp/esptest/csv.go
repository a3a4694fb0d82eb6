package esptest

// field appends a cell and a comma. Like Mailchimp's exports, it quotes a
// value that holds a space, a comma, a quote or a line break.
func field(b []byte, s string) []byte {
	return append(cell(b, s), ',')
}

// lastField appends the row's last cell and the line break.
func lastField(b []byte, s string) []byte {
	return append(cell(b, s), '\n')
}

func cell(b []byte, s string) []byte {
	if !needsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

func needsQuotes(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', ',', '"', '\n', '\r':
			return true
		}
	}
	return false
}

// stamp appends a Unix time as Mailchimp writes it, "YYYY-MM-DD HH:MM:SS"
// quoted, or an empty cell for 0.
func stamp(b []byte, t int64) []byte {
	if t == 0 {
		return append(b, ',')
	}
	y, m, d := civil(t / 86400)
	s := t % 86400
	b = append(b, '"')
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10), ' ')
	h, mi, sec := s/3600, s/60%60, s%60
	b = append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+sec/10), byte('0'+sec%10))
	return append(b, '"', ',')
}

// civil converts days since 1970-01-01 to a date (Howard Hinnant's
// algorithm), faster than going through time.Time for every cell.
func civil(days int64) (y, m, d int64) {
	z := days + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}
