// Package audit is the audit trail: who viewed, changed or exported which
// personal data, when and from where (GDPR Art. 5(2), accountability).
// Entries are appended and never changed.
package audit

import (
	"context"
	"time"
)

// Entry is one line of the audit trail.
type Entry struct {
	ID         int64
	At         time.Time
	Actor      string // "user:12", "token:3", "cli:alice", "system"
	Action     string // viewed, exported, imported, changed, login, …
	ObjectType string // contact, contacts, import, user, settings, …
	ObjectID   string
	Detail     string // JSON; never personal data beyond ids
	Remote     string // client address
}

// Actions recorded by the web application, besides the import's own.
const (
	Viewed      = "viewed"
	Exported    = "exported"
	Changed     = "changed"
	Created     = "created"
	Login       = "login"
	LoginFailed = "login_failed"
	Logout      = "logout"
	Searched    = "searched"
)

// Filter selects entries, newest first. Before is a keyset cursor: only
// entries with a smaller ID.
type Filter struct {
	Actor      string
	Action     string
	ObjectType string
	ObjectID   string
	Since      time.Time
	Until      time.Time
	Before     int64
	Limit      int
}

// Store reads and appends to the trail.
type Store interface {
	// Record appends e; At is the transaction's time and Actor, when
	// empty, the actor from ctx.
	Record(ctx context.Context, e Entry) error
	// Trail returns up to f.Limit entries matching f, newest first.
	Trail(ctx context.Context, f Filter) ([]Entry, error)
	// EachEntry calls fn for every entry matching f, newest first, without
	// holding them all in memory (exports).
	EachEntry(ctx context.Context, f Filter, fn func(Entry) error) error
}

type remoteKey struct{}

// WithRemote returns a copy of ctx carrying the client's address, so that
// entries written deep in a store still say where a change came from.
func WithRemote(ctx context.Context, addr string) context.Context {
	return context.WithValue(ctx, remoteKey{}, addr)
}

// RemoteFrom returns the client address carried by ctx, or "".
func RemoteFrom(ctx context.Context) string {
	s, _ := ctx.Value(remoteKey{}).(string)
	return s
}
