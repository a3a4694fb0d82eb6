// Package contactstest generates synthetic contacts for benchmarks and
// tests: a realistic mix of statuses, channels, purposes and names (accents
// included). It does no I/O, so every store package's own tests can use it.
package contactstest

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// Seeder makes contacts, the same ones for the same n.
type Seeder struct {
	rnd  *rand.Rand
	now  time.Time
	file int64
}

// NewSeeder returns a seeder for a base of n contacts whose source rows
// name import file fileID.
func NewSeeder(n int, fileID int64) *Seeder {
	return &Seeder{rnd: rand.New(rand.NewPCG(1, uint64(n))), now: time.Now().UTC(), file: fileID} //nolint:gosec // deterministic test data, not secrets
}

var (
	seedFirst = []string{"Marie", "Élodie", "Émilie", "Hélène", "Zoé", "Chloé", "Léa", "Camille", "Jean", "Éric", "Loïc", "Noël", "Thomas", "Lucas", "Hugo", "Inès", "Jürgen", "Ana", "Mohamed", "Nguyen", "Priya", "Wei", "Olga", "Saoirse"}
	seedLast  = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Müller", "Nguyen", "Da Silva", "O'Brien", "Le Gall"}
	seedHosts = []string{"gmail.com", "orange.fr", "free.fr", "laposte.net", "outlook.com", "yahoo.fr", "hotmail.fr", "sfr.fr", "acme.example", "wanadoo.fr"}
	// Status mix of a typical legacy base: shares out of 100.
	seedStatus = []struct {
		s contacts.Status
		n int
	}{{contacts.Documented, 42}, {contacts.Weak, 28}, {contacts.Missing, 12}, {contacts.Withdrawn, 11}, {contacts.Undeliverable, 5}, {contacts.OtherBasis, 2}}
	seedChannels = []string{"web_form", "web_form", "email", "import", "", "", "api", "preference_centre"}
)

func (g *Seeder) status() contacts.Status {
	x := g.rnd.IntN(100)
	for _, s := range seedStatus {
		if x < s.n {
			return s.s
		}
		x -= s.n
	}
	return contacts.Missing
}

// Contact returns the i-th contact, with a source row and no consent event.
func (g *Seeder) Contact(i int) *contacts.NewContact {
	first, last := seedFirst[g.rnd.IntN(len(seedFirst))], seedLast[g.rnd.IntN(len(seedLast))]
	email := fmt.Sprintf("%s.%s%d@%s", asciiLower(first), asciiLower(last), i, seedHosts[g.rnd.IntN(len(seedHosts))])
	c := contacts.Contact{Key: email, Email: email, FirstName: first, LastName: last, Status: g.status(),
		ConsentChannel: seedChannels[g.rnd.IntN(len(seedChannels))], CreatedAt: g.now, UpdatedAt: g.now}
	as := []contacts.Assessment{{Purpose: "email_marketing", Status: c.Status}}
	if g.rnd.IntN(20) == 0 {
		as = append(as, contacts.Assessment{Purpose: "sms_marketing", Status: contacts.Missing})
	}
	if c.Status == contacts.Documented || c.Status == contacts.Weak {
		c.ConsentAt = g.now.Add(-time.Duration(g.rnd.IntN(6*365*24)) * time.Hour)
	}
	c.Purposes = contacts.PurposesJSON(as)
	raw := email + "," + first + "," + last
	return &contacts.NewContact{Contact: c, Source: contacts.Source{FileID: g.file, Line: i + 2, RowHash: rowHash(raw), Raw: raw}}
}

// MailchimpAttributes returns the attributes a Mailchimp export gives the
// i-th contact (rating, time zone, location, Mailchimp's ids), as stored.
func MailchimpAttributes(i int) string {
	return fmt.Sprintf(`{"MEMBER_RATING":"2","GMTOFF":"1","DSTOFF":"2","TIMEZONE":"europe/paris","CC":"fr","REGION":"ara","LEID":"%d","EUID":"%010x"}`, 133293505+i, i)
}

func rowHash(raw string) contacts.RowHash {
	sum := sha256.Sum256([]byte(raw))
	var h contacts.RowHash
	copy(h[:], sum[:])
	return h
}

// asciiLower keeps the letters of a name that are safe in an address.
func asciiLower(s string) string {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			out = append(out, byte(r))
		case r >= 'A' && r <= 'Z':
			out = append(out, byte(r+'a'-'A'))
		}
	}
	if len(out) == 0 {
		return "x" + strconv.Itoa(len(s))
	}
	return string(out)
}

// Floor returns n seeded contacts shaped as a Mailchimp import stores
// them: Mailchimp's attributes; a source row holding an original line of
// Mailchimp's length; 1.6 ledger events on average (a sign-up, and for
// three contacts in five its confirmation), with their commitments, hashes
// and salts; one consent state. Contacts, sources and events have their
// ids (from 1). These are the rows of the storage floor benchmarks, built
// before the clock starts.
func Floor(n int) []*contacts.NewContact {
	g := NewSeeder(n, 1)
	out := make([]*contacts.NewContact, n)
	var eventID int64
	for i := range out {
		c := g.Contact(i)
		c.Contact.ID, c.Contact.Attributes = int64(i+1), MailchimpAttributes(i)
		c.Source.ID, c.Source.ImportID = int64(i+1), 1
		c.Source.Raw = fmt.Sprintf("%s,%s,%s,,,,2,2019-04-02 03:55:55,203.0.113.45,2019-04-02 21:35:09,203.0.113.45,1,2,europe/paris,fr,ara,2020-11-03 20:04:54,%d,%010x,,",
			c.Contact.Email, c.Contact.FirstName, c.Contact.LastName, 133293505+i, i)
		c.Source.RowHash = rowHash(c.Source.Raw)
		actions := []string{"signup", "confirmation"}
		if i%5 >= 3 {
			actions = actions[:1]
		}
		for _, action := range actions {
			eventID++
			c.Events = append(c.Events, floorEvent(eventID, action, c))
		}
		last := &c.Events[len(c.Events)-1]
		c.Verdicts = []contacts.Verdict{{Purpose: "email_marketing", Status: c.Contact.Status, ConsentAt: last.OccurredAt, Event: last}}
		out[i] = c
	}
	return out
}

func floorEvent(id int64, action string, c *contacts.NewContact) contacts.Event {
	e := contacts.Event{ID: id, BlockID: 1, SourceID: c.Source.ID, Purpose: "email_marketing", Action: action,
		OccurredAt: c.Contact.CreatedAt.Add(-time.Duration(id) * time.Minute), Channel: "web_form",
		Personal:   consent.Personal{Subject: c.Contact.Email, IP: "203.0.113.45", Detail: `{"columns":"OPTIN_TIME, OPTIN_IP"}`},
		Commitment: sha256.Sum256([]byte(c.Source.Raw + action)), Hash: sha256.Sum256([]byte(c.Contact.Email + action))}
	salt := sha256.Sum256([]byte(c.Contact.Email))
	e.Salt = salt[:16]
	return e
}
