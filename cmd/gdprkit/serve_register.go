package main

import (
	"time"

	"github.com/gdprkit/gdprkit/internal/ratelimit"
	"github.com/gdprkit/gdprkit/internal/register"
	"github.com/gdprkit/gdprkit/internal/secrets"
	"github.com/gdprkit/gdprkit/internal/store"
)

// registerServices builds what the web server needs for the registers:
// the register service (its questionnaire links are signed with a key
// kept in the database, shared by every instance) and the limiter of the
// public questionnaire page, whose counters are in the database too. The
// limiter hashes client addresses with a key derived from the instance
// secret, like the consent pages' limiters, and has their window, so the
// periodic pruning of either keeps the other's counts.
func (a *app) registerServices(st *store.Stores) (*register.Service, *ratelimit.Limiter, error) {
	secret, err := secrets.Load(a.cfg.SecretKeyPath(), true)
	if err != nil {
		return nil, nil, err
	}
	limiter := &ratelimit.Limiter{Store: st.Consent.Store, Limit: 20, Window: time.Minute, Key: secret.Derive(secrets.RateLimit)}
	return register.NewService(st.Register), limiter, nil
}
