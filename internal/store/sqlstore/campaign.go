package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/campaign"
	"github.com/gdprkit/gdprkit/internal/jobs"
)

// CampaignStore implements campaign.Store on either database.
type CampaignStore struct {
	db *DB
	// Jobs enqueues follow-up jobs inside the store's transactions; nil
	// for a command that works campaigns itself.
	Jobs jobs.Enqueuer
}

// NewCampaignStore returns the campaign store of db.
func NewCampaignStore(db *DB) *CampaignStore { return &CampaignStore{db: db} }

var _ campaign.Store = (*CampaignStore)(nil)

const campaignCols = `id, uid, name, kind, purpose, status, segment, settings, templates, texts, created_at, created_by, updated_at,
	launched_at, launched_by, deadline_at, ended_at, steps_out, fanout_after, targeted, excluded, report, purge_mode, purge_after, purged_at`

// CreateCampaign stores a new draft and sets its ID and UID.
func (s *CampaignStore) CreateCampaign(ctx context.Context, c *campaign.Campaign) error {
	seg, set, tpl, err := campaignJSON(c)
	if err != nil {
		return err
	}
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return err
	}
	c.UID = hex.EncodeToString(b[:])
	return s.db.InTx(ctx, func(tx *Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO campaigns (uid, name, kind, purpose, status, segment, settings, templates, created_at, created_by, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, c.UID, c.Name, c.Kind, c.Purpose, string(c.Status), seg, set, tpl,
			c.CreatedAt.UnixMilli(), c.CreatedBy, c.UpdatedAt.UnixMilli()).Scan(&c.ID)
	})
}

func campaignJSON(c *campaign.Campaign) (seg, set, tpl string, err error) {
	a, err := json.Marshal(c.Segment)
	if err != nil {
		return "", "", "", err
	}
	b, err := json.Marshal(c.Settings)
	if err != nil {
		return "", "", "", err
	}
	t, err := json.Marshal(c.Templates)
	return string(a), string(b), string(t), err
}

// Campaign returns one campaign.
func (s *CampaignStore) Campaign(ctx context.Context, id int64) (*campaign.Campaign, error) {
	c, err := scanCampaign(s.db.QueryRow(ctx, `SELECT `+campaignCols+` FROM campaigns WHERE id = ?`, id))
	if err != nil {
		return nil, NotFound(err, "campaign.not_found")
	}
	return c, nil
}

// Campaigns returns every campaign, newest first.
func (s *CampaignStore) Campaigns(ctx context.Context) ([]campaign.Campaign, error) {
	return s.campaigns(ctx, `SELECT `+campaignCols+` FROM campaigns ORDER BY id DESC`)
}

// Active returns the running and purging campaigns.
func (s *CampaignStore) Active(ctx context.Context) ([]campaign.Campaign, error) {
	return s.campaigns(ctx, `SELECT `+campaignCols+` FROM campaigns WHERE status IN ('running', 'purging') ORDER BY id`)
}

func (s *CampaignStore) campaigns(ctx context.Context, q string, args ...any) ([]campaign.Campaign, error) {
	var out []campaign.Campaign
	rows, err := s.db.Query(ctx, q, args...)
	err = eachRow(rows, err, func(rows *sql.Rows) error {
		c, err := scanCampaign(rows)
		if err == nil {
			out = append(out, *c)
		}
		return err
	})
	return out, err
}

func scanCampaign(r scanner) (*campaign.Campaign, error) {
	var c campaign.Campaign
	var status, seg, set, tpl, texts, excluded string
	var created, updated int64
	var launched, deadline, ended, purged sql.NullInt64
	err := r.Scan(&c.ID, &c.UID, &c.Name, &c.Kind, &c.Purpose, &status, &seg, &set, &tpl, &texts, &created, &c.CreatedBy, &updated,
		&launched, &c.LaunchedBy, &deadline, &ended, &c.StepsOut, &c.FanoutAfter, &c.Targeted, &excluded, &c.Report, &c.PurgeMode,
		&c.PurgeAfter, &purged)
	if err != nil {
		return nil, err
	}
	c.Status = campaign.Status(status)
	c.CreatedAt, c.UpdatedAt = time.UnixMilli(created).UTC(), time.UnixMilli(updated).UTC()
	c.LaunchedAt, c.DeadlineAt, c.EndedAt, c.PurgedAt = Time(launched), Time(deadline), Time(ended), Time(purged)
	c.Texts = splitIDs(texts)
	for _, f := range []struct {
		s string
		v any
	}{{seg, &c.Segment}, {set, &c.Settings}, {tpl, &c.Templates}, {excluded, &c.Excluded}} {
		if err := json.Unmarshal([]byte(nonEmpty(f.s, "{}")), f.v); err != nil {
			return nil, fmt.Errorf("campaign %d: %w", c.ID, err)
		}
	}
	return &c, nil
}

// UpdateDraft stores a draft's editable fields.
func (s *CampaignStore) UpdateDraft(ctx context.Context, c *campaign.Campaign) error {
	seg, set, tpl, err := campaignJSON(c)
	if err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *Tx) error {
		r, err := tx.Exec(ctx, `UPDATE campaigns SET name = ?, purpose = ?, segment = ?, settings = ?, templates = ?, updated_at = ?
			WHERE id = ? AND status = 'draft'`, c.Name, c.Purpose, seg, set, tpl, c.UpdatedAt.UnixMilli(), c.ID)
		return draftRow(ctx, tx, r, err, c.ID)
	})
}

// draftRow explains an UPDATE of a draft that matched nothing.
func draftRow(ctx context.Context, tx *Tx, r sql.Result, err error, id int64) error {
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var status string
	if err := tx.QueryRow(ctx, `SELECT status FROM campaigns WHERE id = ?`, id).Scan(&status); err != nil {
		return NotFound(err, "campaign.not_found")
	}
	return gdprkit.Errorf(gdprkit.ECONFLICT, "campaign.not_draft", nil, "campaign %d is %s, not a draft", id, status)
}

// Launch moves a draft to running and enqueues job.
func (s *CampaignStore) Launch(ctx context.Context, c *campaign.Campaign, job jobs.Job) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		r, err := tx.Exec(ctx, `UPDATE campaigns SET status = 'running', texts = ?, launched_at = ?, launched_by = ?, deadline_at = ?,
			steps_out = 0, fanout_after = 0, updated_at = ? WHERE id = ? AND status = 'draft'`,
			joinIDs(c.Texts), c.LaunchedAt.UnixMilli(), c.LaunchedBy, c.DeadlineAt.UnixMilli(), tx.Now.UnixMilli(), c.ID)
		if err := draftRow(ctx, tx, r, err, c.ID); err != nil {
			return err
		}
		c.Status = campaign.Running
		return s.enqueue(ctx, tx, job)
	})
}

func (s *CampaignStore) enqueue(ctx context.Context, tx *Tx, job jobs.Job) error {
	if s.Jobs == nil || job == nil {
		return nil // no queue (a command that works the campaign itself)
	}
	return s.Jobs.EnqueueTx(ctx, tx.Tx, job)
}

// EndCampaign closes a running campaign at now.
func (s *CampaignStore) EndCampaign(ctx context.Context, id int64, now time.Time) error {
	return s.db.InTx(ctx, func(tx *Tx) error {
		r, err := tx.Exec(ctx, `UPDATE campaigns SET status = 'ended', ended_at = ?, updated_at = ? WHERE id = ? AND status = 'running'`,
			now.UnixMilli(), tx.Now.UnixMilli(), id)
		if err != nil {
			return err
		}
		if n, err := r.RowsAffected(); err != nil || n == 0 {
			return err // ended already (another instance)
		}
		for _, q := range []string{
			`UPDATE campaign_sends SET state = 'skipped', reply = 'deadline' WHERE campaign_id = ? AND state IN ('pending', 'retry')`,
			`UPDATE campaign_batches SET state = 'done', owner = NULL, lease_until = NULL WHERE campaign_id = ? AND state <> 'running'`,
		} {
			if _, err := tx.Exec(ctx, q, id); err != nil {
				return err
			}
		}
		// The links stop confirming now, even when ended early.
		_, err = tx.Exec(ctx, `UPDATE consent_requests SET expires_at = ? WHERE expires_at > ? AND confirmed_at IS NULL
			AND id IN (SELECT request_id FROM campaign_recipients WHERE campaign_id = ?)`, now.UnixMilli(), now.UnixMilli(), id)
		return err
	})
}
