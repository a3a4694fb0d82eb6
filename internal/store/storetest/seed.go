package storetest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// Seed writes n synthetic contacts through the import path of the store
// (BeginImport, the dialect's bulk loader, Commit), in one import, with a
// source row each and a realistic mix of statuses, channels, purposes and
// names (accents included). It is for benchmarks and plan tests: a million
// contacts take tens of seconds, not the minutes of parsing real files.
// The contacts carry no consent events.
func Seed(tb testing.TB, st contacts.Store, n int) {
	tb.Helper()
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorCLI, ID: "seed"})
	imp := &contacts.Import{Actor: "cli:seed", Options: "{}"}
	w, err := st.BeginImport(ctx, imp)
	if err != nil {
		tb.Fatal(err)
	}
	defer w.Rollback() //nolint:errcheck // after Commit this does nothing
	f := &contacts.ImportFile{Name: "seed.csv", SHA256: fmt.Sprintf("%064x", n), Format: "generic", Encoding: "utf-8", Delimiter: ","}
	if err := w.AddFile(ctx, f); err != nil {
		tb.Fatal(err)
	}
	g := seeder{rnd: rand.New(rand.NewPCG(1, uint64(n))), now: time.Now().UTC(), file: f.ID} //nolint:gosec // deterministic test data, not secrets
	for done := 0; done < n; done += 5000 {
		b := &contacts.Batch{}
		for i := done; i < min(done+5000, n); i++ {
			b.New = append(b.New, g.contact(i))
		}
		if err := w.Write(ctx, b); err != nil {
			tb.Fatal(err)
		}
	}
	imp.New, imp.RowsRead = n, n
	if err := w.Commit(ctx, imp, func(consent.Hash, int64) consent.Hash { return consent.Hash{} }); err != nil {
		tb.Fatal(err)
	}
}

type seeder struct {
	rnd  *rand.Rand
	now  time.Time
	file int64
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

func (g *seeder) status() contacts.Status {
	x := g.rnd.IntN(100)
	for _, s := range seedStatus {
		if x < s.n {
			return s.s
		}
		x -= s.n
	}
	return contacts.Missing
}

func (g *seeder) contact(i int) *contacts.NewContact {
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
