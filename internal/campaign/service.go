package campaign

import (
	"context"
	"log/slog"
	"time"

	"github.com/gdprkit/gdprkit/internal/audit"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

// Service runs campaigns: drafts, launch, sending, reminders, the
// deadline, the purge, results and the export back to the e-mailing tool.
type Service struct {
	Store Store
	// Links signs the links each message carries and records hard
	// bounces (capture.Service).
	Links Links
	// Catalogue knows the purposes and keeps the consent texts frozen at
	// launch (the consent store).
	Catalogue Catalogue
	// Suppression is the suppression list: never mail a listed address,
	// and list every purged one.
	Suppression *suppression.List
	// Dial opens an SMTP connection (mailer.Dial with the configured
	// server).
	Dial func(ctx context.Context) (Conn, error)
	// Audit records launches, exports and purges in the audit trail.
	Audit audit.Store
	// Org names the controller and its privacy notice in e-mails.
	Org func(ctx context.Context) Org
	// From is the sender new campaigns start with.
	From string
	// JournalDir holds this instance's send journals (sender.go).
	JournalDir string
	// Lease is how long a sender holds a batch without renewing it, and
	// how long a silent sender is taken for alive.
	Lease  time.Duration
	Now    func() time.Time
	Logger *slog.Logger

	proc procState
}

// Org is the controller as e-mails name it.
type Org struct {
	Name       string
	PrivacyURL string
}

// Links is what a campaign needs from consent capture (capture.Service).
type Links interface {
	ConfirmToken(ctx context.Context, requestID int64, expires time.Time) (string, error)
	UnsubscribeToken(ctx context.Context, contactID, purposeID int64) (string, error)
	PreferencesToken(ctx context.Context, contactID int64) (string, error)
	ConfirmURL(token string) string
	UnsubscribeURL(token string) string
	PreferencesURL(token string) string
	RecordBounce(ctx context.Context, contactID int64, campaign, reply string) error
}

// Catalogue is the part of the consent catalogue a campaign uses.
type Catalogue interface {
	Purposes(ctx context.Context) ([]consent.Purpose, error)
	AddText(ctx context.Context, t *consent.Text) error
}

// Conn is an SMTP connection (mailer.Conn).
type Conn interface {
	Build(m *mailer.Message) (*mailer.Built, error)
	Deliver(b *mailer.Built, mark *mailer.Mark) mailer.Delivery
	Close() error
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func (s *Service) lease() time.Duration {
	if s.Lease <= 0 {
		return 30 * time.Second
	}
	return s.Lease
}

func (s *Service) log() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}

func (s *Service) org(ctx context.Context) Org {
	if s.Org == nil {
		return Org{}
	}
	return s.Org(ctx)
}

// record writes an audit-trail entry; detail never holds personal data.
func (s *Service) record(ctx context.Context, action, id string, detail string) error {
	if s.Audit == nil {
		return nil
	}
	if detail == "" {
		detail = "{}"
	}
	return s.Audit.Record(ctx, audit.Entry{Action: action, ObjectType: "campaign", ObjectID: id, Detail: detail, Remote: audit.RemoteFrom(ctx)})
}

// recordExport records an export of the clean base.
func (s *Service) recordExport(ctx context.Context, detail string) error {
	if s.Audit == nil {
		return nil
	}
	return s.Audit.Record(ctx, audit.Entry{Action: audit.Exported, ObjectType: "contacts", ObjectID: "campaign_export", Detail: detail,
		Remote: audit.RemoteFrom(ctx)})
}
