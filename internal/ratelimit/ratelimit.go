// Package ratelimit counts requests in fixed windows kept in the database,
// so every gdprkit instance behind a load balancer shares the same counts:
// a limit kept in memory would be multiplied by the number of instances.
// The web layer limits its public endpoints (sign-up, confirmation,
// unsubscribe) per client IP with it.
//
// What is counted is stored only as a keyed hash: an IP address is
// personal data, and the table needs none.
package ratelimit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"time"
)

// Store keeps the counters.
type Store interface {
	// Hit adds one to the counter of bucket in the window starting at
	// start and returns the new count.
	Hit(ctx context.Context, bucket []byte, start time.Time) (int, error)
	// PruneRateLimits deletes windows that started before t.
	PruneRateLimits(ctx context.Context, before time.Time) error
}

// Limiter allows Limit requests per key in each Window.
type Limiter struct {
	Store  Store
	Limit  int
	Window time.Duration
	// Key hashes bucket names (secrets.RateLimit).
	Key []byte
	Now func() time.Time
}

// Decision is the outcome of one request.
type Decision struct {
	Allowed    bool
	Remaining  int
	RetryAfter time.Duration // until the window ends, when refused
}

// Allow counts one request for name (an IP, "subscribe:"+ip...) and says
// whether it is within the limit.
func (l *Limiter) Allow(ctx context.Context, name string) (Decision, error) {
	now := time.Now()
	if l.Now != nil {
		now = l.Now()
	}
	start := now.Truncate(l.Window)
	n, err := l.Store.Hit(ctx, l.bucket(name), start)
	if err != nil {
		return Decision{}, err
	}
	d := Decision{Allowed: n <= l.Limit, Remaining: max(l.Limit-n, 0)}
	if !d.Allowed {
		d.RetryAfter = start.Add(l.Window).Sub(now)
	}
	return d, nil
}

// Prune deletes the windows that are over; the periodic job calls it.
func (l *Limiter) Prune(ctx context.Context, now time.Time) error {
	return l.Store.PruneRateLimits(ctx, now.Add(-l.Window))
}

func (l *Limiter) bucket(name string) []byte {
	m := hmac.New(sha256.New, l.Key)
	m.Write([]byte(name)) //nolint:errcheck // hash writes never fail
	return m.Sum(nil)[:16]
}
