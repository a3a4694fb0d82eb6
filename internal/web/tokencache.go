package web

import (
	"context"
	"crypto/sha256"
	"sync"
	"time"

	"github.com/gdprkit/gdprkit"
)

// tokenCache keeps, for a short while, who an API token authenticated as,
// so that a script asking "may I send?" thousands of times a second does
// not read the token and its owner from the database each time.
//
// It is in-memory state, kept correct across instances by its lifetime:
// an entry lives tokenTTL, so revoking a token, disabling its owner or
// lowering their role takes effect on every instance within tokenTTL (and
// at once on the instance where it was done, which empties its cache).
// Entries are keyed by the SHA-256 of the secret, never the secret; only
// successful authentications are kept, so a wrong token always costs a
// lookup and is always refused.
type tokenCache struct {
	ttl time.Duration
	now func() time.Time

	mu sync.RWMutex
	m  map[[sha256.Size]byte]tokenEntry
}

type tokenEntry struct {
	p     *principal
	actor gdprkit.Actor
	until time.Time
}

// tokenTTL bounds how long a revoked token keeps working on an instance
// that did not revoke it.
const tokenTTL = 2 * time.Second

// maxCachedTokens bounds the cache; past it, it starts again empty.
const maxCachedTokens = 4096

func newTokenCache(now func() time.Time) *tokenCache {
	return &tokenCache{ttl: tokenTTL, now: now, m: map[[sha256.Size]byte]tokenEntry{}}
}

// get returns the principal a secret authenticated as less than ttl ago.
func (c *tokenCache) get(key [sha256.Size]byte) (tokenEntry, bool) {
	c.mu.RLock()
	e, ok := c.m[key]
	c.mu.RUnlock()
	if !ok || !c.now().Before(e.until) {
		return tokenEntry{}, false
	}
	return e, true
}

func (c *tokenCache) put(key [sha256.Size]byte, p *principal) tokenEntry {
	e := tokenEntry{p: p, actor: actorOf(p), until: c.now().Add(c.ttl)}
	c.mu.Lock()
	if len(c.m) >= maxCachedTokens {
		clear(c.m)
	}
	c.m[key] = e
	c.mu.Unlock()
	return e
}

// forget empties the cache: a token was revoked or a user changed here.
func (c *tokenCache) forget() {
	c.mu.Lock()
	clear(c.m)
	c.mu.Unlock()
}

// tokenPrincipal authenticates a bearer secret, from the cache when it
// can.
func (s *Server) tokenPrincipal(ctx context.Context, secret string) (tokenEntry, error) {
	key := sha256.Sum256([]byte(secret))
	if e, ok := s.tokens.get(key); ok {
		return e, nil
	}
	u, t, err := s.svc.Accounts.Authenticate(ctx, secret)
	if err != nil {
		return tokenEntry{}, err
	}
	return s.tokens.put(key, &principal{user: u, role: t.Role, token: t}), nil
}
