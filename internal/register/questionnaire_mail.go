package register

import (
	"context"
	"fmt"
	"net/mail"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/mailer"
)

// Mail is how the register e-mails questionnaire links: the SMTP server
// and the e-mail templates. Without it, links are only shown to copy.
type Mail struct {
	Sender    mailer.Sender
	Templates *mailer.Templates
}

// CanEmail reports whether questionnaire links can be e-mailed.
func (s *Service) CanEmail() bool { return s.Mail != nil }

// questionnaireMail is what the questionnaire template receives.
type questionnaireMail struct {
	Org           string
	Vendor        string
	Questionnaire string
	URL           string
	Expires       string
}

// EmailQuestionnaire e-mails the link url of questionnaire q, just made, to
// address to, in the questionnaire's language, and records who it went to
// in the questionnaire's history.
func (s *Service) EmailQuestionnaire(ctx context.Context, q *Questionnaire, to, url string) error {
	if s.Mail == nil {
		return gdprkit.Errorf(gdprkit.ECONFLICT, "register.questionnaire.no_mail", nil, "register: no SMTP server is configured")
	}
	addr, err := mail.ParseAddress(strings.TrimSpace(to))
	if err != nil || !strings.Contains(addr.Address, ".") {
		return invalid("register.questionnaire.bad_address", "email_to", nil)
	}
	v, err := s.Store.Vendor(ctx, q.VendorID)
	if err != nil {
		return err
	}
	org, err := s.Store.Organisation(ctx)
	if err != nil {
		return err
	}
	data := questionnaireMail{Org: org.Name, Vendor: v.Name, URL: url, Expires: chart.Date(q.Lang, q.ExpiresAt.UTC()),
		Questionnaire: locale.T(q.Lang, "register.qt."+q.Template+".title", nil)}
	subject, text, html, err := s.Mail.Templates.Render("questionnaire", q.Lang, data)
	if err != nil {
		return err
	}
	m := &mailer.Message{To: addr.Address, Subject: subject, Text: text, HTML: html}
	if err := s.Mail.Sender.Send(ctx, m); err != nil {
		return gdprkit.Errorf(gdprkit.EINTERNAL, "register.questionnaire.mail_failed", nil, "register: questionnaire e-mail: %v", err)
	}
	ch := &Change{Entity: EntityQuestionnaire, EntityID: q.ID, Action: ActionEmailed}
	if ch.Fields, err = Diff(nil, map[string]string{"email_to": addr.Address, "message_id": m.MessageID}); err != nil {
		return err
	}
	if err := s.Store.RecordChange(ctx, ch); err != nil {
		return fmt.Errorf("register: record the questionnaire e-mail: %w", err)
	}
	return nil
}
