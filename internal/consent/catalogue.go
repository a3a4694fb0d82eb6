package consent

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit"
)

// Purpose is something a person can consent to: the newsletter, partner
// offers, profiling, SMS... Its slug is what the ledger records; its
// labels are what forms and proof documents show.
type Purpose struct {
	ID            int64
	Slug          string
	LabelEN       string
	LabelFR       string
	DescriptionEN string
	DescriptionFR string
	// Channel is how the purpose reaches the person: "email" (an e-mail
	// unsubscribe withdraws it), "sms", "post" or "web".
	Channel string
	// DPV is the W3C Data Privacy Vocabulary purpose ("dpv:DirectMarketing"),
	// Kantara the Consent Receipt v1.1 category ("6 - Marketing").
	DPV        string
	Kantara    string
	ThirdParty bool // the data go to partners
	Archived   bool
}

// Label returns the purpose's name in lang.
func (p *Purpose) Label(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "fr") && p.LabelFR != "" {
		return p.LabelFR
	}
	return p.LabelEN
}

// Description returns the purpose's description in lang.
func (p *Purpose) Description(lang string) string {
	if strings.HasPrefix(strings.ToLower(lang), "fr") && p.DescriptionFR != "" {
		return p.DescriptionFR
	}
	return p.DescriptionEN
}

var slugRE = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// ValidSlug reports whether s can name a purpose.
func ValidSlug(s string) bool { return slugRE.MatchString(s) }

// Validate reports the first missing or impossible field.
func (p *Purpose) Validate() error {
	switch {
	case !ValidSlug(p.Slug):
		return gdprkit.Errorf(gdprkit.EINVALID, "consent.purpose_slug", nil, "purpose slug %q: lower-case letters, digits and _ only", p.Slug)
	case strings.TrimSpace(p.LabelEN) == "" || strings.TrimSpace(p.LabelFR) == "":
		return gdprkit.Errorf(gdprkit.EINVALID, "consent.purpose_label", nil, "purpose %s needs a French and an English label", p.Slug)
	case p.Channel != "email" && p.Channel != "sms" && p.Channel != "post" && p.Channel != "web":
		return gdprkit.Errorf(gdprkit.EINVALID, "consent.purpose_channel", nil, "purpose %s: channel %q is not email, sms, post or web", p.Slug, p.Channel)
	}
	return nil
}

// Text is one version of a consent text: exactly what a person was shown
// (the label of a box, the notice under a form), in one language. Once a
// consent is recorded with it, a version never changes; a new wording is a
// new version.
type Text struct {
	ID          int64
	Name        string // the family: "newsletter-form"
	Version     int
	Language    string
	Format      string // "text" or "html"
	Body        string
	SHA256      string // hex SHA-256 of Body
	CreatedAt   time.Time
	FirstUsedAt time.Time // zero while unused
}

// TextHash returns the hex SHA-256 of a text's body, as recorded with the
// consents given on it.
func TextHash(body string) string {
	sum := sha256.Sum256([]byte(body))
	return hex.EncodeToString(sum[:])
}

// Validate reports the first missing or impossible field.
func (t *Text) Validate() error {
	switch {
	case strings.TrimSpace(t.Name) == "":
		return gdprkit.Errorf(gdprkit.EINVALID, "consent.text_name", nil, "a consent text needs a name")
	case t.Language != "en" && t.Language != "fr":
		return gdprkit.Errorf(gdprkit.EINVALID, "consent.text_language", nil, "consent text language %q is not en or fr", t.Language)
	case t.Format != "text" && t.Format != "html":
		return gdprkit.Errorf(gdprkit.EINVALID, "consent.text_format", nil, "consent text format %q is not text or html", t.Format)
	case strings.TrimSpace(t.Body) == "":
		return gdprkit.Errorf(gdprkit.EINVALID, "consent.text_body", nil, "a consent text cannot be empty")
	}
	return nil
}

// Intact reports whether the body still has the hash recorded for it.
func (t *Text) Intact() bool { return TextHash(t.Body) == t.SHA256 }

// ErrTextInUse is returned when a used text version would change.
var ErrTextInUse = &gdprkit.Error{Code: gdprkit.ECONFLICT, Key: "consent.text_in_use",
	Detail: "this consent text version was shown to people who consented: create a new version instead"}

// CatalogueStore keeps purposes and consent texts.
type CatalogueStore interface {
	Purposes(ctx context.Context) ([]Purpose, error)
	SavePurpose(ctx context.Context, p *Purpose) error
	Text(ctx context.Context, id int64) (*Text, error)
	Texts(ctx context.Context, name string) ([]Text, error)
	// AddText stores t as the next version of its name and language.
	AddText(ctx context.Context, t *Text) error
	// UpdateText changes an unused version; a used one is ErrTextInUse.
	UpdateText(ctx context.Context, t *Text) error
}

// Catalogue manages purposes and consent texts.
type Catalogue struct {
	Store CatalogueStore
}

// SavePurpose creates or updates a purpose. A slug never changes once
// consents were recorded with it: the store refuses.
func (c *Catalogue) SavePurpose(ctx context.Context, p *Purpose) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return c.Store.SavePurpose(ctx, p)
}

// AddText stores a new version of a consent text.
func (c *Catalogue) AddText(ctx context.Context, t *Text) error {
	if err := t.Validate(); err != nil {
		return err
	}
	t.SHA256 = TextHash(t.Body)
	return c.Store.AddText(ctx, t)
}

// UpdateText corrects a version nobody consented on yet.
func (c *Catalogue) UpdateText(ctx context.Context, t *Text) error {
	if err := t.Validate(); err != nil {
		return err
	}
	t.SHA256 = TextHash(t.Body)
	return c.Store.UpdateText(ctx, t)
}
