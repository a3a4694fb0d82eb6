// Package campaigntest writes contact bases for the tests and benchmarks
// of campaigns: people with a chosen consent status each, written through
// the import path of the store (one import, one source row each, their
// verdict in consent_state), in seconds even for a hundred thousand.
package campaigntest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// Person is a contact to write.
type Person struct {
	Email      string
	FirstName  string
	LastName   string
	Language   string
	Status     contacts.Status // for email_marketing; Missing when empty
	Attributes string          // JSON object
}

// Seed writes people in one import and returns its id.
func Seed(tb testing.TB, st contacts.Store, people []Person) int64 {
	tb.Helper()
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorCLI, ID: "campaigntest"})
	imp := &contacts.Import{Actor: "cli:campaigntest", Options: "{}"}
	w, err := st.BeginImport(ctx, imp)
	if err != nil {
		tb.Fatal(err)
	}
	defer w.Rollback() //nolint:errcheck // after Commit this does nothing
	f := &contacts.ImportFile{Name: "campaigntest.csv", SHA256: fmt.Sprintf("%064x", len(people)), Format: "generic", Encoding: "utf-8", Delimiter: ","}
	if err := w.AddFile(ctx, f); err != nil {
		tb.Fatal(err)
	}
	now := time.Now().UTC()
	for done := 0; done < len(people); done += 5000 {
		b := &contacts.Batch{}
		for i := done; i < min(done+5000, len(people)); i++ {
			b.New = append(b.New, newContact(&people[i], f.ID, i, now))
		}
		if err := w.Write(ctx, b); err != nil {
			tb.Fatal(err)
		}
	}
	imp.New, imp.RowsRead = len(people), len(people)
	if err := w.Commit(ctx, imp, func(consent.Hash, int64) consent.Hash { return consent.Hash{} }); err != nil {
		tb.Fatal(err)
	}
	return imp.ID
}

func newContact(p *Person, file int64, i int, now time.Time) *contacts.NewContact {
	status := p.Status
	if status == "" {
		status = contacts.Missing
	}
	attrs := p.Attributes
	if attrs == "" {
		attrs = "{}"
	}
	c := contacts.Contact{Key: p.Email, Email: p.Email, FirstName: p.FirstName, LastName: p.LastName, Language: p.Language,
		Attributes: attrs, Status: status, CreatedAt: now, UpdatedAt: now}
	as := []contacts.Assessment{{Purpose: "email_marketing", Status: status}}
	c.Purposes = contacts.PurposesJSON(as)
	raw := p.Email + "," + p.FirstName + "," + p.LastName
	sum := sha256.Sum256([]byte(raw))
	var h contacts.RowHash
	copy(h[:], sum[:])
	return &contacts.NewContact{Contact: c, Source: contacts.Source{FileID: file, Line: i + 2, RowHash: h, Raw: raw},
		Verdicts: []contacts.Verdict{{Purpose: "email_marketing", Status: status}}}
}

// Many returns n people without documented consent (weak and missing in
// turn), at several domains, in French and English.
func Many(n int) []Person {
	domains := []string{"example.com", "example.org", "example.net", "mail.example", "acme.example"}
	out := make([]Person, n)
	for i := range out {
		st := contacts.Missing
		if i%2 == 1 {
			st = contacts.Weak
		}
		lang := "fr"
		if i%3 == 0 {
			lang = "en"
		}
		out[i] = Person{Email: fmt.Sprintf("person%06d@%s", i, domains[i%len(domains)]), FirstName: fmt.Sprintf("First%d", i),
			LastName: fmt.Sprintf("Last%d", i), Language: lang, Status: st}
	}
	return out
}
