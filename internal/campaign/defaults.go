package campaign

import (
	"html"
	"strings"

	"github.com/gdprkit/gdprkit/internal/locale"
)

// placeholders fill the translated sentences with template actions, so a
// default template is the translation with its fields left to fill per
// recipient.
var placeholders = map[string]any{
	"FirstName": "{{.FirstName}}", "Organisation": "{{.Organisation}}", "Data": "{{.Data}}",
	"Deadline": "{{.Deadline}}", "ConfirmURL": "{{.ConfirmURL}}", "UnsubscribeURL": "{{.UnsubscribeURL}}",
	"PrivacyURL": "{{.PrivacyURL}}",
}

func tr(lang, key string) string { return locale.T(lang, key, placeholders) }

// DefaultTemplate returns the e-mail a new campaign starts with in lang:
// every item of the content checklist (formats.md §5.3), for the user to
// adapt. from is the configured sender.
func DefaultTemplate(lang, from string) Template {
	return Template{From: from, Subject: tr(lang, "campaign.mail.subject"), Text: defaultText(lang), HTML: defaultHTML(lang)}
}

func defaultText(lang string) string {
	var b strings.Builder
	line := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
		}
		b.WriteString("\n")
	}
	line("{{if .FirstName}}", tr(lang, "campaign.mail.hello_name"), "{{else}}", tr(lang, "campaign.mail.hello"), "{{end}}")
	line()
	line(tr(lang, "campaign.mail.intro"))
	line("{{range .Purposes}}  - {{.}}")
	line("{{end}}")
	line(tr(lang, "campaign.mail.data"))
	line()
	line(tr(lang, "campaign.mail.action"))
	line()
	line("{{.ConfirmURL}}")
	line()
	line(tr(lang, "campaign.mail.deadline"))
	line("{{if .Policy}}")
	line(tr(lang, "campaign.mail.policy"), " {{.Policy.Summary}}")
	line("{{.Policy.URL}}")
	line("{{end}}")
	line(tr(lang, "campaign.mail.withdraw"))
	line(tr(lang, "campaign.mail.privacy"), " {{.PrivacyURL}}")
	line(tr(lang, "campaign.mail.unsubscribe"), " {{.UnsubscribeURL}}")
	return b.String()
}

// para HTML-escapes a translated sentence; its {{.Field}} actions are
// left intact (escaping touches none of their characters) and are escaped
// by html/template when rendered.
func para(lang, key, style string) string {
	s := html.EscapeString(tr(lang, key))
	if style != "" {
		return `<p style="` + style + `">` + s + "</p>\n"
	}
	return "<p>" + s + "</p>\n"
}

const small = "font-size: .9em; color: #555"

func defaultHTML(lang string) string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html lang="` + lang + `">
<head><meta charset="utf-8"><title>{{.Organisation}}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 36em; margin: 1em auto; color: #1a1a1a">
`)
	b.WriteString("{{if .FirstName}}" + para(lang, "campaign.mail.hello_name", "") + "{{else}}" + para(lang, "campaign.mail.hello", "") + "{{end}}")
	b.WriteString(para(lang, "campaign.mail.intro", ""))
	b.WriteString("<ul>{{range .Purposes}}<li>{{.}}</li>{{end}}</ul>\n")
	b.WriteString(para(lang, "campaign.mail.data", ""))
	b.WriteString(`<p><a href="{{.ConfirmURL}}" style="display: inline-block; padding: .6em 1.2em; background: #1d4ed8; color: #fff; text-decoration: none; border-radius: 4px">` +
		html.EscapeString(tr(lang, "campaign.mail.button")) + "</a></p>\n")
	b.WriteString(para(lang, "campaign.mail.deadline", "font-weight: bold"))
	b.WriteString(`{{if .Policy}}<p>` + html.EscapeString(tr(lang, "campaign.mail.policy")) + ` {{.Policy.Summary}} <a href="{{.Policy.URL}}">{{.Policy.URL}}</a></p>{{end}}` + "\n")
	b.WriteString(para(lang, "campaign.mail.withdraw", small))
	b.WriteString(`<p style="` + small + `"><a href="{{.PrivacyURL}}">` + html.EscapeString(tr(lang, "campaign.mail.privacy_link")) +
		`</a> · <a href="{{.UnsubscribeURL}}">` + html.EscapeString(tr(lang, "campaign.mail.unsubscribe_link")) + "</a></p>\n")
	b.WriteString("</body>\n</html>\n")
	return b.String()
}
