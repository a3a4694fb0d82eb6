package storetest

import (
	"context"
	"fmt"
	"testing"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/contactstest"
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
	g := contactstest.NewSeeder(n, f.ID)
	for done := 0; done < n; done += 5000 {
		b := &contacts.Batch{}
		for i := done; i < min(done+5000, n); i++ {
			b.New = append(b.New, g.Contact(i))
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
