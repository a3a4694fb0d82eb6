package jobs

import (
	"context"
	"time"

	"github.com/riverqueue/river"
)

// CampaignSendArgs sends one batch (about 500 messages) of a campaign's
// step. The job holds ids only: never an address.
type CampaignSendArgs struct {
	CampaignID int64 `json:"campaign_id"`
	Step       int   `json:"step"`
	Batch      int   `json:"batch"`
}

// Kind implements Job.
func (CampaignSendArgs) Kind() string { return "gdprkit.campaign_send" }

// CampaignTickArgs moves campaigns on: it settles what stopped senders
// left, writes the next chunk of a launch, reminder or purge, closes
// campaigns at their deadline and queues the batches due. It runs every
// CampaignTickEvery and right after a launch or a purge starts.
type CampaignTickArgs struct{}

// Kind implements Job.
func (CampaignTickArgs) Kind() string { return "gdprkit.campaign_tick" }

// CampaignTickEvery is how often CampaignTickArgs runs.
const CampaignTickEvery = 5 * time.Second

// queueCampaigns is the queue of the send jobs: its MaxWorkers bounds the
// SMTP connections of an instance.
const queueCampaigns = "campaigns"

// CampaignSender sends a batch (campaign.Service).
type CampaignSender interface {
	SendCampaignBatch(ctx context.Context, campaignID int64, step, batch int) error
}

// CampaignTicker moves campaigns on (campaign.Service). It reports whether
// work is left that another tick should do at once.
type CampaignTicker interface {
	TickCampaigns(ctx context.Context) (more bool, err error)
}

// InsertOpts puts send jobs on their own queue. A failed job is tried
// again by River, and its rows by the campaign's own retry rules: the
// batch's rows say what is left.
func (CampaignSendArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueCampaigns, MaxAttempts: 5}
}

// InsertOpts: a tick that fails is simply the next tick's work.
func (CampaignTickArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{MaxAttempts: 1}
}

type campaignSendWorker struct {
	river.WorkerDefaults[CampaignSendArgs]
	w *workers
}

// Timeout lets a rate-limited batch take its time.
func (*campaignSendWorker) Timeout(*river.Job[CampaignSendArgs]) time.Duration { return time.Hour }

func (cw *campaignSendWorker) Work(ctx context.Context, job *river.Job[CampaignSendArgs]) error {
	s := cw.w.get().CampaignSender
	if s == nil {
		return errNotConfigured
	}
	return final(s.SendCampaignBatch(ctx, job.Args.CampaignID, job.Args.Step, job.Args.Batch))
}

type campaignTickWorker struct {
	river.WorkerDefaults[CampaignTickArgs]
	w *workers
}

// Timeout bounds a tick: each does a bounded share of the work.
func (*campaignTickWorker) Timeout(*river.Job[CampaignTickArgs]) time.Duration {
	return 5 * time.Minute
}

func (cw *campaignTickWorker) Work(ctx context.Context, _ *river.Job[CampaignTickArgs]) error {
	t := cw.w.get().CampaignTicker
	if t == nil {
		return nil // an instance without campaigns configured
	}
	for {
		more, err := t.TickCampaigns(ctx)
		if err != nil || !more {
			return err
		}
	}
}

func campaignPeriodic() *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(CampaignTickEvery),
		func() (river.JobArgs, *river.InsertOpts) { return CampaignTickArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true, ID: "campaign_tick"})
}

// CampaignConnections is how many campaign batches an instance sends at
// once, each over its own SMTP connection.
var CampaignConnections = 4
