package capture

import (
	"context"
	"fmt"

	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/mailer"
)

// confirmMail is what the confirmation template receives.
type confirmMail struct {
	Sender     string
	Form       string
	Purposes   []string
	ConfirmURL string
	Expires    string
	PrivacyURL string
}

// sendConfirmation e-mails the link that confirms request r and records
// the Message-ID of the e-mail that carried it.
func (s *Service) sendConfirmation(ctx context.Context, r *Request, formName, lang string) error {
	token, err := s.Keys.Sign(ctx, &Token{Kind: KindConfirm, Subject: r.ID, Expires: r.ExpiresAt})
	if err != nil {
		return err
	}
	catalogue, err := s.Store.Purposes(ctx)
	if err != nil {
		return err
	}
	data := confirmMail{Sender: s.Sender, Form: formName, Purposes: labels(catalogue, r.Purposes, lang),
		ConfirmURL: s.ConfirmURL(token), Expires: chart.Date(lang, r.ExpiresAt.UTC()), PrivacyURL: s.PrivacyURL}
	subject, text, html, err := s.Templates.Render("confirm", lang, data)
	if err != nil {
		return err
	}
	m := &mailer.Message{To: r.Email, Subject: subject, Text: text, HTML: html}
	if err := s.Mailer.Send(ctx, m); err != nil {
		return fmt.Errorf("confirmation e-mail: %w", err)
	}
	return s.Store.MarkRequestSent(ctx, r.ID, m.MessageID, s.now())
}
