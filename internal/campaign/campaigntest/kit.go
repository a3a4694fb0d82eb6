package campaigntest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/secrets"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

// Clock is a settable time.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Kit is a campaign service wired over a real database and SMTP server,
// as cmd/gdprkit wires it, without a job queue: tests drive Tick and the
// batches themselves.
type Kit struct {
	St       *store.Stores
	Store    *sqlstore.CampaignStore
	Capture  *capture.Service
	Campaign *campaign.Service
	List     *suppression.List
	Clock    *Clock
}

// Org is the controller the kit's e-mails name.
var Org = campaign.Org{Name: "Acme SA", PrivacyURL: "https://acme.example/privacy"}

// NewKit wires the services; host and port are the SMTP server's.
func NewKit(tb testing.TB, st *store.Stores, host string, port int, journalDir string) *Kit {
	tb.Helper()
	k := &Kit{St: st, Store: st.Campaigns(), Clock: NewClock(time.Now().UTC().Truncate(time.Millisecond))}
	st.DB.Now = k.Clock.Now
	secret := secrets.FromBytes([32]byte{7, 7, 7})
	k.List = suppression.New(st.Consent.Store, secret.Derive(secrets.Suppression))
	keys, err := capture.NewKeyring(st.Consent.Store, secret.Derive(secrets.TokenWrap), k.Clock.Now)
	if err != nil {
		tb.Fatal(err)
	}
	k.Capture = &capture.Service{Store: st.Consent.Store, Keys: keys, Suppression: k.List, Now: k.Clock.Now,
		BaseURL: "https://consent.acme.example", Sender: "Acme"}
	cfg := mailer.Config{Host: host, Port: port, TLS: mailer.TLSNone, From: "Acme <news@acme.example>"}
	k.Campaign = &campaign.Service{Store: k.Store, Links: k.Capture, Catalogue: st.Consent.Store, Suppression: k.List,
		Dial: func(ctx context.Context) (campaign.Conn, error) { return mailer.Dial(ctx, cfg) },
		Org:  func(context.Context) campaign.Org { return Org }, From: cfg.From, JournalDir: journalDir,
		Lease: 5 * time.Second, Now: k.Clock.Now, Audit: sqlstore.NewAuditStore(st.DB)}
	tb.Cleanup(func() { k.Campaign.Close(context.Background()) }) //nolint:errcheck // the test is over
	return k
}

// Drain runs ticks and every queued batch in this process until nothing
// is left to do now.
func (k *Kit) Drain(tb testing.TB) {
	tb.Helper()
	ctx := context.Background()
	for range 1000 {
		more, err := k.Campaign.Tick(ctx)
		if err != nil {
			tb.Fatal(err)
		}
		keys := k.queued(tb)
		for _, b := range keys {
			if err := k.Campaign.SendBatch(ctx, b); err != nil {
				tb.Fatal(err)
			}
		}
		if !more && len(keys) == 0 {
			return
		}
	}
	tb.Fatal("campaign: still busy after 1000 ticks")
}

// queued returns the batches waiting for a job.
func (k *Kit) queued(tb testing.TB) []campaign.BatchKey {
	tb.Helper()
	var out []campaign.BatchKey
	rows, err := k.St.DB.Query(context.Background(), `SELECT campaign_id, step, batch FROM campaign_batches WHERE state = 'queued' ORDER BY campaign_id, step, batch`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var b campaign.BatchKey
		if err := rows.Scan(&b.CampaignID, &b.Step, &b.Batch); err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}
