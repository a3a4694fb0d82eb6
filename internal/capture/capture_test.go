package capture_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// TestDoubleOptInToWithdrawal follows one person through sign-up, the
// confirmation e-mail (over real SMTP), confirmation, the preference
// centre and a one-click unsubscribe, checking "may I send?" and the
// ledger at each step.
func TestDoubleOptInToWithdrawal(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		f := newFixture(t, st)
		ctx := context.Background()
		res := f.subscribe(t, "Jeanne.Martin@Example.com", "email_marketing", "partner_offers")
		if res.Redirect != "https://acme.example/thanks" {
			t.Errorf("redirect = %q", res.Redirect)
		}
		if p := f.allowed(t, "jeanne.martin@example.com", "email_marketing"); p.Allowed || p.Reason != consent.ReasonPending {
			t.Fatalf("before confirmation: %+v, want denied %s", p, consent.ReasonPending)
		}
		token := f.confirmToken(t, 1)
		if info, err := f.svc.ConfirmationInfo(ctx, token); err != nil || len(info.Purposes) != 2 {
			t.Errorf("confirmation page: %+v, %v", info, err)
		}
		msg := f.sink.Messages()[0]
		if got := msg.Header().Get("To"); !strings.Contains(got, "Jeanne.Martin@example.com") {
			t.Errorf("confirmation sent to %q, want the address as given", got)
		}
		f.clock.Add(time.Minute)
		conf, err := f.svc.Confirm(ctx, token, "198.51.100.4", "Mozilla/5.0 (phone)")
		if err != nil {
			t.Fatal(err)
		}
		if conf.Redirect != "https://acme.example/welcome" || !strings.HasPrefix(conf.PreferencesURL, "https://consent.acme.example/consent/preferences/") {
			t.Errorf("confirm result %+v", conf)
		}
		p := f.allowed(t, "jeanne.martin@example.com", "partner_offers")
		if !p.Allowed || p.Reason != consent.ReasonDOIConfirmed || p.EventID == 0 {
			t.Fatalf("after confirmation: %+v, want allowed %s with its event", p, consent.ReasonDOIConfirmed)
		}
		if _, err := f.svc.Confirm(ctx, token, "198.51.100.4", "x"); !errors.Is(err, capture.ErrTokenUsed) {
			t.Errorf("replayed confirmation: %v, want ErrTokenUsed", err)
		}
		prefsToken := strings.TrimPrefix(conf.PreferencesURL, "https://consent.acme.example/consent/preferences/")
		prefs, err := f.svc.Preferences(ctx, prefsToken)
		if err != nil {
			t.Fatal(err)
		}
		if prefs.Email != "J•••@example.com" || !granted(prefs, "email_marketing") || !granted(prefs, "partner_offers") || granted(prefs, "sms_marketing") {
			t.Errorf("preferences %+v", prefs)
		}
		if err := f.svc.SetPreferences(ctx, prefsToken, capture.PreferenceChange{Withdraw: []string{"partner_offers"}, IP: "198.51.100.4"}); err != nil {
			t.Fatal(err)
		}
		if p := f.allowed(t, "jeanne.martin@example.com", "partner_offers"); p.Allowed || p.Reason != consent.ReasonWithdrawn {
			t.Errorf("after withdrawing partners: %+v", p)
		}
		if p := f.allowed(t, "jeanne.martin@example.com", "email_marketing"); !p.Allowed {
			t.Errorf("newsletter after withdrawing partners only: %+v", p)
		}
		unsub, err := f.svc.UnsubscribeToken(ctx, contactID(t, st, "jeanne.martin@example.com"), 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Unsubscribe(ctx, unsub, "192.0.2.1", "", true); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Unsubscribe(ctx, unsub, "192.0.2.1", "", true); err != nil {
			t.Fatalf("second one-click unsubscribe: %v", err)
		}
		for _, email := range []string{"jeanne.martin@example.com", "JEANNE.MARTIN@example.com"} {
			if p := f.allowed(t, email, "email_marketing"); p.Allowed || p.Reason != consent.ReasonSuppressed {
				t.Errorf("%s after unsubscribing: %+v, want suppressed", email, p)
			}
		}
		verifyLedger(t, st)
	})
}

func granted(p *capture.Preferences, slug string) bool {
	for _, ps := range p.Purposes {
		if ps.Purpose.Slug == slug {
			return ps.Granted
		}
	}
	return false
}

func contactID(t *testing.T, st *store.Stores, key string) int64 {
	t.Helper()
	var id int64
	if err := st.DB.QueryRow(context.Background(), `SELECT id FROM contacts WHERE email_key = ?`, key).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func verifyLedger(t *testing.T, st *store.Stores) {
	t.Helper()
	r, err := consent.Verify(context.Background(), st.Consent.Ledger, nil, consent.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.OK() {
		t.Fatalf("ledger after capture: %v", r.Problems)
	}
}

// TestSuppressionSpansVariants checks that unsubscribing one Gmail variant
// suppresses the others, and that a single opt-in sign-up of a suppressed
// address is held until a new double opt-in.
func TestSuppressionSpansVariants(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		f := newFixture(t, st)
		ctx := context.Background()
		if err := f.svc.Withdraw(ctx, capture.WithdrawRequest{Email: "j.doe+news@gmail.com", Note: "letter of 2 Dec"}); err != nil {
			t.Fatal(err)
		}
		if p := f.allowed(t, "jdoe@gmail.com", "email_marketing"); p.Reason != consent.ReasonSuppressed {
			t.Fatalf("variant of a withdrawn address: %+v, want suppressed", p)
		}
		found, err := f.list.Suppressed(ctx, []string{"jdoe@googlemail.com", "other@gmail.com"})
		if err != nil {
			t.Fatal(err)
		}
		if !found["jdoe@googlemail.com"] || found["other@gmail.com"] {
			t.Errorf("Suppressed = %v", found)
		}
		f.form.DoubleOptIn = false
		if err := f.svc.SaveForm(ctx, f.form); err != nil {
			t.Fatal(err)
		}
		f.subscribe(t, "jdoe@gmail.com", "email_marketing")
		if p := f.allowed(t, "jdoe@gmail.com", "email_marketing"); p.Allowed {
			t.Fatalf("single opt-in of a suppressed address allowed: %+v", p)
		}
		token := f.confirmToken(t, 1) // a confirmation is asked for all the same
		if _, err := f.svc.Confirm(ctx, token, "203.0.113.50", "ua"); err != nil {
			t.Fatal(err)
		}
		if p := f.allowed(t, "jdoe@gmail.com", "email_marketing"); !p.Allowed {
			t.Errorf("after a new double opt-in: %+v, want allowed", p)
		}
		verifyLedger(t, st)
	})
}

// TestSameAnswerWhateverTheAddress checks that a sign-up's answer does
// not tell whether the address is known, and that a honeypot records
// nothing.
func TestSameAnswerWhateverTheAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		f := newFixture(t, st)
		first := f.subscribe(t, "known@example.org", "email_marketing")
		again := f.subscribe(t, "known@example.org", "email_marketing")
		fresh := f.subscribe(t, "new@example.org", "email_marketing")
		if *first != *again || *again != *fresh {
			t.Errorf("answers differ: %+v %+v %+v", first, again, fresh)
		}
		res, err := f.svc.Subscribe(context.Background(), capture.SubscribeRequest{Form: "newsletter", Email: "bot@example.org",
			Purposes: []string{"email_marketing"}, Texts: f.texts, Honeypot: true})
		if err != nil || *res != *fresh {
			t.Errorf("honeypot answer %+v, %v; want %+v", res, err, fresh)
		}
		var n int
		if err := st.DB.QueryRow(context.Background(), `SELECT COUNT(*) FROM contacts WHERE email_key = 'bot@example.org'`).Scan(&n); err != nil || n != 0 {
			t.Errorf("honeypot created %d contacts (%v)", n, err)
		}
	})
}

func TestSubscribeRejectsBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		f := newFixture(t, st)
		for name, req := range map[string]capture.SubscribeRequest{
			"BadAddress":   {Form: "newsletter", Email: "not an address", Purposes: []string{"email_marketing"}, Texts: f.texts},
			"NoPurpose":    {Form: "newsletter", Email: "a@example.org", Texts: f.texts},
			"PurposeNotOn": {Form: "newsletter", Email: "a@example.org", Purposes: []string{"sms_marketing"}, Texts: f.texts},
			"NoText":       {Form: "newsletter", Email: "a@example.org", Purposes: []string{"email_marketing"}},
			"ForeignText":  {Form: "newsletter", Email: "a@example.org", Purposes: []string{"email_marketing"}, Texts: []int64{999}},
			"UnknownForm":  {Form: "nope", Email: "a@example.org", Purposes: []string{"email_marketing"}, Texts: f.texts},
		} {
			if _, err := f.svc.Subscribe(context.Background(), req); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
	})
}

// TestRepermissionAndPurposeUnsubscribe: a campaign asks an existing
// contact to confirm; an unsubscribe link naming one purpose withdraws that
// purpose only.
func TestRepermissionAndPurposeUnsubscribe(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		f := newFixture(t, st)
		ctx := context.Background()
		f.subscribe(t, "old@example.org", "email_marketing", "partner_offers")
		id := contactID(t, st, "old@example.org")
		issued, err := f.svc.RequestConfirmation(ctx, capture.ConfirmationRequest{ContactID: id,
			Purposes: []string{"email_marketing", "partner_offers"}, Texts: f.texts[1:], Campaign: "repermission-2026", Language: "fr"})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.MarkSent(ctx, issued.ID, "abc@acme.example"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Confirm(ctx, issued.Token, "203.0.113.80", "ua"); err != nil {
			t.Fatal(err)
		}
		if p := f.allowed(t, "old@example.org", "partner_offers"); !p.Allowed {
			t.Fatalf("after re-permission: %+v", p)
		}
		var source, detail string
		err = st.DB.QueryRow(ctx, `SELECT source, detail FROM consent_events WHERE contact_id = ? AND action = 'confirmation' ORDER BY id LIMIT 1`, id).Scan(&source, &detail)
		if err != nil || source != "campaign:repermission-2026" || !strings.Contains(detail, `"message_id":"abc@acme.example"`) {
			t.Errorf("confirmation event: source %q detail %q (%v)", source, detail, err)
		}
		purposes, err := st.Consent.Store.Purposes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		unsub, err := f.svc.UnsubscribeToken(ctx, id, purposes[1].ID) // partner_offers
		if err != nil {
			t.Fatal(err)
		}
		if err := f.svc.Unsubscribe(ctx, unsub, "203.0.113.80", "ua", false); err != nil {
			t.Fatal(err)
		}
		if p := f.allowed(t, "old@example.org", "partner_offers"); p.Allowed || p.Reason != consent.ReasonWithdrawn {
			t.Errorf("partner offers after its unsubscribe link: %+v", p)
		}
		if p := f.allowed(t, "old@example.org", "email_marketing"); !p.Allowed {
			t.Errorf("newsletter after unsubscribing from partner offers only: %+v", p)
		}
		if _, err := f.svc.Preferences(ctx, unsub); !errors.Is(err, capture.ErrTokenInvalid) {
			t.Errorf("unsubscribe token used as a preference link: %v", err)
		}
		f.clock.Add(capture.ConfirmLifetime + time.Hour)
		late, err := f.svc.RequestConfirmation(ctx, capture.ConfirmationRequest{ContactID: id, Purposes: []string{"email_marketing"},
			Texts: f.texts[1:2], Campaign: "c2", Expires: f.clock.Now().Add(time.Minute)})
		if err != nil {
			t.Fatal(err)
		}
		f.clock.Add(2 * time.Minute)
		if _, err := f.svc.Confirm(ctx, late.Token, "203.0.113.80", "ua"); !errors.Is(err, capture.ErrTokenExpired) {
			t.Errorf("expired request: %v, want ErrTokenExpired", err)
		}
		verifyLedger(t, st)
	})
}

// TestUsedTextsAreImmutable: once a consent is recorded with a text
// version, the store refuses to change it, and so does the database.
func TestUsedTextsAreImmutable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		f := newFixture(t, st)
		ctx := context.Background()
		cat := &consent.Catalogue{Store: st.Consent.Store}
		unused := &consent.Text{Name: "other", Language: "fr", Format: "text", Body: "Première version"}
		if err := cat.AddText(ctx, unused); err != nil {
			t.Fatal(err)
		}
		unused.Body = "Version corrigée"
		if err := cat.UpdateText(ctx, unused); err != nil {
			t.Errorf("correcting an unused text: %v", err)
		}
		f.subscribe(t, "texts@example.org", "email_marketing")
		used, err := st.Consent.Store.Text(ctx, f.texts[1])
		if err != nil {
			t.Fatal(err)
		}
		if used.FirstUsedAt.IsZero() {
			t.Fatal("a text shown to a person who consented is not marked used")
		}
		used.Body += " (edited)"
		if err := cat.UpdateText(ctx, used); !errors.Is(err, consent.ErrTextInUse) {
			t.Errorf("UpdateText of a used version: %v, want ErrTextInUse", err)
		}
		if _, err := st.DB.Write.ExecContext(ctx, st.DB.Q(`UPDATE consent_texts SET body = 'x' WHERE id = ?`), used.ID); err == nil {
			t.Error("the database let a used text change")
		}
		if _, err := st.DB.Write.ExecContext(ctx, st.DB.Q(`DELETE FROM consent_texts WHERE id = ?`), used.ID); err == nil {
			t.Error("the database let a used text be deleted")
		}
		next := &consent.Text{Name: "newsletter-form", Language: "en", Format: "html", Body: "New wording"}
		if err := cat.AddText(ctx, next); err != nil || next.Version != 4 {
			t.Errorf("next version = %d (%v), want 4", next.Version, err)
		}
	})
}
