package campaign

import (
	"context"
	"time"

	"github.com/gdprkit/gdprkit/internal/jobs"
)

// PurgeStore is what the purge needs.
type PurgeStore interface {
	// Planned returns up to limit recipients of the purge plan after the
	// recipient id after: not confirmed, still in the base, and without
	// documented consent for purpose gained some other way.
	Planned(ctx context.Context, id int64, purpose string, after int64, limit int) ([]PlanRow, error)
	// DryRun counts what erasing (or keeping) the plan's contacts would
	// touch, table by table, changing nothing.
	DryRun(ctx context.Context, id int64, purpose string) (PurgeCounts, error)
	// StartPurge moves an ended campaign to purging with its mode and the
	// frozen report, opens the purge's record and enqueues job (a tick).
	StartPurge(ctx context.Context, id int64, mode, report string, planned int, job jobs.Job) error
	// PurgeChunk erases (or suppresses and keeps) one chunk of the plan in
	// one transaction and moves the cursor; with Last it closes the
	// purge. It returns the purge's counts so far. A chunk whose cursor
	// moved already is ErrMoved, so a re-run erases nothing twice.
	PurgeChunk(ctx context.Context, p *PurgeChunk) (PurgeCounts, error)
	// Purges returns a campaign's purge records.
	Purges(ctx context.Context, id int64) ([]PurgeRecord, error)
}

// PlanRow is one contact of the purge plan.
type PlanRow struct {
	RecipientID int64
	ContactID   int64
	Email       string
	Key         string
	Variant     string
	FirstName   string
	LastName    string
	Language    string
	Source      string
	Outcome     string // why: not answered, bounced, withdrawn, failed
}

// PurgeChunk is one transaction of a purge.
type PurgeChunk struct {
	CampaignID int64
	Purpose    string
	Mode       string
	After      int64
	Next       int64
	Last       bool
	Rows       []PlanRow
	// Hashes are the suppression hashes of each row's address
	// (suppression.List.Hashes), in Rows order.
	Hashes [][][]byte
	Reason string // the suppression reason
	Now    time.Time
}

// PurgeCounts are rows touched by a purge, table by table.
type PurgeCounts struct {
	Contacts     int `json:"contacts"`      // contacts erased (or kept as "do not contact")
	Sources      int `json:"sources"`       // contact_sources rows deleted (the imported rows)
	Events       int `json:"events"`        // ledger events whose personal columns were blanked
	States       int `json:"states"`        // consent_state rows deleted
	Requests     int `json:"requests"`      // consent_requests deleted
	Recipients   int `json:"recipients"`    // campaign recipient rows deleted (every campaign)
	Sends        int `json:"sends"`         // campaign message rows deleted
	Rejects      int `json:"rejects"`       // import_rejects rows naming the address deleted
	AuditEntries int `json:"audit_entries"` // audit-trail entries unlinked from the contact
	Suppressions int `json:"suppressions"`  // suppression hashes added
}

// Add sums counts.
func (p *PurgeCounts) Add(q PurgeCounts) {
	p.Contacts += q.Contacts
	p.Sources += q.Sources
	p.Events += q.Events
	p.States += q.States
	p.Requests += q.Requests
	p.Recipients += q.Recipients
	p.Sends += q.Sends
	p.Rejects += q.Rejects
	p.AuditEntries += q.AuditEntries
	p.Suppressions += q.Suppressions
}

// PurgeRecord is the accountability record of a purge: numbers only.
type PurgeRecord struct {
	ID         int64
	Mode       string
	Actor      string
	StartedAt  time.Time
	FinishedAt time.Time
	Planned    int
	Done       int
	Counts     PurgeCounts
}

// ExportRow is a documented contact in the export back to the e-mailing
// tool.
type ExportRow struct {
	Email     string
	FirstName string
	LastName  string
	Language  string
	OptinAt   time.Time
	OptinIP   string
	ConfirmAt time.Time
	ConfirmIP string
	Source    string // channel of the deciding evidence, or campaign:<id>
}
