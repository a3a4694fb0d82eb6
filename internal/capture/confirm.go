package capture

import (
	"context"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/address"
)

// ConfirmResult is the answer to a confirmation.
type ConfirmResult struct {
	Redirect string // the form's confirmed page; empty for gdprkit's own
	Language string
	// PreferencesURL opens the preference centre, for the page that
	// thanks the person.
	PreferencesURL string
}

// Confirm records the confirmation of a consent request: the person
// followed the e-mailed link and pressed the button, which POSTs (a GET
// must never confirm: mail scanners fetch links). The confirmation event
// records its time, IP and user agent, the texts and form of the sign-up,
// and the Message-ID of the e-mail; a new double opt-in also lifts the
// address from the suppression list.
func (s *Service) Confirm(ctx context.Context, token, ip, userAgent string) (*ConfirmResult, error) {
	t, err := s.Keys.Parse(ctx, token, KindConfirm)
	if err != nil {
		return nil, err
	}
	r, err := s.Store.ConsentRequest(ctx, t.Subject)
	if gdprkit.ErrorCode(err) == gdprkit.ENOTFOUND {
		return nil, ErrTokenInvalid // signed by us, but its request was erased
	}
	if err != nil {
		return nil, err
	}
	switch {
	case !r.ConfirmedAt.IsZero():
		return nil, ErrTokenUsed
	case !s.now().Before(r.ExpiresAt):
		return nil, ErrTokenExpired
	}
	a, form, err := s.confirmation(ctx, r, ip, userAgent)
	if err != nil {
		return nil, err
	}
	addr, err := address.Parse(r.Email)
	if err != nil {
		return nil, ErrTokenInvalid
	}
	w := &Write{ContactID: r.ContactID, Confirmed: r.ID, Nonce: t.Nonce[:], NonceExpires: t.Expires,
		TextsUsed: r.Texts, Decide: s.decide(false)}
	if s.Suppression != nil {
		w.Lift = s.Suppression.Hashes(addr)
	}
	w.Events, w.Last = a.events(r.Purposes)
	if err := s.Store.Record(contactActor(ctx), w); err != nil {
		return nil, err
	}
	res := &ConfirmResult{Language: r.Language}
	if form != nil {
		res.Redirect = form.ConfirmedURL
	}
	prefs, err := s.PreferencesToken(ctx, r.ContactID)
	if err != nil {
		return nil, err
	}
	res.PreferencesURL = s.PreferencesURL(prefs)
	return res, nil
}

// confirmation builds the confirmation act of r: for a double opt-in, the
// form, texts and page of the sign-up it confirms; for a re-permission
// request, its campaign and texts.
func (s *Service) confirmation(ctx context.Context, r *Request, ip, userAgent string) (*act, *Form, error) {
	a := &act{action: ActionConfirmation, at: s.now(), channel: ChannelEmail, subject: r.Email, ip: ip, ua: userAgent,
		detail: detail{Request: r.ID, MessageID: r.MessageID, Campaign: r.Campaign, Language: r.Language}}
	if !r.SentAt.IsZero() {
		sent := r.SentAt
		a.detail.SentAt = &sent
	}
	for _, id := range r.Texts {
		t, err := s.Store.Text(ctx, id)
		if err != nil {
			return nil, nil, err
		}
		a.detail.Texts = append(a.detail.Texts, textRef{ID: t.ID, SHA256: t.SHA256})
	}
	if r.Campaign != "" {
		a.source = "campaign:" + r.Campaign
		return a, nil, nil
	}
	evs, err := s.Store.RequestEvents(ctx, r)
	if err != nil {
		return nil, nil, err
	}
	if len(evs) > 0 {
		d := parseDetail(evs[0].Personal.Detail)
		a.detail.Form, a.detail.Page, a.source = d.Form, d.Page, evs[0].Source
		a.subject = firstNonEmpty(evs[0].Personal.Subject, r.Email)
	}
	if a.detail.Form == "" {
		return a, nil, nil
	}
	form, err := s.Store.Form(ctx, a.detail.Form)
	switch {
	case err == nil:
		return a, form, nil
	case gdprkit.ErrorCode(err) == gdprkit.ENOTFOUND:
		return a, nil, nil // the form was deleted since: the sign-up still says which it was
	}
	return nil, nil, err
}

// ConfirmInfo is what the confirmation page shows before the button.
type ConfirmInfo struct {
	Language string
	Purposes []string // labels, in the request's language
	Expires  time.Time
	// Redirect is where Confirm will send the person: the confirmed page
	// of the sign-up's form, empty for gdprkit's own. The page names it
	// in its Content-Security-Policy (form-action covers redirects).
	Redirect string
}

// ConfirmationInfo checks a confirmation link and returns what its page
// shows, changing nothing: the GET of the link, which mail scanners fetch
// too, must not confirm. The errors are Confirm's.
func (s *Service) ConfirmationInfo(ctx context.Context, token string) (*ConfirmInfo, error) {
	t, err := s.Keys.Parse(ctx, token, KindConfirm)
	if err != nil {
		return nil, err
	}
	r, err := s.Store.ConsentRequest(ctx, t.Subject)
	switch {
	case gdprkit.ErrorCode(err) == gdprkit.ENOTFOUND:
		return nil, ErrTokenInvalid
	case err != nil:
		return nil, err
	case !r.ConfirmedAt.IsZero():
		return nil, ErrTokenUsed
	case !s.now().Before(r.ExpiresAt):
		return nil, ErrTokenExpired
	}
	catalogue, err := s.Store.Purposes(ctx)
	if err != nil {
		return nil, err
	}
	info := &ConfirmInfo{Language: r.Language, Purposes: labels(catalogue, r.Purposes, r.Language), Expires: r.ExpiresAt}
	if r.FormID != 0 && r.Campaign == "" {
		forms, err := s.Store.Forms(ctx)
		if err != nil {
			return nil, err
		}
		for i := range forms {
			if forms[i].ID == r.FormID {
				info.Redirect = forms[i].ConfirmedURL
			}
		}
	}
	return info, nil
}
