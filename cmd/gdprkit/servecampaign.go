package main

import (
	"context"
	"errors"

	"github.com/gdprkit/gdprkit/internal/campaign"
)

// Campaigns in `gdprkit serve`: the service the `gdprkit campaign`
// commands build (campaignkit.go), over the consent feature's capture
// service, sending through the instance's job queue. Every state of a
// campaign lives in the database, so any number of instances on one
// PostgreSQL share the work: River hands each send job to one of them,
// and the periodic tick (jobs.CampaignTickEvery) runs on the leader.

func (a *app) newServerCampaigns(s *server) error {
	svc, err := a.newCampaigns(s.st, s.consent.capture, s.consent.kit.suppression, s.queue, s.log)
	if err != nil {
		return err
	}
	s.campaigns = svc
	return nil
}

// recoverCampaigns settles, at start, what senders that stopped (this
// instance's last run, or another that died) left half done.
func recoverCampaigns(ctx context.Context, c *campaign.Service) error {
	if c == nil {
		return nil
	}
	return c.Recover(systemContext(ctx))
}

// closeCampaigns ends this instance's sending once the queue stopped.
func closeCampaigns(ctx context.Context, c *campaign.Service) error {
	if c == nil {
		return nil
	}
	if err := c.Close(ctx); err != nil {
		return errors.Join(errors.New("campaign sender close"), err)
	}
	return nil
}
