package web

import (
	"context"
	"net/http"
	"net/netip"

	"github.com/danielgtaylor/huma/v2"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/capture"
)

// registerConsentAPI adds the consent feature's operations: "may I send?"
// (consent_permissions.go), sign-ups from back ends, and the forms they
// need to show.
func (s *Server) registerConsentAPI() {
	if !s.consentOn() {
		return
	}
	s.registerPermissionsAPI()
	sub := operation(http.MethodPost, "/subscriptions", "create-subscription", "Record a sign-up", "Consent", auth.SubscriptionsCreate)
	sub.Description = "Records a sign-up made on a website, as the hosted form does: one consent per purpose ticked, with the texts shown, " +
		"the page, the person's IP address and browser. On a double opt-in form (or for an address on the suppression list) the consent " +
		"awaits the confirmation e-mailed to the person. The answer is the same whether the address was known or not."
	sub.DefaultStatus = http.StatusAccepted
	sub.Errors = append(sub.Errors, http.StatusUnprocessableEntity, http.StatusNotFound)
	huma.Register(s.api, sub, s.apiSubscribe)
	huma.Register(s.api, operation(http.MethodGet, "/forms/{slug}", "get-form", "A sign-up form, with the purposes and texts to show", "Consent", auth.ConsentView), s.apiForm)
}

type subscriptionInput struct {
	Body struct {
		Form      string   `json:"form" minLength:"1" maxLength:"63" doc:"The form's slug."`
		Email     string   `json:"email" minLength:"1" maxLength:"320" doc:"The address as the person typed it."`
		Purposes  []string `json:"purposes" minItems:"1" maxItems:"32" doc:"The purposes whose box the person ticked (slugs)."`
		Texts     []int64  `json:"texts" minItems:"1" maxItems:"32" doc:"The consent text versions the person was shown (ids from GET /forms/{slug})."`
		Language  string   `json:"language,omitempty" enum:"en,fr," doc:"The language of the page and of the confirmation e-mail."`
		IP        string   `json:"ip,omitempty" maxLength:"64" doc:"The person's IP address, as the website saw it."`
		UserAgent string   `json:"user_agent,omitempty" maxLength:"512" doc:"The person's browser (User-Agent)."`
		PageURL   string   `json:"page_url,omitempty" maxLength:"2048" doc:"The page the form was on."`
	}
}

type subscriptionOutput struct {
	Body struct {
		Received bool   `json:"received" doc:"Always true: the answer does not tell whether the address was known."`
		Redirect string `json:"redirect,omitempty" doc:"The form's success page, when it has one."`
	}
}

func (s *Server) apiSubscribe(ctx context.Context, in *subscriptionInput) (*subscriptionOutput, error) {
	b := in.Body
	if b.IP != "" {
		a, err := netip.ParseAddr(b.IP)
		if err != nil {
			return nil, apiError(ctx, s.log, gdprkit.Errorf(gdprkit.EINVALID, "consentweb.api.ip_invalid", nil, "ip %q", b.IP))
		}
		b.IP = a.String()
	}
	res, err := s.svc.Consent.Capture.Subscribe(ctx, capture.SubscribeRequest{Form: b.Form, Email: b.Email, Purposes: b.Purposes, Texts: b.Texts,
		Language: b.Language, IP: b.IP, UserAgent: b.UserAgent, PageURL: b.PageURL, API: true})
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	out := &subscriptionOutput{}
	out.Body.Received, out.Body.Redirect = true, res.Redirect
	return out, nil
}

// FormJSON is a sign-up form as a back end shows it.
type FormJSON struct {
	Slug        string         `json:"slug"`
	Name        string         `json:"name"`
	DoubleOptIn bool           `json:"double_opt_in"`
	Language    string         `json:"language"`
	Purposes    []string       `json:"purposes" doc:"The purposes offered, one unticked box each, in order (slugs)."`
	Texts       []FormTextJSON `json:"texts" doc:"The texts to show, per language: the notice (no purpose) and each box's label. Send their ids with the sign-up."`
}

// FormTextJSON is one text a form shows.
type FormTextJSON struct {
	ID       int64  `json:"id"`
	Language string `json:"language"`
	Purpose  string `json:"purpose,omitempty" doc:"The box it labels; empty for the notice."`
	Format   string `json:"format" enum:"text,html"`
	Body     string `json:"body"`
	SHA256   string `json:"sha256"`
}

type formOutput struct {
	Body FormJSON
}

func (s *Server) apiForm(ctx context.Context, in *struct {
	Slug string `path:"slug" maxLength:"63"`
}) (*formOutput, error) {
	f, err := s.openForm(ctx, in.Slug)
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	purposes, err := s.svc.Consent.Records.Purposes(ctx)
	if err != nil {
		return nil, apiError(ctx, s.log, err)
	}
	out := &formOutput{Body: FormJSON{Slug: f.Slug, Name: f.Name, DoubleOptIn: f.DoubleOptIn, Language: f.Language, Purposes: []string{}, Texts: []FormTextJSON{}}}
	for _, id := range f.Purposes {
		if p := purposeByID(purposes, id); p != nil && !p.Archived {
			out.Body.Purposes = append(out.Body.Purposes, p.Slug)
		}
	}
	for _, ft := range f.Texts {
		t, err := s.svc.Consent.Records.Text(ctx, ft.TextID)
		if err != nil {
			return nil, apiError(ctx, s.log, err)
		}
		j := FormTextJSON{ID: t.ID, Language: ft.Language, Format: t.Format, Body: t.Body, SHA256: t.SHA256}
		if p := purposeByID(purposes, ft.PurposeID); p != nil {
			j.Purpose = p.Slug
		}
		out.Body.Texts = append(out.Body.Texts, j)
	}
	return out, nil
}
