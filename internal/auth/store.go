package auth

import (
	"context"
	"time"
)

// Store is the storage auth needs. internal/store/sqlstore implements it
// for both databases.
type Store interface {
	UserStore
	LinkStore
	TokenStore
	ThrottleStore
	SessionStorage
}

// UserStore keeps the users.
type UserStore interface {
	// CreateUser inserts u and sets its ID; a taken address is ECONFLICT.
	CreateUser(ctx context.Context, u *User) error
	UserByID(ctx context.Context, id int64) (*User, error)
	// UserByEmail looks up a normalised address; ENOTFOUND if none.
	UserByEmail(ctx context.Context, email string) (*User, error)
	Users(ctx context.Context) ([]User, error)
	CountUsers(ctx context.Context) (int, error)
	// UpdateUser stores name, role, language, disabled and session epoch.
	UpdateUser(ctx context.Context, u *User) error
	// SetPassword stores a new hash; endSessions raises the session epoch.
	SetPassword(ctx context.Context, id int64, phc string, endSessions bool) error
	// RecordLogin notes a successful login and clears failure counts.
	RecordLogin(ctx context.Context, id int64) error
}

// LinkStore keeps one-time links, by the hash of their secret.
type LinkStore interface {
	// ReplaceFirstAdminLink stores l, removing earlier unused first-admin
	// links, only while there are no users; EFORBIDDEN otherwise.
	ReplaceFirstAdminLink(ctx context.Context, l Link) error
	CreateLink(ctx context.Context, l Link) error
	// Link returns a link that is unused and not expired; ENOTFOUND
	// otherwise.
	Link(ctx context.Context, hash string) (*Link, error)
	// CreateFirstAdmin uses a first-admin link to create u, in one
	// transaction, only while there are no users.
	CreateFirstAdmin(ctx context.Context, hash string, u *User) error
	// UseLink uses an invitation or reset link to set its user's password,
	// ending their sessions, in one transaction.
	UseLink(ctx context.Context, hash, phc string) (*User, error)
}

// TokenStore keeps personal API tokens.
type TokenStore interface {
	CreateToken(ctx context.Context, t *Token) error
	TokenByHash(ctx context.Context, hash string) (*Token, error)
	Tokens(ctx context.Context, userID int64) ([]Token, error)
	// RevokeToken revokes a token of userID; ENOTFOUND if it has none.
	RevokeToken(ctx context.Context, userID, id int64) error
	TouchToken(ctx context.Context, id int64) error
}

// ThrottleStore counts failed logins per key.
type ThrottleStore interface {
	// LockedUntil returns the latest lock among keys still in force, or
	// the zero time.
	LockedUntil(ctx context.Context, keys []string) (time.Time, error)
	// RecordFailure counts a failure for key under l and returns the
	// count in the window and the lock it set, if any. userID, when not
	// zero, gets the same numbers on its row for administrators to see.
	RecordFailure(ctx context.Context, key string, l Limit, userID int64) (int, time.Time, error)
	// ClearFailures forgets key's failures.
	ClearFailures(ctx context.Context, key string) error
}

// SessionStorage keeps server-side sessions by token hash.
type SessionStorage interface {
	FindSession(ctx context.Context, hash string) ([]byte, bool, error)
	CommitSession(ctx context.Context, hash string, data []byte, expiry time.Time) error
	DeleteSession(ctx context.Context, hash string) error
	// DeleteExpired removes expired sessions, links and throttle entries.
	DeleteExpired(ctx context.Context) (int64, error)
}

// Link is a one-time link: first-run setup, invitation or password reset.
type Link struct {
	Hash      string
	Purpose   string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Link purposes.
const (
	LinkFirstAdmin = "first_admin"
	LinkInvite     = "invite"
	LinkReset      = "reset"
)

// Token is a personal API token. The secret itself is shown once, at
// creation; only its hash is stored.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Prefix     string
	Hash       string
	Role       Role
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time
	RevokedAt  time.Time
}
