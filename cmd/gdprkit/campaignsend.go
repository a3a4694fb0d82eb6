package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/jobs"
	"github.com/gdprkit/gdprkit/internal/progress"
)

func (a *app) campaignSendCommand() *cobra.Command {
	var yes bool
	var test, lang string
	cmd := &cobra.Command{
		Use:   "send ID",
		Short: "Launch a draft (with --yes) and send what is due now, with progress; --test sends one test message",
		Long: `Launches a draft after showing whom it reaches and who is left out (add --yes to confirm), then
works the campaign's jobs in this process until every message due now is sent: the request at the
launch, each reminder on its day. Stopped or killed, it resumes where it was when run again (or by
"gdprkit serve"): no recipient gets a message twice, none is skipped.`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx, id, err := idArg(cmd, args)
			if err != nil {
				return err
			}
			if test != "" {
				return a.testSend(ctx, id, lang, test)
			}
			return a.sendCampaign(ctx, id, yes)
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "launch a draft without asking")
	cmd.Flags().StringVar(&test, "test", "", "send one test message to this address instead")
	cmd.Flags().StringVar(&lang, "test-language", "en", "language of the test message: en or fr")
	return cmd
}

func (a *app) testSend(ctx context.Context, id int64, lang, to string) error {
	return a.withCampaigns(ctx, false, func(e *campaignEnv) error {
		if err := e.svc.TestSend(ctx, id, lang, to); err != nil {
			return err
		}
		fmt.Fprintln(a.stdout, a.t("campaign.cli.test_sent", nil))
		return nil
	})
}

func (a *app) sendCampaign(ctx context.Context, id int64, yes bool) error {
	return a.withCampaigns(ctx, true, func(e *campaignEnv) error { return a.sendWith(ctx, e, id, yes) })
}

func (a *app) sendWith(ctx context.Context, e *campaignEnv, id int64, yes bool) error {
	c, err := e.svc.Get(ctx, id)
	if err != nil {
		return err
	}
	if c.Status == campaign.Draft {
		if err := a.launch(ctx, e, id, yes); err != nil {
			return err
		}
	}
	if err := a.work(ctx, e, id, "send"); err != nil {
		return err
	}
	return a.printStatus(ctx, e, id)
}

func (a *app) launch(ctx context.Context, e *campaignEnv, id int64, yes bool) error {
	p, _, err := e.svc.Prospect(ctx, id)
	if err != nil {
		return err
	}
	a.printProspect(a.stdout, p)
	if !yes {
		return usageError{errors.New(a.t("campaign.cli.confirm_launch", nil))}
	}
	_, err = e.svc.Launch(ctx, id)
	return err
}

// work runs the job queue and the campaign's ticks in this process until
// nothing is due now (or the purge is done), drawing progress.
func (a *app) work(ctx context.Context, e *campaignEnv, id int64, stage string) error {
	// The periodic cleanup may land here: it is left to `gdprkit serve`.
	if err := e.queue.Start(ctx, jobs.Workers{CampaignSender: e.svc, CampaignTicker: e.svc, Cleaner: noCleanup{}}); err != nil {
		return err
	}
	err := a.loop(ctx, e, id, stage)
	stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	return errors.Join(err, e.queue.Stop(stop), e.svc.Close(stop))
}

func (a *app) loop(ctx context.Context, e *campaignEnv, id int64, stage string) error {
	bar := progress.New(a.progressOut(), map[string]string{"send": a.t("campaign.cli.sending", nil), "purge": a.t("campaign.cli.purging", nil)})
	defer bar.Done()
	total, done := -1, 0
	for {
		more, err := e.svc.Tick(ctx)
		if err != nil && ctx.Err() == nil {
			return err
		}
		p, _, err := e.svc.Progress(ctx, id)
		if err != nil {
			return err
		}
		if p.Total != total {
			total, done = p.Total, 0
			bar.Stage(stage, int64(total))
		}
		bar.Add(int64(p.Done - done))
		done = p.Done
		if !p.Busy || ctx.Err() != nil {
			return nil
		}
		if !more {
			select {
			case <-ctx.Done():
			case <-time.After(200 * time.Millisecond):
			}
		}
	}
}

// noCleanup leaves the web application's cleanup to the next run of
// `gdprkit serve`.
type noCleanup struct{}

func (noCleanup) Cleanup(context.Context) error { return nil }
