package campaign

import (
	"context"
	"time"

	"github.com/gdprkit/gdprkit/internal/jobs"
)

// SendStore is what the senders need.
type SendStore interface {
	// RegisterSender records a sending process; Heartbeat says it lives,
	// and reports false when it is no longer registered: another instance
	// took it for stopped and settled its rows (ResolveSender).
	RegisterSender(ctx context.Context, s *SenderInfo) error
	Heartbeat(ctx context.Context, owner string, now time.Time) (bool, error)
	Senders(ctx context.Context) ([]SenderInfo, error)
	// ResolveSender settles what a dead sender left: its sending rows
	// whose current attempt handedOver lists (row id → attempt) become
	// sent, the others pending again (their message was never handed
	// over, or nobody can tell: see docs/campaigns.md); its batches are
	// ready again; the sender is forgotten.
	ResolveSender(ctx context.Context, owner string, handedOver map[int64]int) (Resolved, error)

	// ClaimBatch leases a batch to owner until the given time, unless a
	// lease still running at now holds it or it is done.
	ClaimBatch(ctx context.Context, b BatchKey, owner string, now, until time.Time) (bool, error)
	// BatchSends returns the batch's rows still to send at now (pending,
	// or retry and due), in id order.
	BatchSends(ctx context.Context, b BatchKey, now time.Time) ([]Send, error)
	// Eligibility reads the current state of contacts for purpose, as
	// Candidates (Suppressed is left to the caller).
	Eligibility(ctx context.Context, purpose string, campaignID int64, contactIDs []int64) (map[int64]*Candidate, error)
	// Skip marks rows not to send, with their reason and the recipient's
	// outcome when it is final.
	Skip(ctx context.Context, skips []Skip) error
	// Advance runs one step of a sender in one transaction: it records the
	// previous message's outcome, then, when the batch is still leased to
	// the sender and the rates allow, claims the next row (pending or
	// retry → sending, with its Message-ID).
	Advance(ctx context.Context, a *Advance) (AdvanceResult, error)
	// ReleaseBatch ends a sender's lease: the batch is done when nothing
	// is left to send, ready again otherwise, due at its earliest retry or
	// at notBefore (rows a rate deferred), whichever is later.
	ReleaseBatch(ctx context.Context, b BatchKey, owner string, notBefore time.Time) error
	// QueueBatches enqueues a job for every batch of a running campaign
	// that is ready and due, whose lease expired, or that was queued
	// before staleBefore without being claimed (its job died with a
	// process), up to limit, and marks them queued.
	QueueBatches(ctx context.Context, now, staleBefore time.Time, limit int, job func(BatchKey) jobs.Job) (int, error)
	// PruneRates deletes rate windows that started before t.
	PruneRates(ctx context.Context, before time.Time) error
	// Active returns the running campaigns, and those purging.
	Active(ctx context.Context) ([]Campaign, error)
}

// SenderInfo is a sending process.
type SenderInfo struct {
	Owner     string
	Host      string
	PID       int
	Started   string // the process start time as the OS reports it
	Heartbeat time.Time
}

// Resolved counts what ResolveSender settled.
type Resolved struct {
	Delivered int // handed over before the process stopped: kept as sent
	Resent    int // never handed over: pending again
	Batches   int
}

// BatchKey names a batch.
type BatchKey struct {
	CampaignID int64
	Step       int
	Batch      int
}

// Send is one message to send: a row of campaign_sends with what the
// e-mail needs.
type Send struct {
	ID          int64
	RecipientID int64
	ContactID   int64
	RequestID   int64
	Step        int
	State       string
	Attempts    int
	Email       string
	Language    string
	FirstName   string
	LastName    string
	Name        string
	Confirmed   bool
}

// Skip is a row not sent.
type Skip struct {
	SendID      int64
	RecipientID int64
	Reason      string // an Exclusion, "confirmed" or "deadline"
	Outcome     string // the recipient's outcome, when final (withdrawn, bounced)
}

// Advance is one step of a sender (Store.Advance).
type Advance struct {
	Owner      string
	Batch      BatchKey
	LeaseUntil time.Time
	Done       *Outcome
	Claim      *Claim
}

// Outcome is what became of a message.
type Outcome struct {
	SendID      int64
	RecipientID int64
	RequestID   int64
	Step        int
	Verdict     Verdict
	Reply       string
	MessageID   string
	SentAt      time.Time
}

// Claim asks for the next row: its Message-ID, and the rates it must fit
// in at Now.
type Claim struct {
	SendID    int64
	MessageID string
	Buckets   []Bucket
	Now       time.Time
}

// AdvanceResult says what Advance did with a Claim.
type AdvanceResult struct {
	Claimed bool
	// LeaseLost: another sender holds the batch now; stop.
	LeaseLost bool
	// Wait: a rate is used up until then; claim again after it.
	Wait time.Time
}
