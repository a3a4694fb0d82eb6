package esptest

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// name is a name as written and folded to ASCII for the local part of an
// address (Mailchimp accepts non-ASCII only after the @).
type name struct{ text, ascii string }

var firstNames = []name{
	{"Jean", "jean"}, {"Marie", "marie"}, {"Pierre", "pierre"}, {"Nathalie", "nathalie"}, {"Hélène", "helene"},
	{"François", "francois"}, {"Élodie", "elodie"}, {"Chloé", "chloe"}, {"Léa", "lea"}, {"Loïc", "loic"},
	{"Gaëlle", "gaelle"}, {"Jérôme", "jerome"}, {"Céline", "celine"}, {"Thomas", "thomas"}, {"Camille", "camille"},
	{"Nicolas", "nicolas"}, {"Sophie", "sophie"}, {"Julien", "julien"}, {"Isabelle", "isabelle"}, {"Mathieu", "mathieu"},
	{"Anaïs", "anais"}, {"Benoît", "benoit"}, {"Maëlys", "maelys"}, {"Noémie", "noemie"}, {"Stéphane", "stephane"},
	{"Aurélie", "aurelie"}, {"Yann", "yann"}, {"Inès", "ines"}, {"Karim", "karim"}, {"Yasmine", "yasmine"},
	{"Mohamed", "mohamed"}, {"Fatou", "fatou"}, {"Mamadou", "mamadou"}, {"Aïcha", "aicha"}, {"Nguyen", "nguyen"},
	{"Wei", "wei"}, {"Aiko", "aiko"}, {"Jürgen", "jurgen"}, {"Søren", "soren"}, {"Łukasz", "lukasz"},
	{"José", "jose"}, {"João", "joao"}, {"Zoë", "zoe"}, {"Siobhán", "siobhan"}, {"Ngozi", "ngozi"},
	{"Priya", "priya"}, {"Olga", "olga"}, {"Giulia", "giulia"}, {"Ana", "ana"}, {"Ahmed", "ahmed"},
}

var lastNames = []name{
	{"Martin", "martin"}, {"Bernard", "bernard"}, {"Dubois", "dubois"}, {"Thomas", "thomas"}, {"Robert", "robert"},
	{"Richard", "richard"}, {"Petit", "petit"}, {"Durand", "durand"}, {"Leroy", "leroy"}, {"Moreau", "moreau"},
	{"Simon", "simon"}, {"Laurent", "laurent"}, {"Lefèvre", "lefevre"}, {"Michel", "michel"}, {"Garcia", "garcia"},
	{"Fournier", "fournier"}, {"Rousseau", "rousseau"}, {"Mercier", "mercier"}, {"Bonnet", "bonnet"}, {"Lambert", "lambert"},
	{"Faure", "faure"}, {"Girard", "girard"}, {"André", "andre"}, {"Gauthier", "gauthier"}, {"Chevalier", "chevalier"},
	{"Bourgeois", "bourgeois"}, {"Nguyen", "nguyen"}, {"Diallo", "diallo"}, {"Benali", "benali"}, {"Haddad", "haddad"},
	{"Da Silva", "dasilva"}, {"Müller", "muller"}, {"Schröder", "schroder"}, {"Kowalski", "kowalski"}, {"Núñez", "nunez"},
	{"O'Brien", "obrien"}, {"Van der Berg", "vanderberg"}, {"Rossi", "rossi"}, {"Tanaka", "tanaka"}, {"Okafor", "okafor"},
	{"Le Gall", "legall"}, {"Le Goff", "legoff"}, {"Kerjean", "kerjean"}, {"Ferreira", "ferreira"}, {"Ben Salah", "bensalah"},
}

// domains with their weight in a French B2C and B2B audience. Company and
// internationalised domains use the reserved .example top-level domain.
var domains = weighted{
	{"gmail.com", 280}, {"orange.fr", 110}, {"hotmail.fr", 80}, {"free.fr", 75}, {"yahoo.fr", 60},
	{"outlook.com", 55}, {"laposte.net", 45}, {"sfr.fr", 40}, {"wanadoo.fr", 30}, {"icloud.com", 25},
	{"hotmail.com", 20}, {"outlook.fr", 15}, {"gmx.fr", 8}, {"protonmail.com", 7}, {"googlemail.com", 5},
	{"agence-lumiere.example", 20}, {"transports-moreau.example", 15}, {"boulangerie-petit.example", 12},
	{"cabinet-durand-avocats.example", 12}, {"atelier-bois.example", 10}, {"groupe-horizon.example", 25},
	{"mairie-saint-exemple.example", 8}, {"univ-exemple.example", 10},
	{"café-lumière.example", 3}, {"müller-gmbh.example", 3}, {"société-générale-exemple.example", 2}, {"ñandú.example", 1},
}

type weighted []struct {
	value  string
	weight int
}

func (w weighted) pick(r *rand.Rand) string {
	total := 0
	for _, e := range w {
		total += e.weight
	}
	n := r.IntN(total)
	for _, e := range w {
		if n -= e.weight; n < 0 {
			return e.value
		}
	}
	return w[0].value
}

// person is one generated contact.
type person struct {
	first, last, email string
}

// person makes a contact. Some are near-copies of recent ones: the same
// mailbox with a +tag or Gmail dots, or the same address in other case;
// about one in 2,000 addresses is invalid.
func (g *generator) person() person {
	f, l := firstNames[g.r.IntN(len(firstNames))], lastNames[g.r.IntN(len(lastNames))]
	p := person{first: f.text, last: l.text}
	switch x := g.r.IntN(100_000); {
	case x < 50:
		p.email = g.invalid(f.ascii, l.ascii)
	case x < 1_000 && g.recent.n > 0:
		p.email = plusTag(g.recent.pick(g.r), g.r)
	case x < 1_500 && g.recent.n > 0:
		p.email = gmailDots(g.recent.pick(g.r))
	case x < 1_800 && g.recent.n > 0:
		p.email = otherCase(g.recent.pick(g.r))
	default:
		p.email = g.fresh(f.ascii, l.ascii)
		g.recent.add(p.email)
	}
	return p
}

func (g *generator) fresh(first, last string) string {
	var local string
	switch g.r.IntN(8) {
	case 0, 1, 2:
		local = first + "." + last
	case 3:
		local = first[:1] + last
	case 4:
		local = first + last
	case 5:
		local = first + "_" + last
	case 6:
		local = last + "." + first
	default:
		local = first + "-" + last
	}
	// Real lists of a million people hold few exact name clashes: most
	// addresses carry a number or a nickname that sets them apart, so only
	// a small share of fresh addresses repeat by chance.
	if g.r.IntN(100) < 93 {
		local += strconv.Itoa(g.r.IntN(1_000_000))
	}
	email := local + "@" + domains.pick(g.r)
	switch g.r.IntN(100) {
	case 0:
		return strings.ToUpper(email)
	case 1:
		return capitalize(local) + "@" + capitalize(email[len(local)+1:])
	}
	return email
}

var invalidForms = []string{"%s.%s@gmail", "%s..%s@orange.fr", "%s %s@free.fr", "%s.%s@@hotmail.fr", "%s.%s.laposte.net", "%s.%s@gmail,com", ".%s%s@yahoo.fr"}

func (g *generator) invalid(first, last string) string {
	form := invalidForms[g.r.IntN(len(invalidForms))]
	return strings.Replace(strings.Replace(form, "%s", first, 1), "%s", last, 1)
}

func plusTag(email string, r *rand.Rand) string {
	tags := []string{"news", "promo", "shop", "mailchimp", "2023"}
	local, domain, _ := strings.Cut(email, "@")
	return local + "+" + tags[r.IntN(len(tags))] + "@" + domain
}

// gmailDots writes the same Gmail mailbox with its dots moved.
func gmailDots(email string) string {
	local, domain, _ := strings.Cut(email, "@")
	if domain != "gmail.com" && domain != "googlemail.com" {
		return local + "@" + domain
	}
	if strings.Contains(local, ".") {
		return strings.ReplaceAll(local, ".", "") + "@" + domain
	}
	if len(local) > 2 {
		return local[:1] + "." + local[1:] + "@" + domain
	}
	return local + "@" + domain
}

// capitalize upper-cases an ASCII first letter.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// otherCase is the same address with another case: exact duplicates for
// any mailbox provider.
func otherCase(email string) string {
	if email == strings.ToLower(email) {
		return capitalize(email)
	}
	return strings.ToLower(email)
}

// ring keeps the last addresses made.
type ring struct {
	items [512]string
	n     int
}

func (r *ring) add(s string) {
	r.items[r.n%len(r.items)] = s
	r.n++
}

func (r *ring) pick(rnd *rand.Rand) string {
	return r.items[rnd.IntN(min(r.n, len(r.items)))]
}
