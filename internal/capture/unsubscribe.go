package capture

import (
	"context"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

// UnsubscribeToken signs the unsubscribe link of a message to a contact:
// purposeID 0 withdraws every e-mail purpose and puts the address on the
// suppression list. Put its URL in List-Unsubscribe (RFC 8058) and in the
// body of every message.
func (s *Service) UnsubscribeToken(ctx context.Context, contactID, purposeID int64) (string, error) {
	return s.Keys.Sign(ctx, &Token{Kind: KindUnsubscribe, Subject: contactID, Purpose: purposeID, Expires: s.now().Add(LinkLifetime)})
}

// Unsubscribe withdraws what an unsubscribe link names, at once: by the
// one-click POST a mailbox provider sends (RFC 8058: no cookie, no page),
// or by the button of the page the link opens. Unsubscribing twice changes
// nothing the second time.
func (s *Service) Unsubscribe(ctx context.Context, token, ip, userAgent string, oneClick bool) error {
	t, err := s.Keys.Parse(ctx, token, KindUnsubscribe)
	if err != nil {
		return err
	}
	sub, err := s.subscriber(ctx, t.Subject)
	if err != nil {
		return err
	}
	catalogue, err := s.Store.Purposes(ctx)
	if err != nil {
		return err
	}
	method := "unsubscribe_link"
	if oneClick {
		method = "one_click"
	}
	all := t.Purpose == 0
	slugs := unsubscribeTargets(sub, catalogue, t.Purpose)
	return s.withdraw(ctx, sub, slugs, all, act{action: ActionWithdrawal, at: s.now(), channel: ChannelEmail,
		source: "unsubscribe", subject: sub.Email, ip: ip, ua: userAgent, detail: detail{Method: method}})
}

// WithdrawRequest is a withdrawal recorded by staff or an API client: a
// letter, a phone call, an unsubscribe relayed by an ESP.
type WithdrawRequest struct {
	Email    string
	Purposes []string // empty: every purpose, and the suppression list
	Note     string   // where it came from, without personal data beyond the request
}

// Withdraw records a withdrawal for an address. An unknown address asked
// to withdraw everything still lands on the suppression list, so no later
// import makes it mailable.
func (s *Service) Withdraw(ctx context.Context, req WithdrawRequest) error {
	addr, err := address.Parse(req.Email)
	if err != nil {
		return err
	}
	if err := s.checkPurposes(ctx, req.Purposes); err != nil {
		return err
	}
	a := act{action: ActionWithdrawal, at: s.now(), channel: ChannelAdmin, source: "staff", subject: addr.Canonical,
		detail: detail{Method: "staff", Note: req.Note}}
	sub, err := s.Store.SubscriberByKey(ctx, addr.Key)
	switch {
	case gdprkit.ErrorCode(err) == gdprkit.ENOTFOUND:
		sub = &Subscriber{Email: addr.Canonical, Key: addr.Key, Variant: addr.Variant}
	case err != nil:
		return err
	}
	slugs := req.Purposes
	if len(slugs) == 0 {
		for _, v := range sub.Verdicts {
			if v.Status != contacts.Withdrawn {
				slugs = append(slugs, v.Purpose)
			}
		}
	}
	return s.withdraw(ctx, sub, slugs, len(req.Purposes) == 0, a)
}

// withdraw records a withdrawal of slugs for sub, and with all puts the
// address on the suppression list.
func (s *Service) withdraw(ctx context.Context, sub *Subscriber, slugs []string, all bool, a act) error {
	w := &Write{ContactID: sub.ContactID, Decide: s.decide(all)}
	if len(slugs) > 0 && sub.ContactID != 0 {
		w.Events, w.Last = a.events(slugs)
	}
	if all && s.Suppression != nil {
		w.Suppress = s.Suppression.Hashes(address.Address{Key: sub.Key, Variant: sub.Variant})
		w.SuppressReason = suppression.Withdrawn
	}
	if len(w.Events) == 0 && len(w.Suppress) == 0 {
		return nil
	}
	if sub.ContactID == 0 {
		w.Decide = nil
	}
	return s.Store.Record(contactActor(ctx), w)
}

// unsubscribeTargets returns the purposes an unsubscribe link withdraws:
// the one it names, or every purpose reached by e-mail; those withdrawn
// already are left alone.
func unsubscribeTargets(sub *Subscriber, catalogue []consent.Purpose, purposeID int64) []string {
	named := purposeByID(catalogue, purposeID)
	var out []string
	for _, v := range sub.Verdicts {
		switch {
		case v.Status == contacts.Withdrawn:
		case purposeID == 0 && reachedByEmail(catalogue, v.Purpose):
			out = append(out, v.Purpose)
		case named != nil && named.Slug == v.Purpose:
			out = append(out, v.Purpose)
		}
	}
	return out
}

func purposeByID(catalogue []consent.Purpose, id int64) *consent.Purpose {
	for i := range catalogue {
		if catalogue[i].ID == id {
			return &catalogue[i]
		}
	}
	return nil
}

// reachedByEmail: an e-mail unsubscribe withdraws the purposes that use
// the address; purposes gdprkit does not know (named by an import) count
// as e-mail.
func reachedByEmail(catalogue []consent.Purpose, slug string) bool {
	for i := range catalogue {
		if catalogue[i].Slug == slug {
			return catalogue[i].Channel == "email" || catalogue[i].Channel == "web"
		}
	}
	return slug != "sms_marketing" && slug != "direct_mail"
}
