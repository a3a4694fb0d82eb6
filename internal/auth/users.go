package auth

import (
	"context"

	"github.com/gdprkit/gdprkit"
)

// Change is what an administrator changes on a user; nil fields stay.
type Change struct {
	Name     *string
	Role     *Role
	Disabled *bool
}

// UpdateUser applies c to user id. A role change or disabling ends the
// user's sessions. The last enabled administrator cannot be demoted or
// disabled, so gdprkit never locks itself out.
func (s *Service) UpdateUser(ctx context.Context, id int64, c Change) (*User, error) {
	u, err := s.Store.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	losesAdmin := u.Role == Admin && !u.Disabled &&
		((c.Role != nil && *c.Role != Admin) || (c.Disabled != nil && *c.Disabled))
	if losesAdmin {
		if err := s.keepOneAdmin(ctx, id); err != nil {
			return nil, err
		}
	}
	if c.Name != nil {
		u.Name = *c.Name
	}
	if (c.Role != nil && *c.Role != u.Role) || (c.Disabled != nil && *c.Disabled && !u.Disabled) {
		u.SessionEpoch++
	}
	if c.Role != nil {
		u.Role = *c.Role
	}
	if c.Disabled != nil {
		u.Disabled = *c.Disabled
	}
	return u, s.Store.UpdateUser(ctx, u)
}

func (s *Service) keepOneAdmin(ctx context.Context, except int64) error {
	users, err := s.Store.Users(ctx)
	if err != nil {
		return err
	}
	for _, o := range users {
		if o.ID != except && o.Role == Admin && !o.Disabled {
			return nil
		}
	}
	return gdprkit.Errorf(gdprkit.ECONFLICT, "users.last_admin", nil, "the last administrator cannot be demoted or disabled")
}

// UserByEmail returns the user with the address.
func (s *Service) UserByEmail(ctx context.Context, email string) (*User, error) {
	return s.Store.UserByEmail(ctx, NormalizeEmail(email))
}
