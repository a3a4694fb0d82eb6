package capture

import (
	"context"
	"slices"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/address"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
)

// PreferencesToken signs a link to a contact's preference centre.
func (s *Service) PreferencesToken(ctx context.Context, contactID int64) (string, error) {
	return s.Keys.Sign(ctx, &Token{Kind: KindPreferences, Subject: contactID, Expires: s.now().Add(LinkLifetime)})
}

// Preferences returns what the preference centre shows: every active
// purpose, granted or not.
func (s *Service) Preferences(ctx context.Context, token string) (*Preferences, error) {
	t, err := s.Keys.Parse(ctx, token, KindPreferences)
	if err != nil {
		return nil, err
	}
	sub, err := s.subscriber(ctx, t.Subject)
	if err != nil {
		return nil, err
	}
	catalogue, err := s.Store.Purposes(ctx)
	if err != nil {
		return nil, err
	}
	p := &Preferences{Email: maskEmail(sub.Email), Language: sub.Language}
	for _, pu := range catalogue {
		if pu.Archived {
			continue
		}
		ps := PurposeState{Purpose: pu}
		if v := verdictOf(sub, pu.Slug); v != nil {
			ps.Granted = Subscribed(v.Status)
			ps.Pending = v.Status == contacts.Missing && slices.Contains(v.Reasons, contacts.ReasonOptinPending)
			ps.Since = v.ConsentAt
		}
		p.Purposes = append(p.Purposes, ps)
	}
	return p, nil
}

// Subscribed reports whether the preference centre shows a purpose as
// ticked: whenever the contact may be written to for it, with documented
// consent, weak consent awaiting re-permission, or another legal basis
// (objecting to a soft opt-in is a right too). Unticking then withdraws:
// withdrawing must be as easy as consenting, whatever the proof held.
func Subscribed(s contacts.Status) bool {
	switch s {
	case contacts.Documented, contacts.Weak, contacts.OtherBasis:
		return true
	}
	return false
}

// PreferenceChange is what the person changed in the preference centre.
type PreferenceChange struct {
	Grant    []string // purposes ticked, by slug
	Withdraw []string // purposes unticked
	// Texts are the consent text versions shown beside the boxes; granting
	// needs at least one.
	Texts     []int64
	IP        string
	UserAgent string
}

// SetPreferences records the changes at once: a withdrawal per purpose
// unticked, a consent per purpose ticked. The link was delivered to the
// address, so granting there also lifts the address from the suppression
// list.
func (s *Service) SetPreferences(ctx context.Context, token string, ch PreferenceChange) error {
	t, err := s.Keys.Parse(ctx, token, KindPreferences)
	if err != nil {
		return err
	}
	sub, err := s.subscriber(ctx, t.Subject)
	if err != nil {
		return err
	}
	if err := s.checkPurposes(ctx, append(append([]string(nil), ch.Grant...), ch.Withdraw...)); err != nil {
		return err
	}
	w := &Write{ContactID: sub.ContactID, Decide: s.decide(false)}
	if len(ch.Withdraw) > 0 {
		a := act{action: ActionWithdrawal, at: s.now(), channel: ChannelPreference, source: "preferences",
			subject: sub.Email, ip: ch.IP, ua: ch.UserAgent, detail: detail{Method: "preference_centre"}}
		w.Events, w.Last = a.events(ch.Withdraw)
	}
	if len(ch.Grant) > 0 {
		texts, err := s.texts(ctx, ch.Texts)
		if err != nil {
			return err
		}
		a := act{action: ActionSignup, at: s.now(), channel: ChannelPreference, source: "preferences",
			subject: sub.Email, ip: ch.IP, ua: ch.UserAgent, detail: detail{Texts: texts, Method: "preference_centre"}}
		evs, _ := a.events(ch.Grant)
		w.Events = append(w.Events, evs...)
		w.Events, w.Last = rechain(w.Events)
		w.TextsUsed = textIDs(texts)
		if addr, err := address.Parse(sub.Email); err == nil && s.Suppression != nil {
			w.Lift = s.Suppression.Hashes(addr)
		}
	}
	if len(w.Events) == 0 {
		return nil
	}
	return s.Store.Record(contactActor(ctx), w)
}

// texts resolves text versions by id, with their hashes.
func (s *Service) texts(ctx context.Context, ids []int64) ([]textRef, error) {
	var out []textRef
	for _, id := range ids {
		t, err := s.Store.Text(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, textRef{ID: t.ID, SHA256: t.SHA256})
	}
	if len(out) == 0 {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "capture.no_text", nil, "no consent text shown")
	}
	return out, nil
}

// checkPurposes refuses slugs that are not active purposes.
func (s *Service) checkPurposes(ctx context.Context, slugs []string) error {
	catalogue, err := s.Store.Purposes(ctx)
	if err != nil {
		return err
	}
	for _, slug := range slugs {
		if !slices.ContainsFunc(catalogue, func(p consent.Purpose) bool { return p.Slug == slug && !p.Archived }) {
			return gdprkit.Errorf(gdprkit.EINVALID, "capture.purpose_unknown", map[string]any{"Purpose": slug}, "unknown purpose %q", slug)
		}
	}
	return nil
}

// subscriber loads the contact a link names; one erased since is an
// invalid link.
func (s *Service) subscriber(ctx context.Context, id int64) (*Subscriber, error) {
	sub, err := s.Store.Subscriber(ctx, id)
	if gdprkit.ErrorCode(err) == gdprkit.ENOTFOUND {
		return nil, ErrTokenInvalid
	}
	return sub, err
}

func verdictOf(sub *Subscriber, purpose string) *contacts.Verdict {
	for i := range sub.Verdicts {
		if sub.Verdicts[i].Purpose == purpose {
			return &sub.Verdicts[i]
		}
	}
	return nil
}

// rechain chains events of one block again, in order, after two acts were
// joined into one block.
func rechain(evs []contacts.Event) ([]contacts.Event, consent.Hash) {
	var chain consent.Hash
	for i := range evs {
		chain = consent.Chain(chain, consent.Digest(evs[i].Chained()))
		evs[i].Hash = chain
	}
	return evs, chain
}
