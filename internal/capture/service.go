package capture

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/mailer"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

// Service collects and withdraws consent.
type Service struct {
	Store       Store
	Keys        *Keyring
	Mailer      mailer.Sender
	Templates   *mailer.Templates
	Suppression *suppression.List
	Now         func() time.Time
	// BaseURL is the public address of gdprkit, for the links in e-mails
	// ("https://consent.example.com").
	BaseURL string
	// Sender names the organisation in e-mails; PrivacyURL links its
	// privacy notice.
	Sender     string
	PrivacyURL string
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

// Link paths. internal/web serves them: GET shows a page whose button
// POSTs to the same address; only the POST acts (mail scanners fetch
// links). The one-click unsubscribe POST (RFC 8058) needs no page.
const (
	PathConfirm     = "/consent/confirm/"
	PathPreferences = "/consent/preferences/"
	PathUnsubscribe = "/consent/unsubscribe/"
)

func (s *Service) link(path, token string) string {
	return strings.TrimSuffix(s.BaseURL, "/") + path + url.PathEscape(token)
}

// ConfirmURL, PreferencesURL and UnsubscribeURL are the links that carry
// a token.
func (s *Service) ConfirmURL(token string) string     { return s.link(PathConfirm, token) }
func (s *Service) PreferencesURL(token string) string { return s.link(PathPreferences, token) }
func (s *Service) UnsubscribeURL(token string) string { return s.link(PathUnsubscribe, token) }

// decide returns the Decide function of a Write: the audit rules over the
// contact's whole history, the suppression list winning.
func (s *Service) decide(suppressed bool) func(h *contacts.History) (contacts.Contact, []contacts.Verdict) {
	now := s.now()
	return func(h *contacts.History) (contacts.Contact, []contacts.Verdict) {
		return contacts.Reassess(h, now, suppressed)
	}
}

// isSuppressed reports whether a or its mailbox variant is on the list.
func (s *Service) isSuppressed(ctx context.Context, a address.Address) (bool, error) {
	if s.Suppression == nil {
		return false, nil
	}
	found, err := s.Suppression.Suppressed(ctx, []string{a.Key})
	return found[a.Key], err
}

// contactActor marks an act done by the person themselves, unless a user
// or token acts on their behalf.
func contactActor(ctx context.Context) context.Context {
	if a := gdprkit.ActorFrom(ctx); a.Kind != gdprkit.ActorSystem {
		return ctx
	}
	return gdprkit.NewContext(ctx, gdprkit.Actor{Kind: gdprkit.ActorContact})
}

// maskEmail shows enough of an address for its owner to recognise it:
// "j•••@example.com".
func maskEmail(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at <= 0 {
		return "•••"
	}
	r := []rune(email[:at])
	return string(r[0]) + "•••" + email[at:]
}
