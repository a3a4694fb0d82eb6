package capture

import (
	"context"
	"net/url"
	"regexp"

	"github.com/gdprkit/gdprkit"
)

var formSlugRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// Validate reports the first missing or impossible field of a form.
func (f *Form) Validate() error {
	switch {
	case !formSlugRE.MatchString(f.Slug):
		return gdprkit.Errorf(gdprkit.EINVALID, "capture.form_slug", nil, "form slug %q: lower-case letters, digits and - only", f.Slug)
	case f.Name == "":
		return gdprkit.Errorf(gdprkit.EINVALID, "capture.form_name", nil, "a form needs a name")
	case len(f.Purposes) == 0:
		return gdprkit.Errorf(gdprkit.EINVALID, "capture.form_purposes", nil, "form %s offers no purpose", f.Slug)
	case len(f.Texts) == 0:
		return gdprkit.Errorf(gdprkit.EINVALID, "capture.form_texts", nil, "form %s shows no consent text", f.Slug)
	case f.Language != "en" && f.Language != "fr":
		return gdprkit.Errorf(gdprkit.EINVALID, "capture.form_language", nil, "form %s: language %q is not en or fr", f.Slug, f.Language)
	}
	for _, u := range []string{f.SuccessURL, f.ConfirmedURL} {
		if u == "" {
			continue
		}
		if p, err := url.Parse(u); err != nil || p.Scheme != "https" && p.Scheme != "http" || p.Host == "" {
			return gdprkit.Errorf(gdprkit.EINVALID, "capture.form_url", map[string]any{"URL": u}, "form %s: %q is not an http(s) URL", f.Slug, u)
		}
	}
	return nil
}

// SaveForm creates or updates a form after checking that its texts exist.
func (s *Service) SaveForm(ctx context.Context, f *Form) error {
	if err := f.Validate(); err != nil {
		return err
	}
	for _, t := range f.Texts {
		if _, err := s.Store.Text(ctx, t.TextID); err != nil {
			return err
		}
	}
	return s.Store.SaveForm(ctx, f)
}
