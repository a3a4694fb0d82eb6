package capture

import (
	"context"
	"fmt"
	"slices"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// SubscribeRequest is a sign-up, from a hosted form or the JSON API.
type SubscribeRequest struct {
	Form     string   // the form's slug
	Email    string   // as typed
	Purposes []string // the boxes ticked, by slug
	// Texts are the consent text versions the person was shown. The hosted
	// form knows them; an API caller sends the ids it displayed.
	Texts     []int64
	Language  string
	IP        string // the person's address, as the web layer found it behind trusted proxies
	UserAgent string
	PageURL   string // the page the form was on
	API       bool   // posted through the JSON API rather than the hosted form
	// Honeypot: the field hidden from people was filled in, so a bot sent
	// this. It gets the usual answer and nothing is recorded.
	Honeypot bool
}

// SubscribeResult is the answer to a sign-up. It is the same whether the
// address was known, suppressed or new.
type SubscribeResult struct {
	Redirect string // the form's success page; empty for gdprkit's own
	Language string
}

// Subscribe records consent given on a form: one event per purpose ticked,
// with the texts shown, the page, the IP and the user agent. On a double
// opt-in form, or when the address is on the suppression list (only a new
// double opt-in lifts it), the events are "pending" and a confirmation
// e-mail goes out; otherwise the consent is in force at once.
func (s *Service) Subscribe(ctx context.Context, req SubscribeRequest) (*SubscribeResult, error) {
	form, err := s.Store.Form(ctx, req.Form)
	if err != nil {
		return nil, err
	}
	if form.Archived {
		return nil, gdprkit.Errorf(gdprkit.ENOTFOUND, "capture.form_not_found", nil, "form %s is archived", form.Slug)
	}
	lang := locale.Normalize(firstNonEmpty(req.Language, form.Language))
	res := &SubscribeResult{Redirect: form.SuccessURL, Language: lang}
	addr, purposes, texts, err := s.validate(ctx, form, &req)
	if err != nil || req.Honeypot {
		return res, err
	}
	suppressed, err := s.isSuppressed(ctx, addr)
	if err != nil {
		return nil, err
	}
	doi := form.DoubleOptIn || suppressed
	a := act{action: ActionSignup, at: s.now(), channel: ChannelWebForm, source: "form:" + form.Slug,
		subject: addr.Canonical, ip: req.IP, ua: req.UserAgent,
		detail: detail{Form: form.Slug, Texts: texts, Page: req.PageURL, Language: lang, DOI: doi}}
	if req.API {
		a.channel = ChannelAPI
	}
	if doi {
		a.action = ActionPending
	}
	w := &Write{Address: addr, Language: lang, TextsUsed: textIDs(texts), Decide: s.decide(suppressed)}
	w.Events, w.Last = a.events(purposes)
	if doi {
		w.Request = &Request{Kind: RequestDOI, FormID: form.ID, Purposes: purposes, Texts: textIDs(texts), Language: lang,
			ExpiresAt: a.at.Add(ConfirmLifetime)}
	}
	if err := s.Store.Record(contactActor(ctx), w); err != nil {
		return nil, err
	}
	if doi {
		w.Request.Email = addr.Canonical
		if err := s.sendConfirmation(ctx, w.Request, form.Name, lang); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// validate checks the address, the purposes (at least one, all offered by
// the form) and the texts (at least one, all the form's).
func (s *Service) validate(ctx context.Context, form *Form, req *SubscribeRequest) (address.Address, []string, []textRef, error) {
	addr, err := address.Parse(req.Email)
	if err != nil {
		return addr, nil, nil, gdprkit.Errorf(gdprkit.EINVALID, "capture.email_invalid", nil, "e-mail address: %v", err)
	}
	catalogue, err := s.Store.Purposes(ctx)
	if err != nil {
		return addr, nil, nil, err
	}
	offered := map[string]bool{}
	for _, p := range catalogue {
		if slices.Contains(form.Purposes, p.ID) && !p.Archived {
			offered[p.Slug] = true
		}
	}
	var purposes []string
	for _, p := range req.Purposes {
		if !offered[p] {
			return addr, nil, nil, gdprkit.Errorf(gdprkit.EINVALID, "capture.purpose_unknown", map[string]any{"Purpose": p}, "form %s does not offer purpose %q", form.Slug, p)
		}
		if !slices.Contains(purposes, p) {
			purposes = append(purposes, p)
		}
	}
	if len(purposes) == 0 {
		return addr, nil, nil, gdprkit.Errorf(gdprkit.EINVALID, "capture.no_purpose", nil, "no purpose ticked")
	}
	texts, err := s.formTexts(ctx, form, req.Texts)
	return addr, purposes, texts, err
}

// formTexts resolves the text versions shown, which must belong to the
// form, with their hashes.
func (s *Service) formTexts(ctx context.Context, form *Form, ids []int64) ([]textRef, error) {
	var out []textRef
	for _, id := range ids {
		if !formHasText(form, id) {
			return nil, gdprkit.Errorf(gdprkit.EINVALID, "capture.text_unknown", map[string]any{"Text": id}, "form %s does not show text %d", form.Slug, id)
		}
		t, err := s.Store.Text(ctx, id)
		if err != nil {
			return nil, err
		}
		if !t.Intact() {
			return nil, fmt.Errorf("consent text %d no longer matches its hash: it was changed in the database", id)
		}
		out = append(out, textRef{ID: t.ID, SHA256: t.SHA256})
	}
	if len(out) == 0 {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "capture.no_text", nil, "no consent text shown: a consent without its wording proves little")
	}
	return out, nil
}

func formHasText(f *Form, id int64) bool {
	for _, t := range f.Texts {
		if t.TextID == id {
			return true
		}
	}
	return false
}

func textIDs(ts []textRef) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

// labels returns the purposes' names in lang, in the order given.
func labels(catalogue []consent.Purpose, slugs []string, lang string) []string {
	out := make([]string, 0, len(slugs))
	for _, slug := range slugs {
		label := slug
		for i := range catalogue {
			if catalogue[i].Slug == slug {
				label = catalogue[i].Label(lang)
			}
		}
		out = append(out, label)
	}
	return out
}
