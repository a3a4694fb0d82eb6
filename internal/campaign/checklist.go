package campaign

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"
)

// Check is one item of the content checklist of a re-permission e-mail
// (formats.md §5.3), and whether a template meets it.
type Check struct {
	Key string // translation key: campaign.check.<item>
	OK  bool
}

// Markers rendered in place of each field, to find where a template uses
// them. They survive HTML escaping and URL normalisation unchanged.
var checkData = MailData{
	FirstName: "gkfirstmark", Name: "gknamemark", Email: "gkmail@check.invalid",
	Organisation: "gkorgmark", Purposes: []string{"gkpurposemark"}, Data: "gkdatamark",
	ConfirmURL: "https://confirm.check.invalid/c", UnsubscribeURL: "https://unsubscribe.check.invalid/u",
	PreferencesURL: "https://preferences.check.invalid/p", PrivacyURL: "https://privacy.check.invalid/p",
	Deadline: "gkdeadlinemark",
}

// checkItems: each item, and the marker both the text and the HTML part
// must show for it.
var checkItems = []struct{ key, marker string }{
	{"campaign.check.controller", "gkorgmark"},
	{"campaign.check.purposes", "gkpurposemark"},
	{"campaign.check.data", "gkdatamark"},
	{"campaign.check.confirm", "confirm.check.invalid"},
	{"campaign.check.deadline", "gkdeadlinemark"},
	{"campaign.check.privacy", "privacy.check.invalid"},
	{"campaign.check.unsubscribe", "unsubscribe.check.invalid"},
}

// Checklist checks a template against the content checklist: the sender,
// a subject, who writes, what the person would keep receiving, which data
// are used, the button that confirms, what happens without an answer, the
// privacy notice and a visible unsubscribe link, each in both the text
// and the HTML part. A template that does not render fails every item.
func Checklist(lang string, t Template) []Check {
	out := []Check{
		{Key: "campaign.check.sender", OK: validFrom(t.From)},
		{Key: "campaign.check.subject", OK: strings.TrimSpace(t.Subject) != ""},
	}
	var r *Rendered
	if c, err := Compile(lang, t); err == nil {
		d := checkData
		r, _ = c.Render(&d)
	}
	for _, it := range checkItems {
		ok := r != nil && strings.Contains(r.Text, it.marker) && strings.Contains(r.HTML, it.marker)
		out = append(out, Check{Key: it.key, OK: ok})
	}
	return out
}

// Complete reports whether every item of a checklist is met.
func Complete(cs []Check) bool {
	for _, c := range cs {
		if !c.OK {
			return false
		}
	}
	return true
}

func validFrom(from string) bool {
	a, err := mail.ParseAddress(strings.TrimSpace(from))
	return err == nil && strings.Contains(a.Address, "@")
}

// incentive matches words of prize draws and rewards, in English and
// French. Flybe's re-permission mail offered a prize draw: the ICO saw an
// aggravating factor in it (formats.md §5.3).
var incentive = regexp.MustCompile(`(?i)\b(prizes?|prize draw|sweepstakes?|giveaways?|competitions?|win|winners?|gifts?|vouchers?|coupons?|discounts?|rewards?|` +
	`tirages? au sort|concours|gagne[rz]?|gagnant|cadeaux?|bons? d.achat|réductions?|remises?|jeux?-concours)\b`)

// Incentive returns the first word of a template that offers something in
// return for confirming, "" when there is none.
func Incentive(t Template) string {
	for _, s := range []string{t.Subject, t.Text, t.HTML} {
		if m := incentive.FindString(s); m != "" {
			return m
		}
	}
	return ""
}

// Warning is something the editor must tell before launch, without
// refusing it.
type Warning struct {
	Key  string // translation key: campaign.warn.<what>
	Args map[string]any
}

// Warnings are the editor's cautions for a campaign: an incentive in a
// template (Flybe), recipients in Germany (OLG München), no privacy notice
// to link to.
func Warnings(c *Campaign, germany int, privacyURL string) []Warning {
	var out []Warning
	for _, lang := range Languages {
		if w := Incentive(c.Templates[lang]); w != "" {
			out = append(out, Warning{Key: "campaign.warn.incentive", Args: map[string]any{"Word": w, "Lang": lang}})
			break
		}
	}
	if germany > 0 {
		key := "campaign.warn.germany_excluded"
		if c.Settings.IncludeGermany {
			key = "campaign.warn.germany_included"
		}
		if germany == 1 {
			key += "_one"
		}
		out = append(out, Warning{Key: key, Args: map[string]any{"Count": germany}})
	}
	if !httpURL(privacyURL) {
		out = append(out, Warning{Key: "campaign.warn.no_privacy_url"})
	}
	return out
}

func httpURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}
