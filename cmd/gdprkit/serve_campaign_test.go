package main

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
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

// TestServeRunsCampaigns launches a campaign in the database and checks
// that `gdprkit serve` sends it on its own: the periodic tick writes the
// recipients and the job queue's workers send them. On PostgreSQL two
// instances share the work, and still each recipient gets exactly one
// message.
func TestServeRunsCampaigns(t *testing.T) {
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			sink := mailtest.Start(t)
			dsn, keys := storetest.DSN(t, d), t.TempDir()
			vars := map[string]string{"GDPRKIT_SMTP_HOST": sink.Host, "GDPRKIT_SMTP_PORT": strconv.Itoa(sink.Port),
				"GDPRKIT_SMTP_TLS": "none", "GDPRKIT_MAIL_FROM": "Acme <news@acme.example>", "GDPRKIT_CONTROLLER_NAME": "Acme SA",
				"GDPRKIT_PRIVACY_URL": "https://acme.example/privacy", "GDPRKIT_BASE_URL": "https://consent.acme.example",
				// Instances sharing a database share its keys.
				"GDPRKIT_SECRET_KEY_FILE": filepath.Join(keys, "secret.key"), "GDPRKIT_LEDGER_KEY_FILE": filepath.Join(keys, "ledger-ed25519.pem")}
			instances := 1
			if d == "postgres" {
				instances = 2
			}
			for range instances {
				startServe(t, dbFlag(dsn), vars)
			}

			st, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			const n = 40
			var people []campaigntest.Person
			for i := range n {
				people = append(people, campaigntest.Person{Email: fmt.Sprintf("person%02d@example.com", i), Language: "fr", Status: contacts.Missing})
			}
			campaigntest.Seed(t, st.Contacts, people)
			k := campaigntest.NewKit(t, st, sink.Host, sink.Port, t.TempDir())
			ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorUser, ID: "1"})
			set := campaign.DefaultSettings("fr")
			set.RatePerSecond, set.DomainPerMinute = 0, 0
			c, err := k.Campaign.Create(ctx, campaign.Spec{Name: "Served", Settings: set})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := k.Campaign.Launch(ctx, c.ID); err != nil {
				t.Fatal(err)
			}
			msgs := sink.Wait(t, n, 60*time.Second)
			time.Sleep(time.Second) // a duplicate would arrive now
			per := map[string]int{}
			for _, m := range sink.Messages() {
				per[m.To[0]]++
			}
			if len(per) != n {
				t.Errorf("%d recipients got a message, want %d", len(per), n)
			}
			for to, got := range per {
				if got != 1 {
					t.Errorf("%s got %d messages", to, got)
				}
			}
			if !strings.Contains(msgs[0].Text(), "https://consent.acme.example/consent/confirm/") {
				t.Errorf("no confirmation link in %q", msgs[0].Text())
			}
		})
	}
}

// startServe runs `gdprkit serve` on a free port until the test ends.
func startServe(t *testing.T, db string, vars map[string]string) {
	t.Helper()
	runServe(t, db, vars, func(_, errs string) bool { return strings.Contains(errs, "gdprkit listening") })
}
