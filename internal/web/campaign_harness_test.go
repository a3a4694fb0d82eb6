package web

import (
	"context"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/jobs"
	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
)

// newCampaignService wires the campaign service as cmd/gdprkit does, over
// the consent fixture's capture service and SMTP sink; its jobs go to the
// harness's queue and tests drive the sending (drainCampaigns).
func newCampaignService(t testing.TB, st *store.Stores, cf *consentFixture, q jobs.Enqueuer) *campaign.Service {
	t.Helper()
	cs := st.Campaigns()
	cs.Jobs = q
	// One-click unsubscribe needs HTTPS links: the campaign's links name
	// the public address, not the test server's.
	links := *cf.capture
	links.BaseURL = "https://consent.acme.example"
	cfg := mailer.Config{Host: cf.sink.Host, Port: cf.sink.Port, TLS: mailer.TLSNone, From: "Acme <news@acme.example>"}
	svc := &campaign.Service{Store: cs, Links: &links, Catalogue: st.Consent.Store, Suppression: cf.list,
		Dial:  func(ctx context.Context) (campaign.Conn, error) { return mailer.Dial(ctx, cfg) },
		Audit: sqlstore.NewAuditStore(st.DB), From: cfg.From, JournalDir: t.TempDir(), Lease: 5 * time.Second,
		Org: func(context.Context) campaign.Org {
			return campaign.Org{Name: "Acme SA", PrivacyURL: "https://acme.example/privacy"}
		}}
	t.Cleanup(func() { svc.Close(context.Background()) }) //nolint:errcheck // the test is over
	return svc
}

// campaignFixture creates a draft campaign over the base, for the route ×
// role test.
func (h *harness) campaignFixture() int64 {
	h.t.Helper()
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorSystem})
	c, err := h.campaigns.Create(ctx, campaign.Spec{Name: "Matrix campaign"})
	if err != nil {
		h.t.Fatal(err)
	}
	return c.ID
}

// drainCampaigns runs ticks and the queued send batches, as the job queue
// would, until nothing is left to do now.
func (h *harness) drainCampaigns() {
	h.t.Helper()
	ctx := context.Background()
	for range 200 {
		more, err := h.campaigns.Tick(ctx)
		if err != nil {
			h.t.Fatal(err)
		}
		keys := h.queuedBatches()
		for _, b := range keys {
			if err := h.campaigns.SendBatch(ctx, b); err != nil {
				h.t.Fatal(err)
			}
		}
		if !more && len(keys) == 0 {
			return
		}
	}
	h.t.Fatal("campaigns still busy after 200 ticks")
}

func (h *harness) queuedBatches() []campaign.BatchKey {
	h.t.Helper()
	rows, err := h.st.DB.Query(context.Background(), `SELECT campaign_id, step, batch FROM campaign_batches WHERE state = 'queued' ORDER BY campaign_id, step, batch`)
	if err != nil {
		h.t.Fatal(err)
	}
	defer rows.Close()
	var out []campaign.BatchKey
	for rows.Next() {
		var b campaign.BatchKey
		if err := rows.Scan(&b.CampaignID, &b.Step, &b.Batch); err != nil {
			h.t.Fatal(err)
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		h.t.Fatal(err)
	}
	return out
}
