// Package campaign runs re-permission campaigns: it asks the contacts whose
// consent is not documented to confirm it, once, through the double opt-in
// flow of package capture, reminds those who do not answer, and at the
// deadline purges the personal data of those who never confirmed, leaving
// only the suppression hash and an aggregate record. Then it exports the
// clean base in the import format of the e-mailing tool.
//
// The rules are pure and table-tested: who may be targeted (target.go),
// when each step and the deadline fall (schedule.go), when a temporary
// failure is tried again (retry.go), what a rate window allows (rate.go),
// what the e-mail must say (checklist.go). Storage is reached through
// Store; sending goes through durable jobs (package jobs) and an SMTP
// connection of package mailer, with the exactly-once protocol described
// in sender.go and docs/campaigns.md.
package campaign

import (
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts"
)

// Campaign is a re-permission campaign.
type Campaign struct {
	ID   int64
	UID  string // random; names the campaign in Message-IDs
	Name string
	// Kind is KindRepermission. A policy notice (a later feature) reuses
	// the engine with another kind.
	Kind      string
	Purpose   string // the purpose slug people are asked to confirm
	Status    Status
	Segment   Segment
	Settings  Settings
	Templates map[string]Template // by language: "en", "fr"
	// Texts are the consent text versions frozen at launch, one per
	// language: the e-mail as sent, which confirmations cite.
	Texts []int64

	CreatedAt  time.Time
	CreatedBy  string
	UpdatedAt  time.Time
	LaunchedAt time.Time
	LaunchedBy string
	DeadlineAt time.Time
	EndedAt    time.Time

	// StepsOut counts the steps whose recipients are all written; the
	// step StepsOut is being written from cursor FanoutAfter.
	StepsOut    int
	FanoutAfter int64
	Targeted    int
	Excluded    map[Exclusion]int

	Report     string // JSON Results frozen before the purge
	PurgeMode  string
	PurgeAfter int64
	PurgedAt   time.Time
}

// Status is where a campaign is in its life.
type Status string

// Statuses.
const (
	Draft   Status = "draft"   // being written; nothing sent
	Running Status = "running" // launched: sending, reminding, collecting confirmations
	Ended   Status = "ended"   // the deadline passed: the purge plan is ready
	Purging Status = "purging" // the purge is running
	Purged  Status = "purged"  // done: only aggregates remain of those purged
)

// LabelKey is the translation key of the status.
func (s Status) LabelKey() string { return "campaign.status." + string(s) }

// KindRepermission asks contacts without documented consent to confirm.
const KindRepermission = "repermission"

// Segment selects the contacts a campaign may target: the re-permission
// segment of an import, or a filter on the base. Either way only contacts
// whose consent is weak or missing are ever targeted (Eligible).
type Segment struct {
	ImportID int64             `json:"import_id,omitempty"`
	Statuses []contacts.Status `json:"statuses,omitempty"` // weak, missing (both when empty)
	Channel  string            `json:"channel,omitempty"`  // consent channel code
	Language string            `json:"language,omitempty"` // contacts whose language is this
}

// Settings are a campaign's choices.
type Settings struct {
	Language string `json:"language"` // for contacts without a known language: en, fr
	// Reminders are days after the launch; DeadlineDays the day
	// confirmations close and the purge plan is ready.
	Reminders    []int `json:"reminders"`
	DeadlineDays int   `json:"deadline_days"`
	// IncludeGermany targets contacts in Germany too: OLG München held
	// that even a confirmation request is advertising when the original
	// sign-up cannot be proven (formats.md §5.1).
	IncludeGermany bool `json:"include_germany,omitempty"`
	// RatePerSecond bounds all sending (every instance together);
	// DomainPerMinute each recipient domain. Zero: no limit.
	RatePerSecond   int `json:"rate_per_second"`
	DomainPerMinute int `json:"domain_per_minute"`
	// Policy, when set, adds a block announcing a privacy policy update.
	Policy *PolicyUpdate `json:"policy,omitempty"`
}

// PolicyUpdate is the optional block announcing a new privacy policy.
type PolicyUpdate struct {
	URL       string `json:"url"`
	SummaryEN string `json:"summary_en,omitempty"`
	SummaryFR string `json:"summary_fr,omitempty"`
}

// Template is the e-mail in one language. Subject and Text are
// text/template sources, HTML an html/template source, over MailData.
type Template struct {
	From    string `json:"from"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
}

// Languages a campaign writes in.
var Languages = []string{"en", "fr"}

// Defaults for a new campaign (formats.md §5.3, §6.3).
const (
	DefaultDeadlineDays    = 30
	DefaultRatePerSecond   = 10
	DefaultDomainPerMinute = 300
)

// DefaultReminders are the days of the reminders of a new campaign.
var DefaultReminders = []int{7, 14}

// BatchSize is how many recipients one send job handles (stack.md §3.3).
const BatchSize = 500

// Send states: a row per recipient and step.
const (
	StatePending = "pending" // to send
	StateSending = "sending" // claimed by a sender; its SMTP transaction may be under way
	StateSent    = "sent"    // handed to the SMTP server, which accepted it
	StateRetry   = "retry"   // a temporary failure: tried again at due_at
	StateBounced = "bounced" // refused for good (5xx)
	StateFailed  = "failed"  // temporary failures until the retries ran out
	StateSkipped = "skipped" // not sent: no longer eligible, confirmed, or the deadline passed
)

// Recipient outcomes.
const (
	OutcomeConfirmed = "confirmed"
	OutcomeBounced   = "bounced"
	OutcomeWithdrawn = "withdrawn"
	OutcomeFailed    = "failed"
)

// Purge modes.
const (
	PurgeErase = "erase" // personal data erased; the suppression hash remains
	PurgeKeep  = "keep"  // kept as "do not contact": suppressed, withdrawn
)
