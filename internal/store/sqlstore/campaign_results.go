package sqlstore

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"github.com/gdprkit/gdprkit/internal/campaign"
)

// Counts returns a campaign's messages by step and state, and its
// recipients by outcome.
func (s *CampaignStore) Counts(ctx context.Context, id int64) (campaign.Counts, error) {
	c := campaign.Counts{Outcomes: map[string]int{}}
	rows, err := s.db.Query(ctx, `SELECT step, state, COUNT(*), SUM(CASE WHEN reply LIKE 'dot 2%' THEN 1 ELSE 0 END)
		FROM campaign_sends WHERE campaign_id = ? GROUP BY step, state`, id)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var step, n, delivered int
		var state string
		if err := rows.Scan(&step, &state, &n, &delivered); err != nil {
			return err
		}
		for len(c.Steps) <= step {
			c.Steps = append(c.Steps, map[string]int{})
		}
		c.Steps[step][state] += n
		if state == campaign.StateSent {
			c.Delivered += delivered
		}
		return nil
	})
	if err != nil {
		return c, err
	}
	rows, err = s.db.Query(ctx, `SELECT outcome, COUNT(*), COUNT(confirmed_at) FROM campaign_recipients WHERE campaign_id = ? GROUP BY outcome`, id)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var outcome string
		var n, confirmed int
		if err := rows.Scan(&outcome, &n, &confirmed); err != nil {
			return err
		}
		c.Recipients += n
		c.Confirmed += confirmed
		if outcome != "" {
			c.Outcomes[outcome] += n
		}
		return nil
	})
	return c, err
}

// Timeline returns messages and confirmations per bucket.
func (s *CampaignStore) Timeline(ctx context.Context, id int64, bucket time.Duration) ([]campaign.TimeCount, error) {
	ms := bucket.Milliseconds()
	by := map[int64]*campaign.TimeCount{}
	at := func(b int64) *campaign.TimeCount {
		if by[b] == nil {
			by[b] = &campaign.TimeCount{At: time.UnixMilli(b).UTC()}
		}
		return by[b]
	}
	rows, err := s.db.Query(ctx, `SELECT (sent_at / ?) * ?, SUM(CASE WHEN state = 'sent' THEN 1 ELSE 0 END),
			SUM(CASE WHEN state = 'sent' AND reply LIKE 'dot 2%' THEN 1 ELSE 0 END), SUM(CASE WHEN state = 'bounced' THEN 1 ELSE 0 END)
		FROM campaign_sends WHERE campaign_id = ? AND sent_at IS NOT NULL GROUP BY 1`, ms, ms, id)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var b int64
		var sent, delivered, bounced int
		if err := rows.Scan(&b, &sent, &delivered, &bounced); err != nil {
			return err
		}
		t := at(b)
		t.Sent, t.Delivered, t.Bounced = sent, delivered, bounced
		return nil
	})
	if err != nil {
		return nil, err
	}
	rows, err = s.db.Query(ctx, `SELECT (confirmed_at / ?) * ?, COUNT(*) FROM campaign_recipients
		WHERE campaign_id = ? AND confirmed_at IS NOT NULL GROUP BY 1`, ms, ms, id)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var b int64
		var n int
		if err := rows.Scan(&b, &n); err != nil {
			return err
		}
		at(b).Confirmed = n
		return nil
	})
	out := make([]campaign.TimeCount, 0, len(by))
	for _, t := range by {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, err
}

// Breakdown returns recipients and confirmations per language and source.
func (s *CampaignStore) Breakdown(ctx context.Context, id int64) (byLanguage, bySource []campaign.Rate, err error) {
	read := func(col string) ([]campaign.Rate, error) {
		var out []campaign.Rate
		rows, err := s.db.Query(ctx, `SELECT `+col+`, COUNT(*), COUNT(confirmed_at) FROM campaign_recipients WHERE campaign_id = ? GROUP BY `+col, id)
		err = eachRow(rows, err, func(rows *sql.Rows) error {
			var r campaign.Rate
			err := rows.Scan(&r.Key, &r.Recipients, &r.Confirmed)
			out = append(out, r)
			return err
		})
		return out, err
	}
	if byLanguage, err = read("language"); err != nil {
		return nil, nil, err
	}
	bySource, err = read("source")
	return byLanguage, bySource, err
}

// EachDocumented calls fn for every contact whose consent for purpose is
// documented, or who confirmed it through a campaign and has not
// withdrawn since, with the consent columns read from the ledger.
func (s *CampaignStore) EachDocumented(ctx context.Context, purpose string, fn func(campaign.ExportRow) error) error {
	for after := int64(0); ; {
		page, last, err := s.documentedPage(ctx, purpose, after)
		if err != nil {
			return err
		}
		if err := s.fillProof(ctx, purpose, page); err != nil {
			return err
		}
		for _, r := range page {
			if err := fn(r.row); err != nil {
				return err
			}
		}
		if len(page) == 0 {
			return nil
		}
		after = last
	}
}

type documented struct {
	id  int64
	row campaign.ExportRow
}

func (s *CampaignStore) documentedPage(ctx context.Context, purpose string, after int64) ([]documented, int64, error) {
	var out []documented
	rows, err := s.db.Query(ctx, `SELECT c.id, c.email, c.first_name, c.last_name, c.language, c.consent_channel FROM contacts c
		JOIN consent_state st ON st.contact_id = c.id AND st.purpose = ?
		WHERE c.id > ? AND (st.status = 'documented' OR (st.status NOT IN ('withdrawn', 'undeliverable')
			AND EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.contact_id = c.id AND r.confirmed_at IS NOT NULL)))
		ORDER BY c.id LIMIT 1000`, purpose, after)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var d documented
		err := rows.Scan(&d.id, &d.row.Email, &d.row.FirstName, &d.row.LastName, &d.row.Language, &d.row.Source)
		out = append(out, d)
		return err
	})
	if err != nil || len(out) == 0 {
		return out, after, err
	}
	return out, out[len(out)-1].id, nil
}

// fillProof reads the consent events of a page of contacts and fills
// their opt-in and confirmation columns.
func (s *CampaignStore) fillProof(ctx context.Context, purpose string, page []documented) error {
	if len(page) == 0 {
		return nil
	}
	ids := make([]any, 0, len(page)+1)
	ids = append(ids, purpose)
	for _, d := range page {
		ids = append(ids, d.id)
	}
	evs := map[int64][]campaign.ProofEvent{}
	sources := map[int64]string{}
	rows, err := s.db.Query(ctx, `SELECT contact_id, action, occurred_at, COALESCE(ip, ''), source FROM consent_events
		WHERE purpose = ? AND contact_id IN (`+marks(len(page))+`) ORDER BY id`, ids...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		var id int64
		var e campaign.ProofEvent
		var at sql.NullInt64
		var source string
		if err := rows.Scan(&id, &e.Action, &at, &e.IP, &source); err != nil {
			return err
		}
		e.OccurredAt = Time(at)
		evs[id] = append(evs[id], e)
		if e.Action == "confirmation" {
			sources[id] = source
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range page {
		r := &page[i].row
		r.OptinAt, r.OptinIP, r.ConfirmAt, r.ConfirmIP = campaign.Proof(evs[page[i].id])
		if src := sources[page[i].id]; src != "" {
			r.Source = src
		}
	}
	return nil
}
