package capture

import (
	"context"
	"time"

	"github.com/gdprkit/gdprkit"
)

// ConfirmationRequest asks an existing contact to confirm consent: what a
// re-permission campaign sends.
type ConfirmationRequest struct {
	ContactID int64
	Purposes  []string
	Texts     []int64 // the texts the e-mail and the confirmation page show
	Campaign  string  // recorded as the source of the confirmation
	Language  string
	Expires   time.Time // ConfirmLifetime from now when zero
}

// Issued is a consent request ready to be e-mailed.
type Issued struct {
	ID    int64
	Token string
	URL   string // the confirmation page
}

// RequestConfirmation creates a consent request and signs its link. The
// caller sends the e-mail and then calls MarkSent with its Message-ID.
func (s *Service) RequestConfirmation(ctx context.Context, req ConfirmationRequest) (*Issued, error) {
	if err := s.checkPurposes(ctx, req.Purposes); err != nil {
		return nil, err
	}
	if len(req.Purposes) == 0 {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "capture.no_purpose", nil, "no purpose to confirm")
	}
	if _, err := s.texts(ctx, req.Texts); err != nil {
		return nil, err
	}
	expires := req.Expires
	if expires.IsZero() {
		expires = s.now().Add(ConfirmLifetime)
	}
	r := &Request{Kind: RequestRepermission, ContactID: req.ContactID, Campaign: req.Campaign, Purposes: req.Purposes,
		Texts: req.Texts, Language: req.Language, ExpiresAt: expires}
	if err := s.Store.Record(ctx, &Write{ContactID: req.ContactID, Request: r}); err != nil {
		return nil, err
	}
	token, err := s.Keys.Sign(ctx, &Token{Kind: KindConfirm, Subject: r.ID, Expires: expires})
	if err != nil {
		return nil, err
	}
	return &Issued{ID: r.ID, Token: token, URL: s.ConfirmURL(token)}, nil
}

// MarkSent records the Message-ID of the e-mail that carried request id's
// link; the confirmation event will cite it.
func (s *Service) MarkSent(ctx context.Context, id int64, messageID string) error {
	return s.Store.MarkRequestSent(ctx, id, messageID, s.now())
}

// Maintain is the periodic job's work for capture: rotate the link-signing
// key when it is older than rotateEvery, delete keys whose links have all
// expired, and forget spent tokens that have expired.
func (s *Service) Maintain(ctx context.Context, rotateEvery time.Duration) error {
	if err := s.Keys.Maintain(ctx, rotateEvery); err != nil {
		return err
	}
	return s.Store.PruneUsedTokens(ctx, s.now())
}
