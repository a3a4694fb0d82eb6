package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/store/sqlite"
)

// BenchmarkLoaderWrite measures the SQLite half of an import alone: rows
// shaped like a Mailchimp import (a contact, its source row, two events),
// already prepared, written in batches of 2,000.
func BenchmarkLoaderWrite(b *testing.B) {
	const n = 100000
	now := time.Now()
	batches := makeBatches(n, now)
	for b.Loop() {
		b.StopTimer()
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		st := sqlite.NewContactStore(db)
		b.StartTimer()
		imp := &contacts.Import{Actor: "bench"}
		w, err := st.BeginImport(context.Background(), imp)
		if err != nil {
			b.Fatal(err)
		}
		f := &contacts.ImportFile{Name: "x.csv", SHA256: "x", Format: "mailchimp", Encoding: "utf-8", Delimiter: ","}
		if err := w.AddFile(context.Background(), f); err != nil {
			b.Fatal(err)
		}
		for _, bt := range batches {
			for _, c := range bt.New {
				c.Source.FileID = f.ID
			}
			if err := w.Write(context.Background(), bt); err != nil {
				b.Fatal(err)
			}
		}
		imp.Events = 2 * n
		if err := w.Commit(context.Background(), imp, func(consent.Hash, int64) consent.Hash { return consent.Hash{} }); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "contacts/s")
}

func makeBatches(n int, now time.Time) []*contacts.Batch {
	var out []*contacts.Batch
	b := &contacts.Batch{}
	for i := 0; i < n; i++ {
		email := fmt.Sprintf("%x.marie.dupont%d@orange.fr", (i*2654435761)%99991, i)
		c := &contacts.NewContact{
			Contact: contacts.Contact{Key: email, Email: email, FirstName: "Marie", LastName: "Dupont",
				Attributes: `{"MEMBER_RATING":"2","LEID":"133583356","EUID":"42c08925d1"}`, Status: contacts.Documented,
				Reasons: []contacts.Reason{"doi_confirmed", "optin_with_ip"}, ConsentAt: now, ConsentChannel: "email",
				Purposes:  `[{"purpose":"email_marketing","status":"documented","reasons":["doi_confirmed","optin_with_ip"],"consent_at":"2015-03-26T09:41:35Z"}]`,
				CreatedAt: now, UpdatedAt: now},
			Source: contacts.Source{Line: i + 2, Raw: "marie.dupont@orange.fr,Marie,Dupont,,,,2,2015-03-26 02:41:56,203.0.113.242,2015-03-26 15:21:35,203.0.113.242,1,2,europe/paris,fr,,2015-03-26 15:21:35,133583356,42c08925d1,,"},
		}
		for _, action := range []string{"signup", "confirmation"} {
			c.Events = append(c.Events, contacts.Event{Purpose: "email_marketing", Action: action, OccurredAt: now, Channel: "web_form",
				Personal: consentPersonal(email), Salt: make([]byte, 16)})
		}
		b.New = append(b.New, c)
		if len(b.New) == 2000 {
			out = append(out, b)
			b = &contacts.Batch{}
		}
	}
	if len(b.New) > 0 {
		out = append(out, b)
	}
	return out
}

func consentPersonal(email string) consent.Personal {
	return consent.Personal{Subject: email, IP: "203.0.113.242", Detail: `{"columns":"OPTIN_TIME, OPTIN_IP"}`}
}
