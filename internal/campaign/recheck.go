package campaign

import (
	"context"
)

// recheck drops the rows that must not go out any more, right before the
// batch is sent: the recipient confirmed, unsubscribed, bounced, was put
// on the suppression list or erased since the launch, or gave documented
// consent another way. They are marked skipped with the reason.
func (s *Service) recheck(ctx context.Context, c *Campaign, rows []Send) ([]Send, error) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ContactID
	}
	cands, err := s.Store.Eligibility(ctx, c.Purpose, c.ID, ids)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(cands))
	for _, cd := range cands {
		keys = append(keys, cd.Key)
	}
	suppressed := map[string]bool{}
	if s.Suppression != nil && len(keys) > 0 {
		if suppressed, err = s.Suppression.Suppressed(ctx, keys); err != nil {
			return nil, err
		}
	}
	var keep []Send
	var skips []Skip
	for _, r := range rows {
		reason, outcome := skipReason(&r, cands[r.ContactID], suppressed)
		if reason == "" {
			keep = append(keep, r)
			continue
		}
		skips = append(skips, Skip{SendID: r.ID, RecipientID: r.RecipientID, Reason: reason, Outcome: outcome})
	}
	if len(skips) > 0 {
		if err := s.Store.Skip(ctx, skips); err != nil {
			return nil, err
		}
	}
	return keep, nil
}

// skipReason decides whether a row goes out, at the moment of sending:
// the launch's exclusions apply again, except those the launch decided
// once (the segment's statuses, Germany, other campaigns).
func skipReason(r *Send, cd *Candidate, suppressed map[string]bool) (reason, outcome string) {
	switch {
	case r.Confirmed:
		return "confirmed", ""
	case cd == nil:
		return "erased", OutcomeWithdrawn
	}
	cd.Suppressed = suppressed[cd.Key]
	cd.InCampaign = false
	switch e := Eligible(cd, Segment{}, Settings{IncludeGermany: true}); e {
	case "":
		return "", ""
	case ExclSuppressed, ExclWithdrawn:
		return string(e), OutcomeWithdrawn
	case ExclUndeliverable:
		return string(e), OutcomeBounced
	default:
		return string(e), ""
	}
}
