package campaign

import (
	"context"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/locale"
	"github.com/gdprkit/gdprkit/internal/mailer"
)

// baseData is what every message of a campaign shares, per language.
type baseData struct {
	org      Org
	purposes map[string][]string
	deadline map[string]string
	policy   map[string]*PolicyBlock
}

func (s *Service) baseData(ctx context.Context, c *Campaign) (*baseData, error) {
	catalogue, err := s.Catalogue.Purposes(ctx)
	if err != nil {
		return nil, err
	}
	p := purposeOf(catalogue, c.Purpose)
	if p == nil {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "campaign.invalid.purpose", map[string]any{"Purpose": c.Purpose}, "unknown purpose %q", c.Purpose)
	}
	b := &baseData{org: s.org(ctx), purposes: map[string][]string{}, deadline: map[string]string{}, policy: map[string]*PolicyBlock{}}
	deadline := c.DeadlineAt
	if deadline.IsZero() {
		deadline = Deadline(s.now(), c.Settings)
	}
	for _, lang := range Languages {
		b.purposes[lang] = []string{p.Label(lang)}
		b.deadline[lang] = chart.Date(lang, deadline.UTC())
		if pu := c.Settings.Policy; pu != nil {
			summary := pu.SummaryEN
			if lang == "fr" && pu.SummaryFR != "" {
				summary = pu.SummaryFR
			}
			b.policy[lang] = &PolicyBlock{URL: pu.URL, Summary: summary}
		}
	}
	return b, nil
}

func purposeOf(catalogue []consent.Purpose, slug string) *consent.Purpose {
	for i := range catalogue {
		if catalogue[i].Slug == slug {
			return &catalogue[i]
		}
	}
	return nil
}

// mailData fills a recipient's template data; links are filled by the
// caller.
func (b *baseData) mailData(lang string, first, last, name, email string) MailData {
	data := "campaign.mail.data_email"
	if first != "" || last != "" || name != "" {
		data = "campaign.mail.data_email_name"
	}
	return MailData{FirstName: first, LastName: last, Name: name, Email: email, Organisation: b.org.Name,
		Purposes: b.purposes[lang], Data: locale.T(lang, data, nil), PrivacyURL: b.org.PrivacyURL,
		Deadline: b.deadline[lang], Policy: b.policy[lang]}
}

// message renders the e-mail of one row with its signed links.
func (r *batchRun) message(ctx context.Context, row *Send) (*mailer.Message, error) {
	lang := Language(row.Language, r.c.Settings.Language)
	d := r.data.mailData(lang, row.FirstName, row.LastName, row.Name, row.Email)
	links := r.s.Links
	confirm, err := links.ConfirmToken(ctx, row.RequestID, r.c.DeadlineAt)
	if err != nil {
		return nil, err
	}
	unsub, err := links.UnsubscribeToken(ctx, row.ContactID, 0)
	if err != nil {
		return nil, err
	}
	prefs, err := links.PreferencesToken(ctx, row.ContactID)
	if err != nil {
		return nil, err
	}
	d.ConfirmURL, d.UnsubscribeURL, d.PreferencesURL = links.ConfirmURL(confirm), links.UnsubscribeURL(unsub), links.PreferencesURL(prefs)
	out, err := r.tpl[lang].Render(&d)
	if err != nil {
		return nil, err
	}
	subject := out.Subject
	if row.Step > 0 {
		subject = locale.T(lang, "campaign.mail.reminder_prefix", nil) + " " + subject
	}
	return &mailer.Message{To: row.Email, From: out.From, Subject: subject, Text: out.Text, HTML: out.HTML,
		UnsubscribeURL: d.UnsubscribeURL, MessageID: MessageID(r.c.UID, row.Step, row.RecipientID, out.From)}, nil
}
