package campaign

import (
	"context"
	"strconv"
	"strings"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
)

// Spec is what a new campaign starts from; zero fields take defaults.
type Spec struct {
	Name      string
	Purpose   string
	Segment   Segment
	Settings  Settings
	Templates map[string]Template
}

// DefaultSettings are a new campaign's settings in lang.
func DefaultSettings(lang string) Settings {
	if lang != "fr" {
		lang = "en"
	}
	return Settings{Language: lang, Reminders: append([]int(nil), DefaultReminders...), DeadlineDays: DefaultDeadlineDays,
		RatePerSecond: DefaultRatePerSecond, DomainPerMinute: DefaultDomainPerMinute}
}

// Create stores a new draft: the defaults, the checklist's e-mail in both
// languages, validated settings.
func (s *Service) Create(ctx context.Context, d Spec) (*Campaign, error) {
	c := &Campaign{Name: strings.TrimSpace(d.Name), Kind: KindRepermission, Purpose: d.Purpose, Status: Draft,
		Segment: d.Segment, Settings: d.Settings, Templates: d.Templates, CreatedBy: gdprkit.ActorFrom(ctx).String()}
	if c.Purpose == "" {
		c.Purpose = esp.PurposeEmail
	}
	if c.Settings.Language == "" {
		c.Settings = DefaultSettings("en")
	}
	if c.Templates == nil {
		c.Templates = map[string]Template{}
	}
	for _, lang := range Languages {
		if _, ok := c.Templates[lang]; !ok {
			c.Templates[lang] = DefaultTemplate(lang, s.From)
		}
	}
	if err := s.validate(ctx, c); err != nil {
		return nil, err
	}
	c.CreatedAt, c.UpdatedAt = s.now(), s.now()
	if err := s.Store.CreateCampaign(ctx, c); err != nil {
		return nil, err
	}
	return c, s.record(ctx, "created", idString(c.ID), "")
}

// Update stores a draft's changes.
func (s *Service) Update(ctx context.Context, c *Campaign) error {
	c.Name = strings.TrimSpace(c.Name)
	if err := s.validate(ctx, c); err != nil {
		return err
	}
	c.UpdatedAt = s.now()
	if err := s.Store.UpdateDraft(ctx, c); err != nil {
		return err
	}
	return s.record(ctx, "changed", idString(c.ID), "")
}

// Get returns a campaign.
func (s *Service) Get(ctx context.Context, id int64) (*Campaign, error) {
	return s.Store.Campaign(ctx, id)
}

// List returns every campaign, newest first.
func (s *Service) List(ctx context.Context) ([]Campaign, error) { return s.Store.Campaigns(ctx) }

// validate checks what a draft may not hold even unfinished: a name, a
// known purpose, possible settings, a segment of weak or missing consent
// only, templates that parse.
func (s *Service) validate(ctx context.Context, c *Campaign) error {
	if c.Name == "" || len(c.Name) > 200 {
		return gdprkit.Errorf(gdprkit.EINVALID, "campaign.invalid.name", nil, "a campaign needs a name (at most 200 characters)")
	}
	for _, st := range c.Segment.Statuses {
		if !st.NeedsRepermission() {
			return gdprkit.Errorf(gdprkit.EINVALID, "campaign.invalid.segment", nil, "only weak or missing consent can be asked again, not %s", st)
		}
	}
	if err := ValidateSettings(c.Settings); err != nil {
		return err
	}
	catalogue, err := s.Catalogue.Purposes(ctx)
	if err != nil {
		return err
	}
	if p := purposeOf(catalogue, c.Purpose); p == nil || p.Archived {
		return gdprkit.Errorf(gdprkit.EINVALID, "campaign.invalid.purpose", map[string]any{"Purpose": c.Purpose}, "unknown purpose %q", c.Purpose)
	}
	for _, lang := range Languages {
		if _, err := Compile(lang, c.Templates[lang]); err != nil {
			return err
		}
	}
	return nil
}

// RepermissionStatuses are the statuses a segment can select.
var RepermissionStatuses = []contacts.Status{contacts.Weak, contacts.Missing}

func idString(id int64) string { return strconv.FormatInt(id, 10) }
