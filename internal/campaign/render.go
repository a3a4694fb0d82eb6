package campaign

import (
	"bytes"
	"fmt"
	htemplate "html/template"
	"net/mail"
	"strings"
	ttemplate "text/template"

	"github.com/gdprkit/gdprkit"
)

// MailData is what a campaign's templates see for one recipient.
type MailData struct {
	FirstName string
	LastName  string
	Name      string
	Email     string
	// Organisation is the controller (formats.md §5.3: who writes).
	Organisation string
	// Purposes are the labels of what the person is asked to keep
	// receiving; Data says which of their data is used.
	Purposes []string
	Data     string
	// The links: the confirmation page (its button POSTs), one-click
	// unsubscribe, the preference centre, the privacy notice.
	ConfirmURL     string
	UnsubscribeURL string
	PreferencesURL string
	PrivacyURL     string
	// Deadline is the date after which, without an answer, the address
	// is deleted, written for the recipient's language.
	Deadline string
	// Policy is the optional privacy policy update block.
	Policy *PolicyBlock
}

// PolicyBlock is the privacy policy update as a recipient reads it.
type PolicyBlock struct {
	URL     string
	Summary string
}

// Compiled is a campaign's e-mail in one language, parsed once and
// rendered for every recipient.
type Compiled struct {
	Lang    string
	From    string
	subject *ttemplate.Template
	text    *ttemplate.Template
	html    *htemplate.Template
}

// Rendered is one e-mail ready to send.
type Rendered struct {
	From    string
	Subject string
	Text    string
	HTML    string
}

// Compile parses t. A template that does not parse is an EINVALID error
// naming the part, for the editor to show.
func Compile(lang string, t Template) (*Compiled, error) {
	c := &Compiled{Lang: lang, From: strings.TrimSpace(t.From)}
	var err error
	if c.subject, err = ttemplate.New("subject").Option("missingkey=error").Parse(t.Subject); err != nil {
		return nil, templateError(lang, "subject", err)
	}
	if c.text, err = ttemplate.New("text").Option("missingkey=error").Parse(t.Text); err != nil {
		return nil, templateError(lang, "text", err)
	}
	if c.html, err = htemplate.New("html").Option("missingkey=error").Parse(t.HTML); err != nil {
		return nil, templateError(lang, "html", err)
	}
	return c, nil
}

func templateError(lang, part string, err error) error {
	return gdprkit.Errorf(gdprkit.EINVALID, "campaign.invalid.template", map[string]any{"Lang": lang, "Part": part, "Error": err.Error()},
		"%s %s template: %v", lang, part, err)
}

// Render writes the e-mail for d. The subject is one line.
func (c *Compiled) Render(d *MailData) (*Rendered, error) {
	var b bytes.Buffer
	if err := c.subject.Execute(&b, d); err != nil {
		return nil, templateError(c.Lang, "subject", err)
	}
	r := &Rendered{From: c.From, Subject: strings.Join(strings.Fields(b.String()), " ")}
	b.Reset()
	if err := c.text.Execute(&b, d); err != nil {
		return nil, templateError(c.Lang, "text", err)
	}
	r.Text = b.String()
	b.Reset()
	if err := c.html.Execute(&b, d); err != nil {
		return nil, templateError(c.Lang, "html", err)
	}
	r.HTML = b.String()
	return r, nil
}

// MessageID is the Message-ID of the message of one recipient and step,
// without angle brackets. It is the same at every attempt, so a message
// handed over twice after a crash (docs/campaigns.md) is recognisably one
// message to the receiving servers, which drop the duplicate.
func MessageID(uid string, step int, recipientID int64, from string) string {
	domain := "gdprkit.invalid"
	if a, err := mail.ParseAddress(from); err == nil {
		if i := strings.LastIndexByte(a.Address, '@'); i >= 0 {
			domain = a.Address[i+1:]
		}
	}
	return fmt.Sprintf("gk.%s.%d.%d@%s", uid, step, recipientID, domain)
}
