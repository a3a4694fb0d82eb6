package campaign

import (
	"context"
	"errors"
	"time"

	"github.com/gdprkit/gdprkit/internal/jobs"
)

// Store is the storage campaigns need. internal/store/sqlstore implements
// it for both databases.
type Store interface {
	CreateCampaign(ctx context.Context, c *Campaign) error
	Campaign(ctx context.Context, id int64) (*Campaign, error)
	Campaigns(ctx context.Context) ([]Campaign, error)
	// UpdateDraft stores a draft's name, segment, settings and templates;
	// a campaign launched meanwhile is ECONFLICT.
	UpdateDraft(ctx context.Context, c *Campaign) error

	// Candidates returns up to limit contacts of the segment after the
	// contact id after, in id order, with their status for purpose.
	Candidates(ctx context.Context, seg Segment, purpose string, campaignID, after int64, limit int) ([]Candidate, error)
	// Launch moves a draft to running with its texts, launch time and
	// deadline, and enqueues job, in one transaction.
	Launch(ctx context.Context, c *Campaign, job jobs.Job) error

	// WriteRecipients stores one chunk of the fan-out (FanoutChunk).
	WriteRecipients(ctx context.Context, w *FanoutChunk) error
	// Reminded returns up to limit recipients of campaign id after the
	// recipient id after who get step's reminder: not confirmed, not
	// bounced nor withdrawn, and sent the request.
	Reminded(ctx context.Context, id int64, after int64, limit int) ([]int64, error)
	// WriteReminders stores one chunk of a reminder's fan-out.
	WriteReminders(ctx context.Context, w *ReminderChunk) error
	// EndCampaign closes a running campaign: pending messages are
	// skipped, its confirmation links expire at now.
	EndCampaign(ctx context.Context, id int64, now time.Time) error

	SendStore
	PurgeStore
	ResultStore
	// EachDocumented calls fn for every contact whose consent for purpose
	// is documented or confirmed through a campaign, for the export back
	// to the e-mailing tool.
	EachDocumented(ctx context.Context, purpose string, fn func(ExportRow) error) error
}

// FanoutChunk is one transaction of a launch's fan-out: recipients, their
// consent requests and first messages, the batches to send, and the cursor
// moved from After to Next (a chunk already written is refused, so a
// re-run writes nothing twice).
type FanoutChunk struct {
	Campaign   *Campaign
	After      int64
	Next       int64
	Last       bool // the fan-out of the request is complete
	Recipients []NewRecipient
	Expires    time.Time // of the consent requests: the deadline
	Excluded   Tally     // the chunk's contacts left out, by reason
	// Job returns the job that sends one batch.
	Job func(step, batch int) jobs.Job
}

// NewRecipient is a recipient written at launch.
type NewRecipient struct {
	ContactID int64
	Email     string
	Language  string
	Source    string
	Batch     int
	ID        int64 // set by WriteRecipients
}

// ReminderChunk is one transaction of a reminder's fan-out.
type ReminderChunk struct {
	CampaignID int64
	Step       int
	After      int64
	Next       int64
	Last       bool
	Recipients []int64
	FirstBatch int
	Job        func(step, batch int) jobs.Job
}

// ErrMoved is returned when a chunk's cursor moved meanwhile: another
// instance wrote it, and nothing was written twice.
var ErrMoved = errors.New("campaign: chunk written already")
