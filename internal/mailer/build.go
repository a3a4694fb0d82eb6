package mailer

import (
	"fmt"
	"net/url"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// build turns m into a go-mail message, setting its Message-ID.
func (s *SMTP) build(m *Message) (*gomail.Msg, error) {
	from := m.From
	if from == "" {
		from = s.cfg.From
	}
	if m.MessageID == "" {
		m.MessageID = NewMessageID(from)
	}
	gm := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := gm.From(from); err != nil {
		return nil, fmt.Errorf("mail: sender %q: %w", from, err)
	}
	if err := gm.To(m.To); err != nil {
		return nil, fmt.Errorf("mail: recipient: %w", err)
	}
	gm.Subject(m.Subject)
	gm.SetDate()
	gm.SetMessageIDWithValue(m.MessageID)
	for k, v := range m.Headers {
		gm.SetGenHeader(gomail.Header(k), v)
	}
	if err := setUnsubscribe(gm, m); err != nil {
		return nil, err
	}
	gm.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		gm.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	if s.dkim != nil {
		gm.SetDKIM(s.dkim)
	}
	return gm, nil
}

// setUnsubscribe adds the RFC 2369 and RFC 8058 headers: one-click needs an
// HTTPS URL; a mailto alone only advertises a way to write in.
func setUnsubscribe(gm *gomail.Msg, m *Message) error {
	switch {
	case m.UnsubscribeURL != "":
		var extra []string
		if m.UnsubscribeMailto != "" {
			extra = append(extra, mailto(m.UnsubscribeMailto))
		}
		if err := gm.SetListUnsubscribeOneClick(m.UnsubscribeURL, extra...); err != nil {
			return fmt.Errorf("mail: unsubscribe URL: %w", err)
		}
	case m.UnsubscribeMailto != "":
		gm.SetListUnsubscribe(mailto(m.UnsubscribeMailto))
	}
	return nil
}

// mailto accepts an address or a mailto: URI.
func mailto(s string) string {
	if strings.HasPrefix(strings.ToLower(s), "mailto:") {
		return s
	}
	return (&url.URL{Scheme: "mailto", Opaque: s}).String()
}
