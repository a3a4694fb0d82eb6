package auth

import (
	"context"
	"time"

	"github.com/gdprkit/gdprkit"
)

// Limit is a throttling rule: Failures within Window lock the key for Lock.
type Limit struct {
	Failures int
	Window   time.Duration
	Lock     time.Duration
}

// Throttling rules. An account is locked after 5 failures in 15 minutes; a
// client address after 30, so one office behind a NAT is not locked out by
// a colleague but a password-spraying client is.
var (
	AccountLimit = Limit{Failures: 5, Window: 15 * time.Minute, Lock: 15 * time.Minute}
	AddressLimit = Limit{Failures: 30, Window: 15 * time.Minute, Lock: 15 * time.Minute}
)

// dummyHash is verified when the address is unknown, so a login for an
// unknown account takes as long as one for a known account.
var dummyHash = encodePHC(DefaultParams, make([]byte, 16), make([]byte, 32))

// Login checks an address and password from a client at remote. Unknown
// addresses, disabled accounts and wrong passwords give the same error
// (auth.invalid) after the same work, so answers do not reveal which
// accounts exist. Locked keys give auth.locked, for unknown addresses too.
func (s *Service) Login(ctx context.Context, email, password, remote string) (*User, error) {
	email = NormalizeEmail(email)
	acct, addr := "acct:"+HashSecret(email), "ip:"+remote
	until, err := s.Store.LockedUntil(ctx, []string{acct, addr})
	if err != nil {
		return nil, err
	}
	if !until.IsZero() {
		s.Hasher.Verify(ctx, dummyHash, password) //nolint:errcheck // only spends the time a real check takes
		return nil, lockedError(until)
	}
	u, v, err := s.check(ctx, email, password)
	if err != nil {
		return nil, err
	}
	if !v.ok {
		return nil, s.fail(ctx, acct, addr, u)
	}
	return u, s.succeed(ctx, acct, u, password, v.rehash)
}

// verdict is the outcome of a password check.
type verdict struct{ ok, rehash bool }

// check verifies the password of the account email, if there is one that
// may log in. u is nil for unknown addresses.
func (s *Service) check(ctx context.Context, email, password string) (*User, verdict, error) {
	u, err := s.Store.UserByEmail(ctx, email)
	if gdprkit.ErrorCode(err) == gdprkit.ENOTFOUND {
		s.Hasher.Verify(ctx, dummyHash, password) //nolint:errcheck // only spends the time a real check takes
		return nil, verdict{}, nil
	}
	if err != nil {
		return nil, verdict{}, err
	}
	if u.Password == "" {
		s.Hasher.Verify(ctx, dummyHash, password) //nolint:errcheck // only spends the time a real check takes
		return u, verdict{}, nil
	}
	ok, rehash, err := s.Hasher.Verify(ctx, u.Password, password)
	if err != nil {
		return nil, verdict{}, err
	}
	return u, verdict{ok: ok && !u.Disabled, rehash: rehash}, nil
}

func (s *Service) fail(ctx context.Context, acct, addr string, u *User) error {
	var id int64
	if u != nil {
		id = u.ID
	}
	_, until, err := s.Store.RecordFailure(ctx, acct, AccountLimit, id)
	if err != nil {
		return err
	}
	if _, ipUntil, err := s.Store.RecordFailure(ctx, addr, AddressLimit, 0); err != nil {
		return err
	} else if ipUntil.After(until) {
		until = ipUntil
	}
	if !until.IsZero() {
		return lockedError(until)
	}
	return gdprkit.Errorf(gdprkit.EUNAUTH, "auth.invalid", nil, "invalid address or password")
}

// succeed clears the account's failures, records the login and replaces
// the hash when its parameters are out of date (rehash on login).
func (s *Service) succeed(ctx context.Context, acct string, u *User, password string, rehash bool) error {
	if err := s.Store.ClearFailures(ctx, acct); err != nil {
		return err
	}
	if err := s.Store.RecordLogin(ctx, u.ID); err != nil {
		return err
	}
	if !rehash {
		return nil
	}
	phc, err := s.Hasher.Hash(ctx, password)
	if err != nil {
		return err
	}
	u.Password = phc
	return s.Store.SetPassword(ctx, u.ID, phc, false)
}

func lockedError(until time.Time) error {
	return gdprkit.Errorf(gdprkit.ERATELIMIT, "auth.locked", map[string]any{"Until": until}, "too many failed logins until %s", until.Format(time.RFC3339))
}
