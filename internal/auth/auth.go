// Package auth is who may use gdprkit and what they may do: staff users
// with a role, argon2id password hashes, login throttling, one-time setup
// links, personal API tokens and the server-side session store.
//
// The permission matrix (permissions.go) is data: the web package checks
// every route against it, and docs/permissions.md is generated from it.
package auth

import (
	"strings"
	"time"
)

// Role is what a user is allowed to do, from least to most.
type Role string

// The four roles, each allowed everything the one before is.
const (
	Viewer   Role = "viewer"
	Marketer Role = "marketer"
	DPO      Role = "dpo"
	Admin    Role = "admin"
)

// Roles lists the roles from least to most privileged.
var Roles = []Role{Viewer, Marketer, DPO, Admin}

// ParseRole returns the role called s, or false.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles {
		if string(r) == strings.ToLower(strings.TrimSpace(s)) {
			return r, true
		}
	}
	return "", false
}

// rank orders roles; an unknown role ranks below every known one.
func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// AtMost returns the lesser of r and other: an API token never gets more
// than its owner has now.
func (r Role) AtMost(other Role) Role {
	if other.rank() < r.rank() {
		return other
	}
	return r
}

// LabelKey is the translation key of the role's name.
func (r Role) LabelKey() string { return "role." + string(r) }

// User is a member of staff who logs in to gdprkit.
type User struct {
	ID       int64
	Email    string // lower-cased; the login
	Name     string
	Role     Role
	Password string // argon2id PHC string; empty until the user sets one
	Language string // preferred interface language; empty: the browser's
	Disabled bool
	// SessionEpoch is copied into each session at login. Raising it
	// (disable, password reset, role change) ends every session at once.
	SessionEpoch      int64
	FailedLogins      int
	LockedUntil       time.Time
	LastLoginAt       time.Time
	PasswordChangedAt time.Time
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// DisplayName is the name, or the address when no name is set.
func (u *User) DisplayName() string {
	if u.Name != "" {
		return u.Name
	}
	return u.Email
}

// NormalizeEmail is how logins are compared: trimmed and lower-cased.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
