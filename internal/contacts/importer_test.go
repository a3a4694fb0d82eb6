package contacts_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

var mailchimpFiles = []string{
	"testdata/subscribed_email_audience_export_a1b2c3d4e5.csv",
	"testdata/unsubscribed_email_audience_export_a1b2c3d4e5.csv",
	"testdata/cleaned_email_audience_export_a1b2c3d4e5.csv",
}

var newerFiles = []string{
	"testdata/newer/subscribed_email_audience_export_a1b2c3d4e5.csv",
	"testdata/newer/unsubscribed_email_audience_export_a1b2c3d4e5.csv",
}

func importFiles(t *testing.T, st contacts.Store, paths ...string) *contacts.Result {
	t.Helper()
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorCLI, ID: "test"})
	im := &contacts.Importer{Store: st, Now: func() time.Time { return time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC) }, Lang: "en"}
	res, err := im.Import(ctx, paths, esp.Options{})
	if err != nil {
		t.Fatalf("import %v: %v", paths, err)
	}
	return res
}

type counts struct{ rows, new, updated, unchanged, rejected int }

func checkCounts(t *testing.T, imp *contacts.Import, want counts) {
	t.Helper()
	got := counts{imp.RowsRead, imp.New, imp.Updated, imp.Unchanged, imp.Rejected}
	if got != want {
		t.Errorf("import counts = %+v, want %+v", got, want)
	}
}

func contact(t *testing.T, st contacts.Store, email string) (*contacts.Contact, []contacts.Source, []contacts.Event) {
	t.Helper()
	c, err := st.ContactByKey(context.Background(), email)
	if err != nil {
		t.Fatalf("contact %s: %v", email, err)
	}
	src, evs, err := st.ContactHistory(context.Background(), c.ID)
	if err != nil {
		t.Fatalf("history of %s: %v", email, err)
	}
	return c, src, evs
}

func TestImportThenReimportThenNewerExport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		first := importFiles(t, s.Contacts, mailchimpFiles...)
		checkCounts(t, first.Import, counts{rows: 6, new: 6})
		if first.Import.Events == 0 {
			t.Fatal("first import recorded no consent event")
		}
		wantStatus := map[string]contacts.Status{
			"alice.martin@example.com": contacts.Documented, "bob.dupont@example.org": contacts.Weak,
			"carla.rossi@example.com": contacts.Withdrawn, "dan.smith@example.org": contacts.Withdrawn,
			"erin.kelly@example.com": contacts.Undeliverable, "frank.weber@example.org": contacts.Undeliverable,
		}
		for email, want := range wantStatus {
			if c, _, _ := contact(t, s.Contacts, email); c.Status != want {
				t.Errorf("%s status = %s, want %s", email, c.Status, want)
			}
		}
		_, _, aliceEvents := contact(t, s.Contacts, "alice.martin@example.com")

		again := importFiles(t, s.Contacts, mailchimpFiles...)
		checkCounts(t, again.Import, counts{rows: 6, unchanged: 6})
		if again.Import.Events != 0 {
			t.Errorf("re-import recorded %d events, want 0", again.Import.Events)
		}
		if len(again.Previously) != 3 {
			t.Errorf("re-import found %d earlier files, want 3", len(again.Previously))
		}
		if _, _, evs := contact(t, s.Contacts, "alice.martin@example.com"); len(evs) != len(aliceEvents) {
			t.Errorf("alice has %d events after re-import, want %d", len(evs), len(aliceEvents))
		}

		newer := importFiles(t, s.Contacts, newerFiles...)
		checkCounts(t, newer.Import, counts{rows: 5, new: 1, updated: 1, unchanged: 3})
		bob, sources, events := contact(t, s.Contacts, "bob.dupont@example.org")
		if bob.Status != contacts.Withdrawn {
			t.Errorf("bob status = %s after unsubscribing, want withdrawn", bob.Status)
		}
		if len(sources) != 2 {
			t.Errorf("bob has %d sources, want both exports kept", len(sources))
		}
		var withdrawals, consents int
		for _, e := range events {
			switch esp.Kind(e.Action) {
			case esp.Withdrawal:
				withdrawals++
				if want := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC); !e.OccurredAt.Equal(want) {
					t.Errorf("withdrawal at %v, want %v", e.OccurredAt, want)
				}
			case esp.Consent:
				consents++
			}
		}
		if withdrawals != 1 || consents != 1 {
			t.Errorf("bob events: %d withdrawals, %d consents; want 1 and 1 (evidence already on file is not repeated)", withdrawals, consents)
		}
		if c, _, _ := contact(t, s.Contacts, "gina.rossi@example.com"); c.Status != contacts.Documented {
			t.Errorf("gina status = %s, want documented", c.Status)
		}
	})
}

func TestImportDuplicatesInOneRun(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		// The newer unsubscribed file names bob, who is also in the first
		// subscribed file: one contact, two sources, withdrawn.
		res := importFiles(t, s.Contacts, mailchimpFiles[0], newerFiles[1])
		checkCounts(t, res.Import, counts{rows: 5, new: 4})
		bob, sources, _ := contact(t, s.Contacts, "bob.dupont@example.org")
		if bob.Status != contacts.Withdrawn || len(sources) != 2 {
			t.Errorf("bob = %s with %d sources, want withdrawn with 2", bob.Status, len(sources))
		}
		if got := res.Summary.ByStatus[contacts.Withdrawn]; got != 3 {
			t.Errorf("summary withdrawn = %d, want 3 (carla, dan, bob)", got)
		}
		if got := res.Summary.TotalContacts; got != 4 {
			t.Errorf("summary contacts = %d, want 4", got)
		}
	})
}

func TestImportRejectsBadRowsAndKeepsGoing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		path := filepath.Join(t.TempDir(), "contacts.csv")
		writeFile(t, path, "email;prénom\nmarie@example.fr;Marie\nnot-an-address;X\n;Vide\njean@example.fr;Jean\n")
		res := importFiles(t, s.Contacts, path)
		checkCounts(t, res.Import, counts{rows: 4, new: 2, rejected: 2})
	})
}

func TestImportFailsCleanlyOnUnreadableFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Stores) {
		path := filepath.Join(t.TempDir(), "photo.csv")
		writeFile(t, path, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
		im := &contacts.Importer{Store: s.Contacts, Now: time.Now, Lang: "en"}
		_, err := im.Import(context.Background(), []string{mailchimpFiles[0], path}, esp.Options{})
		if err == nil {
			t.Fatal("import of a binary file succeeded")
		}
		if gdprkit.ErrorCode(err) != gdprkit.EINVALID {
			t.Errorf("error code = %s, want invalid: %v", gdprkit.ErrorCode(err), err)
		}
		imps, err := s.Contacts.Imports(context.Background(), 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(imps) != 0 {
			t.Errorf("%d imports recorded after a failed one, want none", len(imps))
		}
	})
}
