package web

import (
	"context"
	"crypto/ed25519"

	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/consent"
)

// Consent is the consent feature as the handlers reach it: capture (forms,
// double opt-in, preference centre, unsubscribe), "may I send?", the
// catalogue of purposes and texts, the ledger and proofs. cmd/gdprkit
// wires it like `gdprkit consent` does; a nil Consent serves none of its
// pages.
type Consent struct {
	Capture     Capture
	Permissions Permissions
	Catalogue   Catalogue
	Records     ConsentRecords
	Ledger      Ledger
	Proofs      Proofs
	// SignupLimit counts sign-ups per client address, LinkLimit the
	// requests to the pages of e-mailed links (confirmation, preference
	// centre, unsubscribe page) and OneClickLimit the RFC 8058 one-click
	// unsubscribes, which mailbox providers send in bursts from few
	// addresses. They are ratelimit.Limiter values: counters in the
	// database, shared by every instance.
	SignupLimit   Limiter
	LinkLimit     Limiter
	OneClickLimit Limiter
	// MailReady says an SMTP server is configured: without one, double
	// opt-in cannot send its confirmations.
	MailReady bool
	// PrivacyURL is the controller's privacy notice, linked from the
	// public pages.
	PrivacyURL string
}

// Capture is capture.Service.
type Capture interface {
	Subscribe(ctx context.Context, req capture.SubscribeRequest) (*capture.SubscribeResult, error)
	ConfirmationInfo(ctx context.Context, token string) (*capture.ConfirmInfo, error)
	Confirm(ctx context.Context, token, ip, userAgent string) (*capture.ConfirmResult, error)
	Preferences(ctx context.Context, token string) (*capture.Preferences, error)
	SetPreferences(ctx context.Context, token string, ch capture.PreferenceChange) error
	UnsubscribeInfo(ctx context.Context, token string) (*capture.UnsubscribeInfo, error)
	Unsubscribe(ctx context.Context, token, ip, userAgent string, oneClick bool) error
	Withdraw(ctx context.Context, req capture.WithdrawRequest) error
	SaveForm(ctx context.Context, f *capture.Form) error
}

// Permissions is consent.Permissions: "may I send?".
type Permissions interface {
	Check(ctx context.Context, email, purpose string) (*consent.Permission, error)
	CheckMany(ctx context.Context, emails []string, purpose string) ([]consent.Permission, error)
}

// Catalogue is consent.Catalogue: purposes and consent texts.
type Catalogue interface {
	SavePurpose(ctx context.Context, p *consent.Purpose) error
	AddText(ctx context.Context, t *consent.Text) error
	UpdateText(ctx context.Context, t *consent.Text) error
}

// ConsentRecords reads what the consent pages list (the consent store).
type ConsentRecords interface {
	Form(ctx context.Context, slug string) (*capture.Form, error)
	Forms(ctx context.Context) ([]capture.Form, error)
	Purposes(ctx context.Context) ([]consent.Purpose, error)
	Text(ctx context.Context, id int64) (*consent.Text, error)
	AllTexts(ctx context.Context) ([]consent.Text, error)
	SuppressionCounts(ctx context.Context) (map[string]int64, error)
	RecentCheckpoints(ctx context.Context, n int) ([]consent.Checkpoint, error)
}

// Ledger is consent.Ledger.
type Ledger interface {
	Verify(ctx context.Context, opts consent.VerifyOptions) (*consent.Report, error)
	Checkpoint(ctx context.Context) (*consent.Checkpoint, bool, error)
	PublicKey() ed25519.PublicKey
}

// Proofs is consent.Proofs.
type Proofs interface {
	Build(ctx context.Context, email, lang string) (*consent.Proof, error)
}

// consentOn reports whether the consent feature is wired.
func (s *Server) consentOn() bool { return s.svc.Consent != nil }
