package auth

import (
	"context"
	"time"
)

// SessionStore is the scs session store (scs.CtxStore) over the sessions
// table. Tokens are hashed before they reach the database, so the table
// holds no usable session cookie.
type SessionStore struct {
	Storage SessionStorage
}

// FindCtx returns the data of an unexpired session.
func (s SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	return s.Storage.FindSession(ctx, HashSecret(token))
}

// CommitCtx stores the session's data until expiry.
func (s SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	return s.Storage.CommitSession(ctx, HashSecret(token), b, expiry)
}

// DeleteCtx removes the session.
func (s SessionStore) DeleteCtx(ctx context.Context, token string) error {
	return s.Storage.DeleteSession(ctx, HashSecret(token))
}

// Find implements scs.Store for callers without a context.
func (s SessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

// Commit implements scs.Store for callers without a context.
func (s SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

// Delete implements scs.Store for callers without a context.
func (s SessionStore) Delete(token string) error {
	return s.DeleteCtx(context.Background(), token)
}
