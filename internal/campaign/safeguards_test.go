package campaign_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/campaign/campaigntest"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/mailer/mailtest"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// TestPurgePlanSparesOtherBases checks that a non-confirmer holding
// documented consent, or another legal basis, for another purpose is left
// out of the erasure: its data is lawfully held for that purpose.
func TestPurgePlanSparesOtherBases(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		ctx, sink, k := newKit(t, st)
		campaigntest.Seed(t, st.Contacts, []campaigntest.Person{
			{Email: "plain.missing@example.com", Status: contacts.Missing},
			{Email: "sms.documented@example.com", Status: contacts.Missing},
			{Email: "customer.basis@example.com", Status: contacts.Weak},
		})
		for email, status := range map[string]string{"sms.documented@example.com": "documented", "customer.basis@example.com": "other_basis"} {
			if _, err := st.DB.Write.ExecContext(ctx, st.DB.Q(`INSERT INTO consent_state (contact_id, purpose, status, updated_at)
				SELECT id, 'sms_marketing', ?, 0 FROM contacts WHERE email = ?`), status, email); err != nil {
				t.Fatal(err)
			}
		}
		c := launch(ctx, t, k, "Spare")
		k.Drain(t)
		sink.Wait(t, 3, 5*time.Second)
		k.Clock.Add(31 * 24 * time.Hour)
		k.Drain(t)
		var planned []string
		if err := k.Campaign.EachPlanned(ctx, c.ID, func(r campaign.PlanRow) error {
			planned = append(planned, r.Email)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if len(planned) != 1 || planned[0] != "plain.missing@example.com" {
			t.Errorf("purge plan %v, want only plain.missing@example.com", planned)
		}
	})
}

// TestUnreachableServerWaits checks that a batch whose SMTP server cannot
// be reached waits DialRetry before it is queued again, rather than at
// every tick, and goes out once the server is back.
func TestUnreachableServerWaits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		ctx, sink, k := newKit(t, st)
		campaigntest.Seed(t, st.Contacts, campaigntest.Many(3))
		dial := k.Campaign.Dial
		k.Campaign.Dial = func(context.Context) (campaign.Conn, error) { return nil, errors.New("connection refused") }
		c := launch(ctx, t, k, "Outage")
		if _, err := k.Campaign.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		var queued int
		count := func() int {
			if err := st.DB.QueryRow(ctx, `SELECT COUNT(*) FROM campaign_batches WHERE state = 'queued'`).Scan(&queued); err != nil {
				t.Fatal(err)
			}
			return queued
		}
		for range 3 { // the first tick queues, the others must not
			if count() > 0 {
				if err := k.Campaign.SendBatch(ctx, campaign.BatchKey{CampaignID: c.ID, Step: 0, Batch: 0}); err == nil {
					t.Fatal("a send without a server succeeded")
				}
			}
			k.Clock.Add(10 * time.Second)
			if _, err := k.Campaign.Tick(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := count(); n != 0 {
			t.Fatalf("%d batches queued again within DialRetry", n)
		}
		k.Campaign.Dial = dial
		k.Clock.Add(campaign.DialRetry)
		k.Drain(t)
		sink.Wait(t, 3, 5*time.Second)
	})
}

// TestLocalLinksBlockTheLaunch checks that a campaign whose links would
// point at an http:// address (a local one, where one-click unsubscribe
// cannot work) says so and cannot be launched or test-sent.
func TestLocalLinksBlockTheLaunch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		ctx, sink, k := newKit(t, st)
		k.Capture.BaseURL = "http://127.0.0.1:8080"
		campaigntest.Seed(t, st.Contacts, campaigntest.Many(2))
		c, err := k.Campaign.Create(ctx, campaign.Spec{Name: "Local"})
		if err != nil {
			t.Fatal(err)
		}
		p, _, err := k.Campaign.Prospect(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		warned := false
		for _, w := range p.Warnings {
			warned = warned || w.Key == "campaign.warn.links_not_https"
		}
		if p.Ready || !warned {
			t.Errorf("prospect with http:// links: ready %v, warnings %v", p.Ready, p.Warnings)
		}
		if _, err := k.Campaign.Launch(ctx, c.ID); gdprkit.ErrorCode(err) != gdprkit.EINVALID {
			t.Errorf("launch with http:// links: %v", err)
		}
		if err := k.Campaign.TestSend(ctx, c.ID, "fr", "tester@acme.example"); gdprkit.ErrorCode(err) != gdprkit.EINVALID || sink.Count() != 0 {
			t.Errorf("test send with http:// links: %v, %d messages", err, sink.Count())
		}
	})
}

// TestSenderTakenForStoppedRegistersAgain checks that a process another
// instance took for stopped (its heartbeat could not reach the database
// for a whole lease, so its rows were settled) registers again under a new
// name, instead of claiming nothing until it is restarted.
func TestSenderTakenForStoppedRegistersAgain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		ctx, _, k := newKit(t, st)
		k.Campaign.Lease = 200 * time.Millisecond
		first, err := k.Campaign.SenderOwner(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// What another instance's Recover does with a silent sender.
		if _, err := k.Store.ResolveSender(ctx, first, nil); err != nil {
			t.Fatal(err)
		}
		second := first
		for end := time.Now().Add(10 * time.Second); second == first && time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if second, err = k.Campaign.SenderOwner(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if second == first {
			t.Fatalf("still sending as %s, a name no instance knows any more", first)
		}
		senders, err := k.Store.Senders(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(senders) != 1 || senders[0].Owner != second {
			t.Errorf("registered senders %+v, want only %s", senders, second)
		}
		if err := k.Campaign.Close(ctx); err != nil {
			t.Errorf("close after a retirement: %v", err)
		}
	})
}

// TestDowntimeSendsOneReminder checks that after a stop spanning both
// reminder days (7 and 14), recipients get the later reminder only, not
// two back to back.
func TestDowntimeSendsOneReminder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		ctx, sink, k := newKit(t, st)
		campaigntest.Seed(t, st.Contacts, campaigntest.Many(3))
		launch(ctx, t, k, "Downtime")
		k.Drain(t)
		sink.Wait(t, 3, 5*time.Second)
		k.Clock.Add(15 * 24 * time.Hour) // down from launch to day 15
		k.Drain(t)
		msgs := sink.Wait(t, 6, 5*time.Second)
		k.Clock.Add(24 * time.Hour)
		k.Drain(t)
		time.Sleep(200 * time.Millisecond)
		if all := sink.Messages(); len(all) != 6 {
			t.Fatalf("%d messages after the downtime, want the request and one reminder each (6)", len(all))
		}
		for _, m := range msgs[3:] {
			if !strings.Contains(m.Subject(), "Reminder") && !strings.Contains(m.Subject(), "Rappel") {
				t.Errorf("after the downtime: %q, want a reminder", m.Subject())
			}
		}
	})
}

// newKit starts an SMTP sink and a campaign kit over st, acting as user 1.
func newKit(t *testing.T, st *store.Stores) (context.Context, *mailtest.Sink, *campaigntest.Kit) {
	t.Helper()
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorUser, ID: "1"})
	sink := mailtest.Start(t)
	return ctx, sink, campaigntest.NewKit(t, st, sink.Host, sink.Port, t.TempDir())
}

// launch creates a campaign with the default settings and launches it.
func launch(ctx context.Context, t *testing.T, k *campaigntest.Kit, name string) *campaign.Campaign {
	t.Helper()
	c, err := k.Campaign.Create(ctx, campaign.Spec{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Campaign.Launch(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	return c
}
