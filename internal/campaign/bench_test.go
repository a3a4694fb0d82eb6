package campaign_test

import (
	"context"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/campaign/campaigntest"
	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/mailer/mailtest"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// benchConnections is how many batches are sent at once, as the job
// queue of `gdprkit campaign send` does by default
// (GDPRKIT_CAMPAIGN_CONNECTIONS).
const benchConnections = 4

// BenchmarkCampaignSend launches a campaign to N contacts (10,000, or
// GDPRKIT_BENCH_CAMPAIGN_RECIPIENTS) with the rates off and sends every
// message to the in-process SMTP sink over real TCP, on SQLite and on
// PostgreSQL: the fan-out, then the batches, four at once. An operation
// is one whole campaign. Baselines of the same run: the very messages
// the sink received, sent again to it without the database, over one
// connection and over four (what SMTP alone costs).
//
//	go test ./internal/campaign -run '^$' -bench CampaignSend -benchtime 3x
func BenchmarkCampaignSend(b *testing.B) {
	n := 10000
	if v := os.Getenv("GDPRKIT_BENCH_CAMPAIGN_RECIPIENTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	for _, d := range storetest.Dialects {
		b.Run(d, func(b *testing.B) { benchSend(b, d, n) })
	}
}

func benchSend(b *testing.B, dialect string, n int) {
	ctx := gdprkit.NewContext(context.Background(), gdprkit.Actor{Kind: gdprkit.ActorCLI, ID: "bench"})
	sink := mailtest.Start(b)
	var send, one, four time.Duration
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		st := storetest.Open(b, dialect)
		k := campaigntest.NewKit(b, st, sink.Host, sink.Port, b.TempDir())
		campaigntest.Seed(b, st.Contacts, campaigntest.Many(n))
		spec := campaign.Spec{Name: "Bench", Settings: campaign.DefaultSettings("en")}
		spec.Settings.RatePerSecond, spec.Settings.DomainPerMinute, spec.Settings.Reminders = 0, 0, nil
		c, err := k.Campaign.Create(ctx, spec)
		if err != nil {
			b.Fatal(err)
		}
		sink.Reset()
		b.StartTimer()
		start := time.Now()
		if _, err := k.Campaign.Launch(ctx, c.ID); err != nil {
			b.Fatal(err)
		}
		drainParallel(b, k, benchConnections)
		send += time.Since(start)
		b.StopTimer()
		msgs := sink.Messages()
		if len(msgs) != n {
			b.Fatalf("the sink received %d messages, want %d", len(msgs), n)
		}
		sink.Reset()
		one += resend(b, sink, msgs, 1)
		four += resend(b, sink, msgs, benchConnections)
		sink.Reset()
		if err := k.Campaign.Close(context.Background()); err != nil {
			b.Fatal(err)
		}
		st.Close()
	}
	total := float64(n * b.N)
	b.ReportMetric(total/send.Seconds(), "msgs/s")
	b.ReportMetric(total/one.Seconds(), "smtp1-msgs/s")
	b.ReportMetric(total/four.Seconds(), "smtp4-msgs/s")
	b.ReportMetric(four.Seconds()/send.Seconds(), "x-smtp4")
}

// drainParallel runs ticks, and the batches they queue conns at a time,
// until nothing is left to send.
func drainParallel(b *testing.B, k *campaigntest.Kit, conns int) {
	ctx := context.Background()
	for range 10000 {
		more, err := k.Campaign.Tick(ctx)
		if err != nil {
			b.Fatal(err)
		}
		keys := queuedBatches(b, k)
		if !more && len(keys) == 0 {
			return
		}
		work := make(chan campaign.BatchKey)
		errs := make(chan error, conns)
		var wg sync.WaitGroup
		for range conns {
			wg.Go(func() {
				for key := range work {
					if err := k.Campaign.SendBatch(ctx, key); err != nil {
						errs <- err
						return
					}
				}
			})
		}
		for _, key := range keys {
			work <- key
		}
		close(work)
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
	b.Fatal("campaign: still busy after 10000 ticks")
}

func queuedBatches(b *testing.B, k *campaigntest.Kit) []campaign.BatchKey {
	rows, err := k.St.DB.Query(context.Background(), `SELECT campaign_id, step, batch FROM campaign_batches WHERE state = 'queued' ORDER BY 1, 2, 3`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var out []campaign.BatchKey
	for rows.Next() {
		var key campaign.BatchKey
		if err := rows.Scan(&key.CampaignID, &key.Step, &key.Batch); err != nil {
			b.Fatal(err)
		}
		out = append(out, key)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}

// resend sends msgs again to the sink over conns connections, each its
// share in turn, and returns the time it took.
func resend(b *testing.B, sink *mailtest.Sink, msgs []mailtest.Message, conns int) time.Duration {
	cfg := mailer.Config{Host: sink.Host, Port: sink.Port, TLS: mailer.TLSNone, From: "Acme <news@acme.example>"}
	cs := make([]*mailer.Conn, conns)
	for i := range cs {
		c, err := mailer.Dial(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		cs[i] = c
	}
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, conns)
	for i, c := range cs {
		wg.Go(func() {
			for j := i; j < len(msgs); j += conns {
				m := &msgs[j]
				if d := c.Deliver(&mailer.Built{From: m.From, To: m.To[0], Data: m.Data}, nil); d.Code != 250 {
					errs <- &smtpError{d}
					return
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	for _, c := range cs {
		c.Close() //nolint:errcheck // the messages are done
	}
	if got := sink.Count(); got != len(msgs) {
		b.Fatalf("the sink received %d messages again, want %d", got, len(msgs))
	}
	sink.Reset()
	return elapsed
}

type smtpError struct{ d mailer.Delivery }

func (e *smtpError) Error() string {
	return "smtp: " + e.d.Phase + " " + strconv.Itoa(e.d.Code) + " " + e.d.Text
}
