package auth

import (
	"context"
	"time"

	"github.com/gdprkit/gdprkit"
)

// How long one-time links stay valid.
var linkLifetime = map[string]time.Duration{
	LinkFirstAdmin: 24 * time.Hour,
	LinkInvite:     7 * 24 * time.Hour,
	LinkReset:      24 * time.Hour,
}

// SetupNeeded reports whether no user exists yet.
func (s *Service) SetupNeeded(ctx context.Context) (bool, error) {
	n, err := s.Store.CountUsers(ctx)
	return n == 0, err
}

// FirstAdminLink returns the secret of a new one-time link to create the
// first administrator, replacing any earlier one. It fails with EFORBIDDEN
// once a user exists.
func (s *Service) FirstAdminLink(ctx context.Context) (string, error) {
	secret := NewSecret()
	return secret, s.Store.ReplaceFirstAdminLink(ctx, s.newLink(secret, LinkFirstAdmin, 0))
}

func (s *Service) newLink(secret, purpose string, userID int64) Link {
	now := s.Now().UTC()
	return Link{Hash: HashSecret(secret), Purpose: purpose, UserID: userID, CreatedAt: now, ExpiresAt: now.Add(linkLifetime[purpose])}
}

// CompleteSetup uses a first-admin link to create the administrator. The
// link logs them in, so the login is recorded as by Login.
func (s *Service) CompleteSetup(ctx context.Context, secret, email, name, password, lang string) (*User, error) {
	email = NormalizeEmail(email)
	if err := checkEmail(email); err != nil {
		return nil, err
	}
	if err := CheckPassword(password, email); err != nil {
		return nil, err
	}
	phc, err := s.Hasher.Hash(ctx, password)
	if err != nil {
		return nil, err
	}
	u := &User{Email: email, Name: name, Role: Admin, Password: phc, Language: lang}
	if err := s.Store.CreateFirstAdmin(ctx, HashSecret(secret), u); err != nil {
		return nil, err
	}
	return u, s.recordLogin(ctx, u)
}

// recordLogin notes that a link logged u in, as a login would.
func (s *Service) recordLogin(ctx context.Context, u *User) error {
	if err := s.Store.RecordLogin(ctx, u.ID); err != nil {
		return err
	}
	u.LastLoginAt = s.Now().UTC()
	return nil
}

// Invite creates a user without a password and returns the secret of the
// link with which they choose one.
func (s *Service) Invite(ctx context.Context, email, name string, role Role) (*User, string, error) {
	email = NormalizeEmail(email)
	if err := checkEmail(email); err != nil {
		return nil, "", err
	}
	u := &User{Email: email, Name: name, Role: role}
	if err := s.Store.CreateUser(ctx, u); err != nil {
		return nil, "", err
	}
	secret := NewSecret()
	return u, secret, s.Store.CreateLink(ctx, s.newLink(secret, LinkInvite, u.ID))
}

// ResetLink returns the secret of a one-time password-reset link for user
// id. Using it ends the user's sessions.
func (s *Service) ResetLink(ctx context.Context, id int64) (string, error) {
	if _, err := s.Store.UserByID(ctx, id); err != nil {
		return "", err
	}
	secret := NewSecret()
	return secret, s.Store.CreateLink(ctx, s.newLink(secret, LinkReset, id))
}

// LinkInfo returns a valid link and the user it concerns (nil for the
// first-admin link); an unknown, used or expired link is ENOTFOUND.
func (s *Service) LinkInfo(ctx context.Context, secret string) (*Link, *User, error) {
	l, err := s.Store.Link(ctx, HashSecret(secret))
	if err != nil || l.UserID == 0 {
		return l, nil, err
	}
	u, err := s.Store.UserByID(ctx, l.UserID)
	return l, u, err
}

// UseLink sets the password of the user an invitation or reset link was
// made for. The link logs them in, so the login is recorded.
func (s *Service) UseLink(ctx context.Context, secret, password string) (*User, error) {
	_, u, err := s.LinkInfo(ctx, secret)
	if err != nil {
		return nil, err
	}
	if u == nil {
		return nil, gdprkit.Errorf(gdprkit.ENOTFOUND, "auth.link_invalid", nil, "not a user link")
	}
	if err := CheckPassword(password, u.Email); err != nil {
		return nil, err
	}
	phc, err := s.Hasher.Hash(ctx, password)
	if err != nil {
		return nil, err
	}
	if u, err = s.Store.UseLink(ctx, HashSecret(secret), phc); err != nil {
		return nil, err
	}
	return u, s.recordLogin(ctx, u)
}
