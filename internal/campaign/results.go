package campaign

import (
	"context"
	"encoding/json"
	"sort"
	"time"
)

// ResultStore reads a campaign's results.
type ResultStore interface {
	// Counts returns the messages of each step by state, and the
	// recipients by outcome.
	Counts(ctx context.Context, id int64) (Counts, error)
	// Timeline returns the messages and confirmations per bucket of the
	// given length.
	Timeline(ctx context.Context, id int64, bucket time.Duration) ([]TimeCount, error)
	// Breakdown returns recipients and confirmations per language and per
	// source.
	Breakdown(ctx context.Context, id int64) (byLanguage, bySource []Rate, err error)
}

// Counts are a campaign's figures.
type Counts struct {
	Recipients int            `json:"recipients"`
	Confirmed  int            `json:"confirmed"`
	Outcomes   map[string]int `json:"outcomes"` // confirmed, bounced, withdrawn, failed
	// Steps holds, per step (0: the request), messages by state.
	Steps []map[string]int `json:"steps"`
	// Delivered: messages the server accepted with a 2xx reply.
	Delivered int `json:"delivered"`
}

// Messages sums the messages of every step in a state.
func (c Counts) Messages(state string) int {
	n := 0
	for _, s := range c.Steps {
		n += s[state]
	}
	return n
}

// Share is the confirmed share of the recipients, 0..1.
func (c Counts) Share() float64 {
	if c.Recipients == 0 {
		return 0
	}
	return float64(c.Confirmed) / float64(c.Recipients)
}

// TimeCount is what happened in one bucket of time.
type TimeCount struct {
	At        time.Time `json:"at"`
	Sent      int       `json:"sent"`      // handed over (accepted or not read)
	Delivered int       `json:"delivered"` // accepted with a 2xx reply
	Bounced   int       `json:"bounced"`
	Confirmed int       `json:"confirmed"`
}

// Rate is recipients and confirmations for one language or source.
type Rate struct {
	Key        string  `json:"key"`
	Recipients int     `json:"recipients"`
	Confirmed  int     `json:"confirmed"`
	Share      float64 `json:"share"`
}

// Results are a campaign's figures for the results page and the final
// report. Before a purge they are frozen into the campaign, since the
// rows of the purged recipients go with their data.
type Results struct {
	Counts     Counts         `json:"counts"`
	Timeline   []TimeCount    `json:"timeline"`
	ByLanguage []Rate         `json:"by_language"`
	BySource   []Rate         `json:"by_source"`
	Excluded   map[string]int `json:"excluded"`
	Targeted   int            `json:"targeted"`
	FrozenAt   time.Time      `json:"frozen_at,omitzero"`
	Purges     []PurgeRecord  `json:"purges,omitempty"`
}

// Cumulative turns per-bucket counts into running totals, for the chart.
func Cumulative(ts []TimeCount) []TimeCount {
	out := make([]TimeCount, len(ts))
	var acc TimeCount
	for i, t := range ts {
		acc.Sent += t.Sent
		acc.Delivered += t.Delivered
		acc.Bounced += t.Bounced
		acc.Confirmed += t.Confirmed
		acc.At = t.At
		out[i] = acc
	}
	return out
}

// Bucket picks the timeline's step for a campaign that has run for d: an
// hour over the first days, a day after.
func BucketFor(d time.Duration) time.Duration {
	if d <= 3*day {
		return time.Hour
	}
	return day
}

// shares fills Share and sorts by recipients, largest first.
func shares(rs []Rate) []Rate {
	for i := range rs {
		if rs[i].Recipients > 0 {
			rs[i].Share = float64(rs[i].Confirmed) / float64(rs[i].Recipients)
		}
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if rs[i].Recipients != rs[j].Recipients {
			return rs[i].Recipients > rs[j].Recipients
		}
		return rs[i].Key < rs[j].Key
	})
	return rs
}

// Results returns a campaign's figures: the frozen report after a purge
// began, the live figures before.
func (s *Service) Results(ctx context.Context, id int64) (*Results, *Campaign, error) {
	c, err := s.Store.Campaign(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	purges, err := s.Store.Purges(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if c.Report != "" {
		var r Results
		if err := json.Unmarshal([]byte(c.Report), &r); err != nil {
			return nil, nil, err
		}
		r.Purges = purges
		return &r, c, nil
	}
	r, err := s.liveResults(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	r.Purges = purges
	return r, c, nil
}

func (s *Service) liveResults(ctx context.Context, c *Campaign) (*Results, error) {
	counts, err := s.Store.Counts(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	r := &Results{Counts: counts, Targeted: c.Targeted, Excluded: map[string]int{}}
	for k, v := range c.Excluded {
		r.Excluded[string(k)] = v
	}
	if !c.LaunchedAt.IsZero() {
		end := s.now()
		if !c.EndedAt.IsZero() {
			end = c.EndedAt
		}
		if r.Timeline, err = s.Store.Timeline(ctx, c.ID, BucketFor(end.Sub(c.LaunchedAt))); err != nil {
			return nil, err
		}
	}
	byLang, bySource, err := s.Store.Breakdown(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	r.ByLanguage, r.BySource = shares(byLang), shares(bySource)
	return r, nil
}

// Progress is how far a campaign's messages due now have gone.
type Progress struct {
	Done  int // sent, bounced, failed or skipped
	Total int // every message written so far
	Retry int // waiting for a later attempt
	// Busy: messages are due now, or a step or a purge is being written.
	Busy bool
}

// Progress returns how far campaign id is.
func (s *Service) Progress(ctx context.Context, id int64) (Progress, *Campaign, error) {
	c, err := s.Store.Campaign(ctx, id)
	if err != nil {
		return Progress{}, nil, err
	}
	counts, err := s.Store.Counts(ctx, id)
	if err != nil {
		return Progress{}, nil, err
	}
	var p Progress
	for _, st := range counts.Steps {
		for state, n := range st {
			p.Total += n
			switch state {
			case StateSent, StateBounced, StateFailed, StateSkipped:
				p.Done += n
			case StateRetry:
				p.Retry += n
			}
		}
	}
	open := p.Total - p.Done - p.Retry
	due := c.StepsOut < Steps(c.Settings) && StepDue(c.LaunchedAt, c.Settings, c.StepsOut, s.now())
	p.Busy = c.Status == Purging || (c.Status == Running && (open > 0 || due))
	return p, c, nil
}
