package esptest

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
)

// generator makes the rows of one status file.
type generator struct {
	status string
	r      *rand.Rand
	leid   int64
	recent ring // recent addresses, to derive likely duplicates from
	buf    []byte
	// imports are the shared timestamps of bulk imports: many rows carry
	// CONFIRM_TIME == LAST_CHANGED == one of them.
	imports []int64
}

func newGenerator(status string, seed int64) (*generator, error) {
	if !slices.Contains(Statuses, status) {
		return nil, fmt.Errorf("esptest: unknown Mailchimp status %q (valid: %v)", status, Statuses)
	}
	// Test data must repeat for a seed: math/rand is the point here.
	r := rand.New(rand.NewPCG(uint64(seed), uint64(len(status))<<32|uint64(status[0]))) //nolint:gosec // deterministic test data, not a secret
	g := &generator{status: status, r: r, leid: 100_000_000 + r.Int64N(50_000_000)}
	for range 12 {
		g.imports = append(g.imports, between(r, y2016, y2024))
	}
	return g, nil
}

func (g *generator) write(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(headers[g.status]); err != nil {
		return err
	}
	for range n {
		g.buf = g.row(g.buf[:0])
		if _, err := bw.Write(g.buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// Headers of each status file, as in current exports (the unsubscribed and
// cleaned files have no LAST_CHANGED).
var headers = map[string]string{
	"subscribed":    subscribedHeader,
	"nonsubscribed": subscribedHeader,
	"unsubscribed": `"Email Address","First Name","Last Name",MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,` +
		"UNSUB_TIME,UNSUB_CAMPAIGN_TITLE,UNSUB_CAMPAIGN_ID,UNSUB_REASON,UNSUB_REASON_OTHER,LEID,EUID,NOTES,TAGS\n",
	"cleaned": `"Email Address","First Name","Last Name",MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,GMTOFF,DSTOFF,TIMEZONE,CC,REGION,` +
		"CLEAN_TIME,CLEAN_CAMPAIGN_TITLE,CLEAN_CAMPAIGN_ID,LEID,EUID,NOTES,TAGS\n",
}

const subscribedHeader = `"Email Address","First Name","Last Name",Address,"Phone Number",Birthday,MEMBER_RATING,OPTIN_TIME,OPTIN_IP,CONFIRM_TIME,CONFIRM_IP,` +
	"GMTOFF,DSTOFF,TIMEZONE,CC,REGION,LAST_CHANGED,LEID,EUID,NOTES,TAGS\n"

// row appends one CSV row to b.
func (g *generator) row(b []byte) []byte {
	p := g.person()
	ev := g.evidence()
	b = field(b, p.email)
	b = field(b, p.first)
	b = field(b, p.last)
	if g.status == "subscribed" || g.status == "nonsubscribed" {
		b = field(b, g.address())
		b = field(b, g.phone())
		b = field(b, g.birthday())
	}
	b = g.rating(b)
	b = ev.appendOptin(b)
	b = g.geo(b)
	switch g.status {
	case "unsubscribed":
		b = g.unsub(b, ev)
	case "cleaned":
		b = g.clean(b, ev)
	default:
		b = stamp(b, ev.changed)
	}
	b = g.ids(b)
	b = field(b, g.notes())
	b = lastField(b, g.tags())
	return b
}
