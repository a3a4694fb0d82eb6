package campaign

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/jobs"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

// The purge. At the deadline, the contacts who never confirmed (and did
// not give documented consent another way meanwhile) are the plan. The
// user can download it, count what it would touch, then run it: either
// their personal data are erased from every table, leaving the
// suppression hash (so the address is never imported as mailable again)
// and the purge's aggregate record; or they are kept as "do not contact":
// suppressed, withdrawn. It runs in chunks of PurgeChunk contacts, one
// transaction each, driven by the tick: a stop resumes where it was, and
// a chunk is never applied twice.

// EachPlanned calls fn for every contact of a campaign's purge plan.
func (s *Service) EachPlanned(ctx context.Context, id int64, fn func(PlanRow) error) error {
	c, err := s.ended(ctx, id)
	if err != nil {
		return err
	}
	for after := int64(0); ; {
		rows, err := s.Store.Planned(ctx, c.ID, c.Purpose, after, FanoutSize)
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		if len(rows) < FanoutSize {
			return nil
		}
		after = rows[len(rows)-1].RecipientID
	}
}

// DryRun counts, table by table, what the purge would erase, changing
// nothing.
func (s *Service) DryRun(ctx context.Context, id int64) (PurgeCounts, error) {
	c, err := s.ended(ctx, id)
	if err != nil {
		return PurgeCounts{}, err
	}
	counts, err := s.Store.DryRun(ctx, c.ID, c.Purpose)
	if err != nil {
		return PurgeCounts{}, err
	}
	detail, _ := json.Marshal(counts)
	return counts, s.record(ctx, "purge_dry_run", idString(id), string(detail))
}

// ended returns a campaign whose deadline passed.
func (s *Service) ended(ctx context.Context, id int64) (*Campaign, error) {
	c, err := s.Store.Campaign(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Status != Ended {
		return nil, gdprkit.Errorf(gdprkit.ECONFLICT, "campaign.not_ended", nil, "campaign %d has not reached its deadline", id)
	}
	return c, nil
}

// Purge starts the purge of an ended campaign in mode (PurgeErase or
// PurgeKeep). confirm must repeat the campaign's name: erasure cannot be
// undone. The results are frozen first, since the rows they count go.
func (s *Service) Purge(ctx context.Context, id int64, mode, confirm string) error {
	c, err := s.ended(ctx, id)
	if err != nil {
		return err
	}
	switch {
	case mode != PurgeErase && mode != PurgeKeep:
		return gdprkit.Errorf(gdprkit.EINVALID, "campaign.invalid.purge_mode", nil, "purge mode must be erase or keep")
	case strings.TrimSpace(confirm) != c.Name:
		return gdprkit.Errorf(gdprkit.EINVALID, "campaign.purge_confirm", nil, "type the campaign's name to confirm the purge")
	}
	planned, err := s.countPlanned(ctx, c)
	if err != nil {
		return err
	}
	r, err := s.liveResults(ctx, c)
	if err != nil {
		return err
	}
	r.FrozenAt = s.now()
	report, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if err := s.Store.StartPurge(ctx, c.ID, mode, string(report), planned, jobs.CampaignTickArgs{}); err != nil {
		return err
	}
	detail, _ := json.Marshal(map[string]any{"mode": mode, "planned": planned})
	return s.record(ctx, "purge_started", idString(id), string(detail))
}

func (s *Service) countPlanned(ctx context.Context, c *Campaign) (int, error) {
	n := 0
	for after := int64(0); ; {
		rows, err := s.Store.Planned(ctx, c.ID, c.Purpose, after, FanoutSize)
		if err != nil {
			return 0, err
		}
		n += len(rows)
		if len(rows) < FanoutSize {
			return n, nil
		}
		after = rows[len(rows)-1].RecipientID
	}
}

// purgeNext applies the next chunk of a running purge.
func (s *Service) purgeNext(ctx context.Context, c *Campaign) (bool, error) {
	rows, err := s.Store.Planned(ctx, c.ID, c.Purpose, c.PurgeAfter, PurgeSize)
	if err != nil {
		return false, err
	}
	p := &PurgeChunk{CampaignID: c.ID, Purpose: c.Purpose, Mode: c.PurgeMode, After: c.PurgeAfter, Next: c.PurgeAfter,
		Last: len(rows) < PurgeSize, Rows: rows, Reason: suppression.Purged, Now: s.now()}
	if c.PurgeMode == PurgeKeep {
		p.Reason = suppression.Manual
	}
	for _, r := range rows {
		p.Next = r.RecipientID
		var hs [][]byte
		if s.Suppression != nil {
			hs = s.Suppression.Hashes(address.Address{Key: r.Key, Variant: r.Variant})
		}
		p.Hashes = append(p.Hashes, hs)
	}
	counts, err := s.Store.PurgeChunk(ctx, p)
	if errors.Is(err, ErrMoved) {
		return true, nil
	}
	if err != nil || !p.Last {
		return !p.Last, err
	}
	detail, _ := json.Marshal(counts)
	s.log().Info("campaign: purge done", "campaign", c.ID, "mode", c.PurgeMode)
	return false, s.record(ctx, "purged", idString(c.ID), string(detail))
}
