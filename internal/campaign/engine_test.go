package campaign_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/campaign/campaigntest"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/mailer/mailtest"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

var (
	confirmRE = regexp.MustCompile(`https://consent\.acme\.example/consent/confirm/([A-Za-z0-9_-]+)`)
	unsubRE   = regexp.MustCompile(`https://consent\.acme\.example/consent/unsubscribe/([A-Za-z0-9_-]+)`)
)

// people of the end-to-end test: who is targeted and who is left out.
var people = []campaigntest.Person{
	{Email: "anne.zorglub@example.com", FirstName: "Anne", LastName: "Zorglubova", Language: "fr", Status: contacts.Missing},
	{Email: "ben.quuxley@example.org", FirstName: "Ben", LastName: "Quuxley", Language: "en", Status: contacts.Weak},
	{Email: "chloe.frobnitz@example.net", FirstName: "Chloé", LastName: "Frobnitz", Language: "fr-FR", Status: contacts.Weak},
	{Email: "dan.wibble@example.com", Language: "", Status: contacts.Missing},
	{Email: "bounce.me@example.com", FirstName: "Bob", LastName: "Bouncington", Status: contacts.Missing},
	{Email: "grey.list@example.com", FirstName: "Gray", LastName: "Listerine", Language: "en", Status: contacts.Missing},
	{Email: "doc.umented@example.com", Status: contacts.Documented},
	{Email: "with.drawn@example.com", Status: contacts.Withdrawn},
	{Email: "un.deliverable@example.com", Status: contacts.Undeliverable},
	{Email: "sup.pressed@example.com", Status: contacts.Missing},
	{Email: "hans.mueller@example.de", Status: contacts.Missing},
	{Email: "greta.berlin@example.com", Status: contacts.Weak, Attributes: `{"CC":"de"}`},
}

func TestCampaignEndToEnd(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorUser, ID: "1"})
		sink := mailtest.Start(t)
		k := campaigntest.NewKit(t, st, sink.Host, sink.Port, t.TempDir())
		campaigntest.Seed(t, st.Contacts, people)
		if err := k.List.Add(ctx, suppression.Withdrawn, mustParse(t, "sup.pressed@example.com")); err != nil {
			t.Fatal(err)
		}
		c, err := k.Campaign.Create(ctx, campaign.Spec{Name: "Spring clean"})
		if err != nil {
			t.Fatal(err)
		}
		p, _, err := k.Campaign.Prospect(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantExcl := campaign.Tally{campaign.ExclDocumented: 1, campaign.ExclWithdrawn: 1, campaign.ExclUndeliverable: 1,
			campaign.ExclSuppressed: 1, campaign.ExclGermany: 2}
		if p.Targeted != 6 || !equalTally(p.Excluded, wantExcl) || !p.Ready || p.Germany != 2 {
			t.Fatalf("prospect: %d targeted, excluded %v, ready %v, germany %d", p.Targeted, p.Excluded, p.Ready, p.Germany)
		}

		// The first send: one hard bounce, one greylisted address.
		sink.Reject(func(rcpt string) error {
			switch rcpt {
			case "bounce.me@example.com":
				return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
			case "grey.list@example.com":
				return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "greylisted, try later"}
			}
			return nil
		})
		if _, err := k.Campaign.Launch(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		k.Drain(t)
		msgs := sink.Wait(t, 4, 5*time.Second)
		checkMessages(t, msgs, c)
		sink.Reject(nil)
		k.Clock.Add(3 * time.Minute)
		k.Drain(t)
		msgs = sink.Wait(t, 5, 5*time.Second)
		if got := byRecipient(msgs); len(got["grey.list@example.com"]) != 1 || len(got["bounce.me@example.com"]) != 0 || len(msgs) != 5 {
			t.Fatalf("after the retry: %d messages: %v", len(msgs), keys(got))
		}
		checkBounce(t, k, "bounce.me@example.com")

		// Anne confirms; Ben unsubscribes in one click.
		anne := byRecipient(msgs)["anne.zorglub@example.com"][0]
		tok := confirmRE.FindStringSubmatch(anne.Text())[1]
		if _, err := k.Capture.Confirm(ctx, tok, "198.51.100.7", "Mozilla/5.0 (test)"); err != nil {
			t.Fatal(err)
		}
		ben := byRecipient(msgs)["ben.quuxley@example.org"][0]
		if err := k.Capture.Unsubscribe(ctx, unsubRE.FindStringSubmatch(ben.Text())[1], "198.51.100.8", "Mail provider", true); err != nil {
			t.Fatal(err)
		}

		// Day 7: the reminder goes to Chloé, Dan and Gray only.
		k.Clock.Add(7 * 24 * time.Hour)
		k.Drain(t)
		msgs = sink.Wait(t, 8, 5*time.Second)
		reminded := map[string]bool{}
		for _, m := range msgs[5:] {
			reminded[m.To[0]] = true
			if !strings.Contains(m.Subject(), "Rappel") && !strings.Contains(m.Subject(), "Reminder") {
				t.Errorf("reminder subject %q", m.Subject())
			}
		}
		if len(msgs) != 8 || !reminded["chloe.frobnitz@example.net"] || !reminded["dan.wibble@example.com"] || !reminded["grey.list@example.com"] {
			t.Errorf("reminders went to %v", reminded)
		}

		// The deadline, then the purge.
		k.Clock.Add(24 * 24 * time.Hour)
		k.Drain(t)
		checkPurge(t, k, c)
		checkExport(t, k)
	})
}

func checkMessages(t *testing.T, msgs []mailtest.Message, c *campaign.Campaign) {
	t.Helper()
	for _, m := range msgs {
		h := m.Header()
		if !strings.HasPrefix(h.Get("List-Unsubscribe"), "<https://consent.acme.example/consent/unsubscribe/") ||
			h.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Errorf("%s: unsubscribe headers %q %q", m.To[0], h.Get("List-Unsubscribe"), h.Get("List-Unsubscribe-Post"))
		}
		if id := h.Get("Message-Id"); !strings.HasPrefix(id, "<gk."+c.UID+".0.") {
			t.Errorf("%s: Message-ID %q", m.To[0], id)
		}
		text, html := m.Text(), m.HTML()
		for _, want := range []string{"Acme SA", "https://acme.example/privacy", "/consent/confirm/", "/consent/unsubscribe/"} {
			if !strings.Contains(text, want) || !strings.Contains(html, want) {
				t.Errorf("%s: %q missing from text or HTML", m.To[0], want)
			}
		}
	}
	anne := byRecipient(msgs)["anne.zorglub@example.com"]
	if len(anne) != 1 || !strings.Contains(anne[0].Text(), "Bonjour Anne") {
		t.Errorf("Anne's message is not in French: %v", anne)
	}
}

func checkBounce(t *testing.T, k *campaigntest.Kit, email string) {
	t.Helper()
	ctx := context.Background()
	found, err := k.List.Suppressed(ctx, []string{email})
	if err != nil || !found[email] {
		t.Errorf("%s not suppressed after a hard bounce: %v", email, err)
	}
	var status string
	if err := k.St.DB.QueryRow(ctx, `SELECT status FROM contacts WHERE email = ?`, email).Scan(&status); err != nil || status != "undeliverable" {
		t.Errorf("%s: status %q after a hard bounce (%v)", email, status, err)
	}
	var n int
	if err := k.St.DB.QueryRow(ctx, `SELECT COUNT(*) FROM consent_events WHERE action = 'bounce' AND source LIKE 'campaign:%'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("%d bounce events (%v)", n, err)
	}
}

func checkPurge(t *testing.T, k *campaigntest.Kit, c *campaign.Campaign) {
	t.Helper()
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorUser, ID: "2"})
	got, err := k.Campaign.Get(ctx, c.ID)
	if err != nil || got.Status != campaign.Ended {
		t.Fatalf("after the deadline: %v, %v", got.Status, err)
	}
	var ended int
	if err := k.St.DB.QueryRow(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'ended' AND object_type = 'campaign' AND actor = 'system:deadline'`).Scan(&ended); err != nil || ended != 1 {
		t.Errorf("audit entries for the deadline: %d, %v", ended, err)
	}
	var planned []string
	var ids []int64
	err = k.Campaign.EachPlanned(ctx, c.ID, func(r campaign.PlanRow) error {
		planned, ids = append(planned, r.Email), append(ids, r.ContactID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(planned) != 5 {
		t.Fatalf("purge plan %v, want every recipient but Anne", planned)
	}
	dry, err := k.Campaign.DryRun(ctx, c.ID)
	if err != nil || dry.Contacts != 5 || dry.Sources != 5 {
		t.Fatalf("dry run %+v, %v", dry, err)
	}
	checkCountRows(t, campaign.CountRows(dry))
	checkPlanAction(t, k, c.ID, "erase, or keep as do not contact")
	if err := k.Campaign.Purge(ctx, c.ID, campaign.PurgeErase, "not the name"); gdprkit.ErrorCode(err) != gdprkit.EINVALID {
		t.Fatalf("purge without the typed name: %v", err)
	}
	if err := k.Campaign.Purge(ctx, c.ID, campaign.PurgeErase, "Spring clean"); err != nil {
		t.Fatal(err)
	}
	k.Drain(t)
	if got, _ := k.Campaign.Get(ctx, c.ID); got.Status != campaign.Purged {
		t.Fatalf("status %s after the purge", got.Status)
	}

	var needles []string
	for _, p := range people[1:6] {
		needles = append(needles, p.Email)
		if p.LastName != "" {
			needles = append(needles, p.LastName)
		}
	}
	if hits := campaigntest.Remains(t, k.St, needles, ids); len(hits) > 0 {
		t.Errorf("the purge left personal data: %v", hits)
	}
	if hits := campaigntest.Remains(t, k.St, []string{people[0].Email, people[0].LastName}, nil); len(hits) < 4 {
		t.Errorf("Remains does not even find the contact who confirmed: %v", hits)
	}
	found, err := k.List.Suppressed(ctx, []string{"dan.wibble@example.com", "chloe.frobnitz@example.net"})
	if err != nil || !found["dan.wibble@example.com"] || !found["chloe.frobnitz@example.net"] {
		t.Errorf("purged addresses are not on the suppression list: %v %v", found, err)
	}
	rep, err := (&consent.Ledger{Store: k.St.Consent.Ledger}).Verify(ctx, consent.VerifyOptions{})
	if err != nil || !rep.OK() || rep.Erased == 0 {
		t.Errorf("ledger after the purge: %+v, %v", rep, err)
	}
	res, _, err := k.Campaign.Results(ctx, c.ID)
	if err != nil || res.Counts.Recipients != 6 || res.Counts.Confirmed != 1 || len(res.Purges) != 1 || res.Purges[0].Done != 5 {
		t.Errorf("results after the purge: %+v, %v", res, err)
	}
}

// checkCountRows checks the dry run's two columns: keeping the contacts
// as "do not contact" touches them and the suppression list only.
func checkCountRows(t *testing.T, rows []campaign.CountRow) {
	t.Helper()
	for _, r := range rows {
		touched := r.Key == "campaign.count.contacts" || r.Key == "campaign.count.suppressions"
		if r.Kept != touched || touched && r.Keep != 5 {
			t.Errorf("dry run row %+v: keep mode should touch %v", r, touched)
		}
	}
}

// checkPlanAction checks the plan's action column: the plan is downloaded
// to choose the mode, so it names both.
func checkPlanAction(t *testing.T, k *campaigntest.Kit, id int64, want string) {
	t.Helper()
	var b strings.Builder
	if _, err := k.Campaign.WritePlan(context.Background(), &b, id, "en"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), want) {
		t.Errorf("purge plan lacks %q:\n%s", want, b.String())
	}
}

func checkExport(t *testing.T, k *campaigntest.Kit) {
	t.Helper()
	var b strings.Builder
	n, err := k.Campaign.Export(context.Background(), &b, campaign.ExportBrevo, "")
	if err != nil || n != 2 {
		t.Fatalf("export: %d rows, %v\n%s", n, err, b.String())
	}
	if !strings.Contains(b.String(), "anne.zorglub@example.com;Anne;Zorglubova;fr;true;1;") || !strings.Contains(b.String(), "198.51.100.7") {
		t.Errorf("export:\n%s", b.String())
	}
}

func byRecipient(msgs []mailtest.Message) map[string][]mailtest.Message {
	out := map[string][]mailtest.Message{}
	for _, m := range msgs {
		out[m.To[0]] = append(out[m.To[0]], m)
	}
	return out
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func equalTally(a, b campaign.Tally) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func mustParse(t *testing.T, s string) address.Address {
	t.Helper()
	a, err := address.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
