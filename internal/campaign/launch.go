package campaign

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/jobs"
	"github.com/gdprkit/gdprkit/internal/mailer"
)

// Prospect is what launching a draft would do, for the confirmation step:
// how many contacts it reaches, who it leaves out and why, and whether
// the e-mails are complete.
type Prospect struct {
	Targeted   int
	ByLanguage map[string]int
	Excluded   Tally
	Germany    int // contacts in Germany in the segment
	Checklists map[string][]Check
	Warnings   []Warning
	Ready      bool // every checklist complete and a privacy notice to link to
}

// Prospect counts a draft's recipients as the launch would, reading the
// segment in chunks.
func (s *Service) Prospect(ctx context.Context, id int64) (*Prospect, *Campaign, error) {
	c, err := s.Store.Campaign(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	p := &Prospect{ByLanguage: map[string]int{}, Excluded: Tally{}, Checklists: map[string][]Check{}}
	for after := int64(0); ; {
		cands, err := s.Store.Candidates(ctx, c.Segment, c.Purpose, c.ID, after, FanoutSize)
		if err != nil {
			return nil, nil, err
		}
		if err := s.markSuppressed(ctx, cands); err != nil {
			return nil, nil, err
		}
		for i := range cands {
			s.count(p, c, &cands[i])
		}
		if len(cands) < FanoutSize {
			break
		}
		after = cands[len(cands)-1].ContactID
	}
	org := s.org(ctx)
	p.Ready = httpURL(org.PrivacyURL)
	for _, lang := range Languages {
		p.Checklists[lang] = Checklist(lang, c.Templates[lang])
		p.Ready = p.Ready && Complete(p.Checklists[lang])
	}
	p.Warnings = Warnings(c, p.Germany, org.PrivacyURL)
	if !s.linksPublic() {
		p.Ready = false
		p.Warnings = append(p.Warnings, Warning{Key: "campaign.warn.links_not_https"})
	}
	return p, c, nil
}

// linksPublic reports whether the links the e-mails carry use HTTPS: RFC
// 8058 one-click unsubscribe requires it (mailbox providers ignore the
// header otherwise), and an http:// address is, in practice, a local one
// that recipients cannot open.
func (s *Service) linksPublic() bool {
	u, err := url.Parse(s.Links.UnsubscribeURL("t"))
	return err == nil && u.Scheme == "https" && u.Host != ""
}

func (s *Service) count(p *Prospect, c *Campaign, cd *Candidate) {
	e := Eligible(cd, c.Segment, c.Settings)
	if cd.Status.NeedsRepermission() && !cd.Suppressed && InGermany(cd.Attributes, cd.Email) {
		p.Germany++
	}
	if e != "" {
		p.Excluded.Add(e)
		return
	}
	p.Targeted++
	p.ByLanguage[Language(cd.Language, c.Settings.Language)]++
}

// Launch freezes a draft and starts it: the e-mails as they will be sent
// become consent text versions (the proof of what people were shown),
// the deadline is set, and the first tick writes the recipients. A draft
// whose e-mails miss an item of the checklist, or without a privacy
// notice to link to, is refused.
func (s *Service) Launch(ctx context.Context, id int64) (*Campaign, error) {
	p, c, err := s.Prospect(ctx, id)
	if err != nil {
		return nil, err
	}
	switch {
	case c.Status != Draft:
		return nil, gdprkit.Errorf(gdprkit.ECONFLICT, "campaign.not_draft", nil, "campaign %d was launched already", id)
	case !p.Ready:
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "campaign.not_ready", nil, "the e-mails miss an item of the checklist, no privacy notice is configured, or the public address is not https://")
	case p.Targeted == 0:
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "campaign.no_recipient", nil, "no contact of the segment may be asked")
	}
	if c.Texts, err = s.freezeTexts(ctx, c); err != nil {
		return nil, err
	}
	c.LaunchedAt = s.now()
	c.LaunchedBy = gdprkit.ActorFrom(ctx).String()
	c.DeadlineAt = Deadline(c.LaunchedAt, c.Settings)
	if err := s.Store.Launch(ctx, c, jobs.CampaignTickArgs{}); err != nil {
		return nil, err
	}
	detail, _ := json.Marshal(map[string]any{"expected_recipients": p.Targeted, "excluded": p.Excluded, "deadline": c.DeadlineAt})
	return c, s.record(ctx, "launched", idString(c.ID), string(detail))
}

// freezeTexts stores each language's e-mail, rendered for a neutral
// recipient, as a consent text version: confirmations cite it, with its
// hash, as what the person was shown.
func (s *Service) freezeTexts(ctx context.Context, c *Campaign) ([]int64, error) {
	base, err := s.baseData(ctx, c)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, lang := range Languages {
		tpl, err := Compile(lang, c.Templates[lang])
		if err != nil {
			return nil, err
		}
		d := base.mailData(lang, "[first name]", "", "", "[address]")
		d.ConfirmURL, d.UnsubscribeURL, d.PreferencesURL = "[confirmation link]", "[unsubscribe link]", "[preferences link]"
		out, err := tpl.Render(&d)
		if err != nil {
			return nil, err
		}
		t := &consent.Text{Name: "campaign-" + strconv.FormatInt(c.ID, 10), Language: lang, Format: "html",
			Body: "<!-- " + htmlComment(out.Subject) + " -->\n" + out.HTML}
		t.SHA256 = consent.TextHash(t.Body)
		if err := s.Catalogue.AddText(ctx, t); err != nil {
			return nil, err
		}
		ids = append(ids, t.ID)
	}
	return ids, nil
}

// htmlComment keeps a subject from closing the comment it is kept in.
func htmlComment(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '-' && s[i+1] == '-' {
			s = s[:i] + "- -" + s[i+2:]
		}
	}
	return s
}

// End closes a running campaign before its deadline: messages not sent
// yet are dropped, links stop confirming, and the purge plan is ready.
func (s *Service) End(ctx context.Context, id int64) error {
	c, err := s.Store.Campaign(ctx, id)
	if err != nil {
		return err
	}
	if c.Status != Running {
		return gdprkit.Errorf(gdprkit.ECONFLICT, "campaign.not_running", nil, "campaign %d is not running", id)
	}
	if err := s.Store.EndCampaign(ctx, id, s.now()); err != nil {
		return err
	}
	return s.record(ctx, "ended", idString(id), "")
}

// Preview renders a campaign's e-mail in lang for a sample recipient.
func (s *Service) Preview(ctx context.Context, id int64, lang string) (*Rendered, error) {
	c, err := s.Store.Campaign(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.sample(ctx, c, lang, "marie.dupont@example.com")
}

// SamplePerson is who previews and test messages are written to.
var SamplePerson = struct{ First, Last string }{"Marie", "Dupont"}

func (s *Service) sample(ctx context.Context, c *Campaign, lang, email string) (*Rendered, error) {
	if lang != "fr" {
		lang = "en"
	}
	base, err := s.baseData(ctx, c)
	if err != nil {
		return nil, err
	}
	tpl, err := Compile(lang, c.Templates[lang])
	if err != nil {
		return nil, err
	}
	d := base.mailData(lang, SamplePerson.First, SamplePerson.Last, "", email)
	d.ConfirmURL, d.UnsubscribeURL, d.PreferencesURL = s.Links.ConfirmURL("preview"), s.Links.UnsubscribeURL("preview"), s.Links.PreferencesURL("preview")
	return tpl.Render(&d)
}

// TestSend e-mails the campaign in lang to one address, marked as a test,
// with links that confirm nothing. The address is not recorded.
func (s *Service) TestSend(ctx context.Context, id int64, lang, to string) error {
	c, err := s.Store.Campaign(ctx, id)
	if err != nil {
		return err
	}
	if !s.linksPublic() {
		return gdprkit.Errorf(gdprkit.EINVALID, "campaign.links_not_https", nil, "the public address (base_url) must be https:// for the e-mails' links")
	}
	out, err := s.sample(ctx, c, lang, to)
	if err != nil {
		return err
	}
	conn, err := s.Dial(ctx)
	if err != nil {
		return gdprkit.Errorf(gdprkit.EINVALID, "campaign.smtp_unreachable", nil, "SMTP server: %v", err)
	}
	defer conn.Close() //nolint:errcheck // the message is done
	m := &mailer.Message{To: to, From: out.From, Subject: "[TEST] " + out.Subject, Text: out.Text, HTML: out.HTML,
		UnsubscribeURL: s.Links.UnsubscribeURL("preview")}
	built, err := conn.Build(m)
	if err != nil {
		return gdprkit.Errorf(gdprkit.EINVALID, "campaign.test_invalid", nil, "test message: %v", err)
	}
	if d := conn.Deliver(built, nil); d.Code < 200 || d.Code >= 300 {
		return gdprkit.Errorf(gdprkit.EINVALID, "campaign.test_refused", map[string]any{"Reply": d.Text}, "test message refused: %d %s", d.Code, d.Text)
	}
	return s.record(ctx, "test_sent", idString(id), `{"language":"`+lang+`"}`)
}
