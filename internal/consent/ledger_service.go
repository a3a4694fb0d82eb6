package consent

import (
	"context"
	"crypto/ed25519"
	"errors"
	"sync"
)

// CheckpointStore records signed checkpoints.
type CheckpointStore interface {
	// AddCheckpoint builds a checkpoint of the head under the ledger lock,
	// has sign fill in its signature and records it. When the head has
	// not moved since the last checkpoint it returns that one and false.
	AddCheckpoint(ctx context.Context, sign func(*Checkpoint)) (*Checkpoint, bool, error)
	// RegisterKey records a public key that signs checkpoints, for proof
	// documents.
	RegisterKey(ctx context.Context, pub ed25519.PublicKey) error
}

// LedgerStore is what the ledger service needs.
type LedgerStore interface {
	LedgerReader
	CheckpointStore
}

// Ledger verifies the consent ledger and writes its checkpoints.
type Ledger struct {
	Store LedgerStore
	// Key signs checkpoints; nil means this process cannot write them.
	Key ed25519.PrivateKey
	// Trusted are further public keys whose checkpoints verify (a key used
	// before a rotation).
	Trusted []ed25519.PublicKey

	registered sync.Once
	regErr     error
}

// PublicKey returns the key that checks this instance's checkpoints.
func (l *Ledger) PublicKey() ed25519.PublicKey {
	if l.Key == nil {
		return nil
	}
	return l.Key.Public().(ed25519.PublicKey)
}

// Keys returns every trusted public key.
func (l *Ledger) Keys() []ed25519.PublicKey {
	keys := append([]ed25519.PublicKey(nil), l.Trusted...)
	if pub := l.PublicKey(); pub != nil {
		keys = append(keys, pub)
	}
	return keys
}

// Verify checks the whole ledger against the trusted keys.
func (l *Ledger) Verify(ctx context.Context, opts VerifyOptions) (*Report, error) {
	return Verify(ctx, l.Store, l.Keys(), opts)
}

// Checkpoint signs the ledger's head, unless it has not moved since the
// last checkpoint, and reports whether it wrote one. Run it after each
// import and from a periodic job: a ledger rewritten after a checkpoint no
// longer matches it, whatever the rewriter recomputed.
func (l *Ledger) Checkpoint(ctx context.Context) (*Checkpoint, bool, error) {
	if l.Key == nil {
		return nil, false, errors.New("ledger: no signing key to write checkpoints")
	}
	l.registered.Do(func() { l.regErr = l.Store.RegisterKey(ctx, l.PublicKey()) })
	if l.regErr != nil {
		return nil, false, l.regErr
	}
	return l.Store.AddCheckpoint(ctx, func(c *Checkpoint) { SignCheckpoint(c, l.Key) })
}
