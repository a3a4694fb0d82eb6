package campaign

import (
	"context"
	"errors"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/jobs"
)

// Chunk sizes: a transaction of the fan-out, of a reminder or of the
// purge touches at most this many contacts (stack.md §3.3: bounded
// writers let River, the web pages and other writers interleave).
const (
	FanoutSize = 5000
	PurgeSize  = 500
)

// SendCampaignBatch implements jobs.CampaignSender.
func (s *Service) SendCampaignBatch(ctx context.Context, campaignID int64, step, batch int) error {
	return s.SendBatch(ctx, BatchKey{CampaignID: campaignID, Step: step, Batch: batch})
}

// TickCampaigns implements jobs.CampaignTicker.
func (s *Service) TickCampaigns(ctx context.Context) (bool, error) { return s.Tick(ctx) }

// Tick moves every active campaign one step: it settles what stopped
// senders left, closes campaigns whose deadline passed, writes one chunk
// of a launch, a reminder or a purge, and queues the batches due. It is
// safe to run on several instances at once (each write checks the state
// it read). more says work is left for another tick right away.
func (s *Service) Tick(ctx context.Context) (more bool, err error) {
	if err := s.Recover(ctx); err != nil {
		return false, err
	}
	cs, err := s.Store.Active(ctx)
	if err != nil {
		return false, err
	}
	for i := range cs {
		m, err := s.advance(ctx, &cs[i])
		if err != nil {
			return false, err
		}
		more = more || m
	}
	now := s.now()
	if _, err := s.Store.QueueBatches(ctx, now, now.Add(-2*s.lease()), 200, sendJob); err != nil {
		return false, err
	}
	return more, s.Store.PruneRates(ctx, now.Add(-2*time.Minute))
}

func sendJob(b BatchKey) jobs.Job {
	return jobs.CampaignSendArgs{CampaignID: b.CampaignID, Step: b.Step, Batch: b.Batch}
}

// advance does one campaign's next piece of work.
func (s *Service) advance(ctx context.Context, c *Campaign) (bool, error) {
	now := s.now()
	switch {
	case c.Status == Purging:
		return s.purgeNext(ctx, c)
	case c.Status != Running:
		return false, nil
	case !now.Before(c.DeadlineAt):
		return false, s.end(ctx, c, now)
	case c.StepsOut < Steps(c.Settings) && StepDue(c.LaunchedAt, c.Settings, c.StepsOut, now):
		if c.StepsOut == 0 {
			return s.fanout(ctx, c)
		}
		if Superseded(c.LaunchedAt, c.Settings, c.StepsOut, now) {
			return s.skipReminder(ctx, c)
		}
		return s.remind(ctx, c)
	}
	return false, nil
}

// fanout writes the next chunk of the launch: the segment's contacts
// after the cursor, those eligible as recipients with their consent
// request and first message, the others counted by reason.
func (s *Service) fanout(ctx context.Context, c *Campaign) (bool, error) {
	cands, err := s.Store.Candidates(ctx, c.Segment, c.Purpose, c.ID, c.FanoutAfter, FanoutSize)
	if err != nil {
		return false, err
	}
	if err := s.markSuppressed(ctx, cands); err != nil {
		return false, err
	}
	w := &FanoutChunk{Campaign: c, After: c.FanoutAfter, Next: c.FanoutAfter, Last: len(cands) < FanoutSize,
		Expires: c.DeadlineAt, Job: func(step, batch int) jobs.Job { return sendJob(BatchKey{c.ID, step, batch}) }, Excluded: Tally{}}
	for i := range cands {
		cd := &cands[i]
		w.Next = cd.ContactID
		if e := Eligible(cd, c.Segment, c.Settings); e != "" {
			w.Excluded.Add(e)
			continue
		}
		w.Recipients = append(w.Recipients, NewRecipient{ContactID: cd.ContactID, Email: cd.Email,
			Language: Language(cd.Language, c.Settings.Language), Source: cd.Source})
	}
	err = s.Store.WriteRecipients(ctx, w)
	if errors.Is(err, ErrMoved) {
		return true, nil // another instance wrote this chunk
	}
	return !w.Last, err
}

// markSuppressed looks candidates up in the suppression list.
func (s *Service) markSuppressed(ctx context.Context, cands []Candidate) error {
	if s.Suppression == nil || len(cands) == 0 {
		return nil
	}
	keys := make([]string, len(cands))
	for i := range cands {
		keys[i] = cands[i].Key
	}
	found, err := s.Suppression.Suppressed(ctx, keys)
	if err != nil {
		return err
	}
	for i := range cands {
		cands[i].Suppressed = found[cands[i].Key]
	}
	return nil
}

// remind writes the next chunk of reminder StepsOut: the recipients who
// were sent the request and have not answered, bounced or left.
func (s *Service) remind(ctx context.Context, c *Campaign) (bool, error) {
	ids, err := s.Store.Reminded(ctx, c.ID, c.FanoutAfter, FanoutSize)
	if err != nil {
		return false, err
	}
	w := &ReminderChunk{CampaignID: c.ID, Step: c.StepsOut, After: c.FanoutAfter, Next: c.FanoutAfter, Last: len(ids) < FanoutSize,
		Recipients: ids, Job: func(step, batch int) jobs.Job { return sendJob(BatchKey{c.ID, step, batch}) }}
	if len(ids) > 0 {
		w.Next = ids[len(ids)-1]
	}
	err = s.Store.WriteReminders(ctx, w)
	if errors.Is(err, ErrMoved) {
		return true, nil
	}
	return !w.Last, err
}

// skipReminder closes reminder StepsOut without writing what is left of
// it: a later reminder is due already. Recipients it reached before a stop
// keep it; the others get the later one only.
func (s *Service) skipReminder(ctx context.Context, c *Campaign) (bool, error) {
	err := s.Store.WriteReminders(ctx, &ReminderChunk{CampaignID: c.ID, Step: c.StepsOut, After: c.FanoutAfter, Next: c.FanoutAfter, Last: true})
	if errors.Is(err, ErrMoved) {
		return true, nil
	}
	if err == nil {
		s.log().Info("campaign: reminder skipped, the next one is due already", "campaign", c.ID, "step", c.StepsOut)
	}
	return true, err
}

// end closes a campaign at its deadline.
func (s *Service) end(ctx context.Context, c *Campaign, now time.Time) error {
	if err := s.Store.EndCampaign(ctx, c.ID, now); err != nil {
		return err
	}
	s.log().Info("campaign: deadline reached", "campaign", c.ID)
	ctx = gdprkit.NewContext(ctx, gdprkit.Actor{Kind: gdprkit.ActorSystem, ID: "deadline"})
	return s.record(ctx, "ended", idString(c.ID), `{"by":"deadline"}`)
}
