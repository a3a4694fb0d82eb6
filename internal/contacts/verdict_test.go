package contacts_test

import (
	"context"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

type stateRow struct {
	status, reasons string
	event           *int64
}

func consentState(t *testing.T, st *store.Stores, email, purpose string) (stateRow, bool) {
	t.Helper()
	var r stateRow
	err := st.DB.QueryRow(context.Background(), `SELECT s.status, s.reasons, s.event_id FROM consent_state s
		JOIN contacts c ON c.id = s.contact_id WHERE c.email_key = ? AND s.purpose = ?`, email, purpose).Scan(&r.status, &r.reasons, &r.event)
	if err != nil {
		return r, false
	}
	return r, true
}

// TestImportWritesConsentState checks that an import keeps consent_state
// in step with the contacts' verdicts, deciding event included, and that
// a newer export updates it.
func TestImportWritesConsentState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		importFiles(t, st.Contacts, mailchimpFiles...)
		c, _, evs := contact(t, st.Contacts, "alice.martin@example.com")
		got, ok := consentState(t, st, "alice.martin@example.com", esp.PurposeEmail)
		if !ok || got.status != string(c.Status) || got.event == nil {
			t.Fatalf("consent_state of alice = %+v (found %v), want status %s with a deciding event", got, ok, c.Status)
		}
		found := false
		for _, e := range evs {
			found = found || e.ID == *got.event
		}
		if !found {
			t.Errorf("deciding event %d is not one of alice's events %+v", *got.event, evs)
		}
		importFiles(t, st.Contacts, newerFiles...)
		for _, email := range []string{"alice.martin@example.com", "bob.dupont@example.org"} {
			c, _, _ := contact(t, st.Contacts, email)
			if got, ok := consentState(t, st, email, esp.PurposeEmail); !ok || got.status != string(c.Status) {
				t.Errorf("after the newer export, %s: consent_state %+v, contact status %s", email, got, c.Status)
			}
		}
	})
}

type fakeSuppression map[string]bool

func (f fakeSuppression) Suppressed(_ context.Context, keys []string) (map[string]bool, error) {
	out := map[string]bool{}
	for _, k := range keys {
		if f[k] {
			out[k] = true
		}
	}
	return out, nil
}

func TestImportHonoursSuppressionList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorCLI, ID: "test"})
		im := &contacts.Importer{Store: st.Contacts, Now: func() time.Time { return time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC) },
			Lang: "en", Suppression: fakeSuppression{"alice.martin@example.com": true}}
		res, err := im.Import(ctx, mailchimpFiles, esp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if res.Summary.Suppressed != 1 {
			t.Errorf("summary: %d suppressed, want 1", res.Summary.Suppressed)
		}
		c, _, _ := contact(t, st.Contacts, "alice.martin@example.com")
		if c.Status != contacts.Withdrawn || len(c.Reasons) != 1 || c.Reasons[0] != contacts.ReasonSuppressed {
			t.Errorf("suppressed alice imported as %s %v, want withdrawn [suppressed]", c.Status, c.Reasons)
		}
		if got, _ := consentState(t, st, "alice.martin@example.com", esp.PurposeEmail); got.status != string(contacts.Withdrawn) {
			t.Errorf("consent_state of alice = %+v, want withdrawn", got)
		}
		// A newer export of the same list must not make her mailable again.
		if _, err := im.Import(ctx, newerFiles, esp.Options{}); err != nil {
			t.Fatal(err)
		}
		if c, _, _ := contact(t, st.Contacts, "alice.martin@example.com"); c.Status != contacts.Withdrawn {
			t.Errorf("after a newer export alice is %s, want withdrawn", c.Status)
		}
	})
}

func TestSuppressedReasonTranslated(t *testing.T) {
	for _, lang := range locale.Languages {
		for _, key := range []string{contacts.ReasonSuppressed.LabelKey(), contacts.ReasonSuppressed.ExplainKey()} {
			if !locale.Shared().Has(lang, key) {
				t.Errorf("%s: no translation for %s", lang, key)
			}
		}
	}
}
