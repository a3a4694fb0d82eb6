package auth

import (
	"context"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit"
)

// CreateToken creates a personal API token for u with at most u's role
// and returns its secret, which is shown once. expires zero means never.
func (s *Service) CreateToken(ctx context.Context, u *User, name string, role Role, expires time.Duration) (string, *Token, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", nil, gdprkit.Errorf(gdprkit.EINVALID, "tokens.name_required", nil, "token name required")
	}
	if role.rank() == 0 || role.rank() > u.Role.rank() {
		return "", nil, gdprkit.Errorf(gdprkit.EFORBIDDEN, "tokens.role_too_high", nil, "token role above the owner's")
	}
	secret := TokenPrefix + NewSecret()
	t := &Token{UserID: u.ID, Name: name, Prefix: secret[:len(TokenPrefix)+6], Hash: HashSecret(secret), Role: role,
		CreatedAt: s.Now().UTC()}
	if expires > 0 {
		t.ExpiresAt = t.CreatedAt.Add(expires)
	}
	return secret, t, s.Store.CreateToken(ctx, t)
}

// Tokens lists the tokens of user id.
func (s *Service) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	return s.Store.Tokens(ctx, userID)
}

// RevokeToken revokes one of user id's tokens.
func (s *Service) RevokeToken(ctx context.Context, userID, id int64) error {
	return s.Store.RevokeToken(ctx, userID, id)
}

// Authenticate returns the user behind a bearer secret and the token,
// whose Role is what the request may do: the token's role, capped by the
// owner's current role.
func (s *Service) Authenticate(ctx context.Context, secret string) (*User, *Token, error) {
	denied := gdprkit.Errorf(gdprkit.EUNAUTH, "auth.token_invalid", nil, "invalid API token")
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, nil, denied
	}
	t, err := s.Store.TokenByHash(ctx, HashSecret(secret))
	if gdprkit.ErrorCode(err) == gdprkit.ENOTFOUND {
		return nil, nil, denied
	}
	if err != nil {
		return nil, nil, err
	}
	now := s.Now()
	if !t.RevokedAt.IsZero() || (!t.ExpiresAt.IsZero() && now.After(t.ExpiresAt)) {
		return nil, nil, denied
	}
	u, err := s.Store.UserByID(ctx, t.UserID)
	if err != nil || u.Disabled {
		return nil, nil, denied
	}
	// One write a minute at most: a busy script must not turn every read
	// into a write.
	if now.Sub(t.LastUsedAt) > time.Minute {
		if err := s.Store.TouchToken(ctx, t.ID); err != nil {
			return nil, nil, err
		}
	}
	t.Role = t.Role.AtMost(u.Role)
	return u, t, nil
}
