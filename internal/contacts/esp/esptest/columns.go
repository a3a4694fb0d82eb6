package esptest

import (
	"strconv"
	"strings"
)

// place is where a subscriber is, as Mailchimp's geo columns write it; the
// case varies between export generations.
type place struct {
	gmt, dst, zone, cc, region string
}

var places = []place{
	{"1", "2", "europe/paris", "fr", "idf"}, {"1", "2", "Europe/Paris", "FR", "IDF"}, {"1", "2", "europe/paris", "fr", "ara"},
	{"1", "2", "europe/paris", "fr", "pac"}, {"1", "2", "europe/brussels", "be", "bru"}, {"1", "2", "europe/berlin", "de", "be"},
	{"0", "1", "europe/dublin", "ie", ""}, {"1", "2", "europe/rome", "it", "62"}, {"-5", "-4", "america/montreal", "ca", "qc"},
	{"-8", "-7", "America/Los_Angeles", "US", "CA"}, {"0", "0", "africa/dakar", "sn", "dk"}, {"1", "1", "africa/casablanca", "ma", ""},
}

// geo writes GMTOFF, DSTOFF, TIMEZONE, CC, REGION: empty for four in ten
// contacts, as for imports.
func (g *generator) geo(b []byte) []byte {
	if g.r.IntN(10) < 4 {
		return append(b, ",,,,,"...)
	}
	p := places[g.r.IntN(len(places))]
	for _, v := range []string{p.gmt, p.dst, p.zone, p.cc, p.region} {
		b = field(b, v)
	}
	return b
}

var streets = []string{"rue des Lilas", "avenue Jean Jaurès", "boulevard Voltaire", "place de la Mairie", "chemin des Vignes"}
var cities = []struct{ city, zip string }{{"Paris", "75011"}, {"Lyon", "69003"}, {"Nantes", "44000"}, {"Lille", "59000"}, {"Rennes", "35000"}}

// address is Mailchimp's address merge field: parts separated by two
// spaces. Most contacts have none.
func (g *generator) address() string {
	if g.r.IntN(10) != 0 {
		return ""
	}
	c := cities[g.r.IntN(len(cities))]
	return strconv.Itoa(1+g.r.IntN(120)) + " " + streets[g.r.IntN(len(streets))] + "  " + c.city + "    " + c.zip + "  FR"
}

// phone is a French mobile number, sometimes with the apostrophe a
// spreadsheet left in front of it.
func (g *generator) phone() string {
	if g.r.IntN(100) >= 15 {
		return ""
	}
	n := "+33 6 " + twoDigits(g.r.IntN(100)) + " " + twoDigits(g.r.IntN(100)) + " " + twoDigits(g.r.IntN(100)) + " " + twoDigits(g.r.IntN(100))
	if g.r.IntN(4) == 0 {
		return "'" + n
	}
	return n
}

func (g *generator) birthday() string {
	if g.r.IntN(20) != 0 {
		return ""
	}
	return twoDigits(1+g.r.IntN(12)) + "/" + twoDigits(1+g.r.IntN(28))
}

func twoDigits(n int) string {
	return string([]byte{byte('0' + n/10), byte('0' + n%10)})
}

// rating writes MEMBER_RATING, 1 to 5, mostly 2.
func (g *generator) rating(b []byte) []byte {
	ratings := []byte("1222223345")
	return append(b, ratings[g.r.IntN(len(ratings))], ',')
}

// ids writes LEID and EUID.
func (g *generator) ids(b []byte) []byte {
	g.leid += 1 + g.r.Int64N(3)
	b = strconv.AppendInt(b, g.leid, 10)
	b = append(b, ',')
	const hex = "0123456789abcdef"
	for range 10 {
		b = append(b, hex[g.r.IntN(16)])
	}
	return append(b, ',')
}

var noteTexts = []string{"Client fidèle", "Rencontré au salon 2023", "Préfère être contacté le matin", "VIP, ne pas relancer"}

// notes is usually empty, sometimes a line, rarely two lines.
func (g *generator) notes() string {
	switch x := g.r.IntN(1000); {
	case x < 3:
		return "Appel du 12/03 :\nrappeler en avril"
	case x < 15:
		return noteTexts[g.r.IntN(len(noteTexts))]
	}
	return ""
}

var tagNames = []string{"Newsletter", "Webinar 2023", "Client", "Salon 2024", "VIP", "Black Friday", "2025 waiver", "Member"}

// tags is Mailchimp's TAGS cell: quoted names separated by commas, for
// four contacts in ten.
func (g *generator) tags() string {
	if g.r.IntN(10) >= 4 {
		return ""
	}
	var s strings.Builder
	first := g.r.IntN(len(tagNames))
	for i := range 1 + g.r.IntN(3) {
		if i > 0 {
			s.WriteByte(',')
		}
		s.WriteByte('"')
		s.WriteString(tagNames[(first+i)%len(tagNames)])
		s.WriteByte('"')
	}
	return s.String()
}
