package esptest

import (
	"math/rand/v2"
	"strconv"
)

// Time bounds of generated activity, in Unix seconds.
const (
	y2015 = 1420070400
	y2016 = 1451606400
	y2024 = 1704067200
	y2026 = 1767225600
)

func between(r *rand.Rand, from, to int64) int64 { return from + r.Int64N(to-from) }

// evidence is the opt-in history of one contact; zero times are empty
// cells.
type evidence struct {
	optin, confirm, changed int64
	optinIP, confirmIP      string
}

// evidence draws an opt-in pattern in the proportions seen in real
// audiences: double opt-in with IPs 35 %, single opt-in with an IP 25 %,
// imported (CONFIRM_TIME == LAST_CHANGED, shared import times, no IP)
// 30 %, loopback 3 %, private addresses 2 %, nothing 5 %. Non-subscribed
// contacts mostly have nothing.
func (g *generator) evidence() evidence {
	r := g.r
	x := r.IntN(100)
	if g.status == "nonsubscribed" {
		x = 95 // nothing
		if r.IntN(10) == 0 {
			x = 65 // imported
		}
	}
	var e evidence
	t := between(r, y2015, y2024)
	switch {
	case x < 35:
		e.optin, e.optinIP = t, g.ip()
		e.confirm, e.confirmIP = t+20+r.Int64N(3*86400), e.optinIP
		if r.IntN(5) == 0 {
			e.confirmIP = g.ip()
		}
	case x < 60:
		e.optin, e.optinIP, e.confirm = t, g.ip(), t+r.Int64N(3)
	case x < 90:
		imp := g.imports[r.IntN(len(g.imports))]
		e.confirm, e.changed = imp, imp
		return e
	case x < 93:
		e.optin, e.optinIP, e.confirm = t, "127.0.0.1", t
	case x < 95:
		e.optin, e.optinIP, e.confirm = t, g.privateIP(), t
	default:
		e.changed = t
		return e
	}
	e.changed = min(max(e.optin, e.confirm)+r.Int64N(2*365*86400), y2026-1)
	return e
}

// ip is a documentation address, IPv6 one time in twenty.
func (g *generator) ip() string {
	if g.r.IntN(20) == 0 {
		return "2001:db8:" + strconv.FormatInt(int64(g.r.IntN(0xffff)), 16) + "::" + strconv.FormatInt(int64(1+g.r.IntN(0xffff)), 16)
	}
	prefixes := []string{"192.0.2.", "198.51.100.", "203.0.113."}
	return prefixes[g.r.IntN(len(prefixes))] + strconv.Itoa(1+g.r.IntN(254))
}

func (g *generator) privateIP() string {
	if g.r.IntN(2) == 0 {
		return "10." + strconv.Itoa(g.r.IntN(256)) + "." + strconv.Itoa(g.r.IntN(256)) + "." + strconv.Itoa(1+g.r.IntN(254))
	}
	return "192.168." + strconv.Itoa(g.r.IntN(256)) + "." + strconv.Itoa(1+g.r.IntN(254))
}

// appendOptin writes OPTIN_TIME, OPTIN_IP, CONFIRM_TIME, CONFIRM_IP.
func (e evidence) appendOptin(b []byte) []byte {
	b = stamp(b, e.optin)
	b = field(b, e.optinIP)
	b = stamp(b, e.confirm)
	return field(b, e.confirmIP)
}

var unsubReasons = weighted{
	{"I no longer want to receive these emails", 40}, {"N/A (Unsubscribed by an admin)", 15},
	{"I never signed up for this mailing list", 10}, {"The emails are inappropriate", 4},
	{"The emails are spam and should be reported", 3}, {"Other (fill in reason below)", 8},
	{"normal_unsubscribe", 20},
}

var otherReasons = []string{"Trop d'e-mails", "Je ne suis plus client", "Pas intéressé, merci", "too many emails, sorry"}

var campaigns = []struct{ title, id string }{
	{"Newsletter mars 2023", "9f8e7d6c5b"}, {"Soldes d'été", "8e7d6c5b4a"}, {"Black Friday -30%", "7d6c5b4a39"},
	{"Invitation webinar RGPD", "6c5b4a3928"}, {"Lettre d'information n°42", "5b4a392817"}, {"May Newsletter", "4a39281706"},
}

// unsub writes UNSUB_TIME, UNSUB_CAMPAIGN_TITLE, UNSUB_CAMPAIGN_ID,
// UNSUB_REASON, UNSUB_REASON_OTHER.
func (g *generator) unsub(b []byte, e evidence) []byte {
	at := max(e.optin, e.confirm, e.changed) + g.r.Int64N(400*86400)
	b = stamp(b, min(at, y2026-1))
	reason := unsubReasons.pick(g.r)
	if reason == "N/A (Unsubscribed by an admin)" || g.r.IntN(5) == 0 {
		b = field(field(b, ""), "")
	} else {
		c := campaigns[g.r.IntN(len(campaigns))]
		b = field(field(b, c.title), c.id)
	}
	b = field(b, reason)
	other := ""
	if reason == "Other (fill in reason below)" {
		other = otherReasons[g.r.IntN(len(otherReasons))]
	}
	return field(b, other)
}

// clean writes CLEAN_TIME, CLEAN_CAMPAIGN_TITLE, CLEAN_CAMPAIGN_ID.
func (g *generator) clean(b []byte, e evidence) []byte {
	at := max(e.optin, e.confirm, e.changed) + g.r.Int64N(700*86400)
	b = stamp(b, min(at, y2026-1))
	c := campaigns[g.r.IntN(len(campaigns))]
	return field(field(b, c.title), c.id)
}
