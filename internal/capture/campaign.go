package capture

import (
	"context"
	"time"

	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/contacts/esp"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

// What a re-permission campaign (package campaign) asks of capture. The
// campaign writes its consent requests in bulk, in the transactions of its
// fan-out and of each message (the same rows RequestConfirmation and
// MarkSent write, without a transaction per recipient); it signs their
// links here, and records hard bounces here.

// ConfirmToken signs the link that confirms consent request requestID,
// valid until expires (a campaign's deadline). Each message of the
// campaign carries a token of its own; the request is confirmed once.
func (s *Service) ConfirmToken(ctx context.Context, requestID int64, expires time.Time) (string, error) {
	return s.Keys.Sign(ctx, &Token{Kind: KindConfirm, Subject: requestID, Expires: expires})
}

// ActionBounce is the ledger action of a hard bounce: the audit rules
// (esp.Bounce) then judge the contact undeliverable.
const ActionBounce = string(esp.Bounce)

// RecordBounce records that a message of campaign to contact contactID was
// refused for good (a 5xx reply): a bounce event for every e-mail purpose
// of the contact, the address on the suppression list (reason bounced),
// the contact's verdicts again. reply is the server's answer, kept in the
// erasable detail of the events.
func (s *Service) RecordBounce(ctx context.Context, contactID int64, campaign, reply string) error {
	sub, err := s.subscriber(ctx, contactID)
	if err != nil {
		return err
	}
	catalogue, err := s.Store.Purposes(ctx)
	if err != nil {
		return err
	}
	slugs := unsubscribeTargets(sub, catalogue, 0)
	a := act{action: ActionBounce, at: s.now(), channel: ChannelEmail, source: "campaign:" + campaign, subject: sub.Email,
		detail: detail{Campaign: campaign, Method: "smtp_reply", Note: reply}}
	// The bounce itself makes the contact undeliverable; the suppression
	// list keeps a later import from making the address mailable again.
	w := &Write{ContactID: contactID, Decide: s.decide(false)}
	if len(slugs) > 0 {
		w.Events, w.Last = a.events(slugs)
	}
	if s.Suppression != nil {
		w.Suppress = s.Suppression.Hashes(address.Address{Key: sub.Key, Variant: sub.Variant})
		w.SuppressReason = suppression.Bounced
	}
	return s.Store.Record(ctx, w)
}
