package auth

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/gdprkit/gdprkit"
)

// Service is what the web application and the command line call to manage
// users, logins, links and tokens.
type Service struct {
	Store  Store
	Hasher *Hasher
	Now    func() time.Time
}

// New returns a service over s with the default hash parameters.
func New(s Store) *Service {
	return &Service{Store: s, Hasher: NewHasher(DefaultParams), Now: time.Now}
}

// MinPassword is the shortest password accepted. The CNIL's 2022
// recommendation allows 12 characters with mixed classes; we ask for 12
// whatever their classes and leave passphrases free.
const MinPassword = 12

// maxPassword bounds the work one login can ask for.
const maxPassword = 1024

// CheckPassword returns an EINVALID error with a translation key when p is
// not acceptable for the account email.
func CheckPassword(p, email string) error {
	switch n := utf8.RuneCountInString(p); {
	case n < MinPassword:
		return gdprkit.Errorf(gdprkit.EINVALID, "auth.password_short", map[string]any{"Min": MinPassword}, "password shorter than %d characters", MinPassword)
	case len(p) > maxPassword:
		return gdprkit.Errorf(gdprkit.EINVALID, "auth.password_long", nil, "password longer than %d bytes", maxPassword)
	case NormalizeEmail(p) == NormalizeEmail(email):
		return gdprkit.Errorf(gdprkit.EINVALID, "auth.password_is_email", nil, "password equals the address")
	}
	return nil
}

// checkEmail rejects what cannot be a login address.
func checkEmail(email string) error {
	at := -1
	for i, r := range email {
		if r == '@' {
			at = i
		}
		if r <= ' ' {
			at = -1
			break
		}
	}
	if at <= 0 || at == len(email)-1 || len(email) > 254 {
		return gdprkit.Errorf(gdprkit.EINVALID, "auth.email_invalid", nil, "invalid login address")
	}
	return nil
}

// User returns the user with id.
func (s *Service) User(ctx context.Context, id int64) (*User, error) {
	return s.Store.UserByID(ctx, id)
}

// Users lists every user.
func (s *Service) Users(ctx context.Context) ([]User, error) { return s.Store.Users(ctx) }

// SessionUser returns the user a session belongs to, if the session is
// still valid: the user exists, is enabled and the epoch matches.
func (s *Service) SessionUser(ctx context.Context, id, epoch int64) (*User, error) {
	u, err := s.Store.UserByID(ctx, id)
	if gdprkit.ErrorCode(err) == gdprkit.ENOTFOUND || (err == nil && (u.Disabled || u.SessionEpoch != epoch)) {
		return nil, gdprkit.Errorf(gdprkit.EUNAUTH, "auth.session_ended", nil, "session ended")
	}
	return u, err
}

// CreateUser creates a user with a password (from the command line).
func (s *Service) CreateUser(ctx context.Context, email, name string, role Role, password string) (*User, error) {
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
	u := &User{Email: email, Name: name, Role: role, Password: phc}
	return u, s.Store.CreateUser(ctx, u)
}

// SetLanguage stores the user's preferred interface language.
func (s *Service) SetLanguage(ctx context.Context, id int64, lang string) error {
	u, err := s.Store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	u.Language = lang
	return s.Store.UpdateUser(ctx, u)
}

// ChangePassword replaces the password of user id after checking the
// current one. Other sessions of the user end; the caller renews its own.
func (s *Service) ChangePassword(ctx context.Context, id int64, current, next string) (*User, error) {
	u, err := s.Store.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	ok, _, err := s.Hasher.Verify(ctx, u.Password, current)
	if err != nil || !ok {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "auth.current_password_wrong", nil, "current password does not match")
	}
	if err := CheckPassword(next, u.Email); err != nil {
		return nil, err
	}
	phc, err := s.Hasher.Hash(ctx, next)
	if err != nil {
		return nil, err
	}
	if err := s.Store.SetPassword(ctx, id, phc, true); err != nil {
		return nil, err
	}
	return s.Store.UserByID(ctx, id)
}

// SetPassword sets a new password for user id without the current one
// (the command line's reset-password) and ends the user's sessions.
func (s *Service) SetPassword(ctx context.Context, id int64, password string) error {
	u, err := s.Store.UserByID(ctx, id)
	if err != nil {
		return err
	}
	if err := CheckPassword(password, u.Email); err != nil {
		return err
	}
	phc, err := s.Hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	return s.Store.SetPassword(ctx, id, phc, true)
}
