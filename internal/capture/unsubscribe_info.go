package capture

import "context"

// UnsubscribeInfo is what the unsubscribe page shows before its button.
type UnsubscribeInfo struct {
	// Email is the address, partly masked, as in the preference centre.
	Email    string
	Language string
	// Purpose is the label of the purpose the link withdraws, in the
	// contact's language; empty when it withdraws every e-mail purpose.
	Purpose string
	// PreferencesURL opens the contact's preference centre.
	PreferencesURL string
}

// UnsubscribeInfo checks an unsubscribe link and returns what its page
// shows, changing nothing: the GET of the link, which mail scanners fetch,
// must not unsubscribe. The errors are Unsubscribe's.
func (s *Service) UnsubscribeInfo(ctx context.Context, token string) (*UnsubscribeInfo, error) {
	t, err := s.Keys.Parse(ctx, token, KindUnsubscribe)
	if err != nil {
		return nil, err
	}
	sub, err := s.subscriber(ctx, t.Subject)
	if err != nil {
		return nil, err
	}
	info := &UnsubscribeInfo{Email: maskEmail(sub.Email), Language: sub.Language}
	if t.Purpose != 0 {
		catalogue, err := s.Store.Purposes(ctx)
		if err != nil {
			return nil, err
		}
		if p := purposeByID(catalogue, t.Purpose); p != nil {
			info.Purpose = p.Label(sub.Language)
		}
	}
	prefs, err := s.PreferencesToken(ctx, sub.ContactID)
	if err != nil {
		return nil, err
	}
	info.PreferencesURL = s.PreferencesURL(prefs)
	return info, nil
}
