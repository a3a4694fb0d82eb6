package capture

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"sync"
	"time"
)

// StoredKey is a link-signing key as the database holds it: encrypted
// with a key derived from the instance secret (secrets.TokenWrap).
type StoredKey struct {
	ID        int64
	CreatedAt time.Time
	RetiredAt time.Time // zero while it signs
	Wrapped   []byte
}

// KeyStore keeps the link-signing keys, shared by every instance.
type KeyStore interface {
	TokenKeys(ctx context.Context) ([]StoredKey, error)
	// AddTokenKey stores a new key and retires the others, in one
	// transaction.
	AddTokenKey(ctx context.Context, wrapped []byte) (int64, error)
	// DeleteTokenKeys removes keys retired before t.
	DeleteTokenKeys(ctx context.Context, retiredBefore time.Time) error
}

// Keyring signs and checks links. The newest key signs; a retired key still
// checks the links it signed until they expire (MaxLifetime after its
// retirement), so rotating keys never breaks a link already e-mailed.
// Keys live in the database, encrypted, so every instance sees a rotation;
// an instance that meets an unknown key id reloads them.
type Keyring struct {
	store KeyStore
	aead  cipher.AEAD
	now   func() time.Time

	mu      sync.RWMutex
	keys    map[uint32][]byte
	current uint32
	created time.Time // of the current key
	loaded  time.Time
}

// reloadEvery is how often an instance picks up a rotation made by another
// even when it meets no unknown key id; an unknown id reloads at most once
// per minReload, so forged ids cannot hammer the database.
const (
	reloadEvery = 5 * time.Minute
	minReload   = 10 * time.Second
)

// NewKeyring returns the keyring over store; wrapKey is
// secret.Derive(secrets.TokenWrap).
func NewKeyring(store KeyStore, wrapKey []byte, now func() time.Time) (*Keyring, error) {
	block, err := aes.NewCipher(wrapKey)
	if err != nil {
		return nil, fmt.Errorf("token keys: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("token keys: %w", err)
	}
	if now == nil {
		now = time.Now
	}
	return &Keyring{store: store, aead: aead, now: now}, nil
}

// Sign signs t with the current key, creating the first key if there is
// none.
func (k *Keyring) Sign(ctx context.Context, t *Token) (string, error) {
	if err := k.ensure(ctx); err != nil {
		return "", err
	}
	k.mu.RLock()
	t.KeyID = k.current
	key := k.keys[k.current]
	k.mu.RUnlock()
	return t.sign(key), nil
}

// Parse checks a link's token: signature, kind and expiry.
func (k *Keyring) Parse(ctx context.Context, s string, kind Kind) (*Token, error) {
	if err := k.ensure(ctx); err != nil {
		return nil, err
	}
	t, err := parseToken(s, kind, k.now(), k.lookup)
	if !errors.Is(err, ErrTokenInvalid) || !k.mayReload() {
		return t, err
	}
	// Perhaps another instance rotated: look once more.
	if err := k.load(ctx); err != nil {
		return nil, err
	}
	return parseToken(s, kind, k.now(), k.lookup)
}

func (k *Keyring) lookup(id uint32) ([]byte, bool) {
	k.mu.RLock()
	defer k.mu.RUnlock()
	key, ok := k.keys[id]
	return key, ok
}

func (k *Keyring) mayReload() bool {
	k.mu.RLock()
	defer k.mu.RUnlock()
	return k.now().Sub(k.loaded) >= minReload
}

// ensure loads the keys when they are stale, and creates the first one.
func (k *Keyring) ensure(ctx context.Context) error {
	k.mu.RLock()
	fresh := k.keys != nil && k.now().Sub(k.loaded) < reloadEvery
	k.mu.RUnlock()
	if fresh {
		return nil
	}
	if err := k.load(ctx); err != nil {
		return err
	}
	k.mu.RLock()
	empty := len(k.keys) == 0
	k.mu.RUnlock()
	if empty {
		return k.Rotate(ctx)
	}
	return nil
}

func (k *Keyring) load(ctx context.Context) error {
	stored, err := k.store.TokenKeys(ctx)
	if err != nil {
		return fmt.Errorf("token keys: %w", err)
	}
	keys := make(map[uint32][]byte, len(stored))
	var current uint32
	var created time.Time
	for _, s := range stored {
		raw, err := k.unwrap(s.Wrapped)
		if err != nil {
			return fmt.Errorf("token key %d: %w (was the instance secret changed?)", s.ID, err)
		}
		keys[uint32(s.ID)] = raw
		if s.RetiredAt.IsZero() && uint32(s.ID) >= current {
			current, created = uint32(s.ID), s.CreatedAt
		}
	}
	k.mu.Lock()
	k.keys, k.current, k.created, k.loaded = keys, current, created, k.now()
	k.mu.Unlock()
	return nil
}

// Rotate makes a new key the signing key; the previous ones keep checking
// the links they signed.
func (k *Keyring) Rotate(ctx context.Context) error {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return fmt.Errorf("token keys: %w", err)
	}
	wrapped, err := k.wrap(raw)
	if err != nil {
		return err
	}
	if _, err := k.store.AddTokenKey(ctx, wrapped); err != nil {
		return fmt.Errorf("token keys: %w", err)
	}
	return k.load(ctx)
}

// Maintain rotates the signing key once it is older than every, and
// deletes keys whose links have all expired. The periodic job calls it.
func (k *Keyring) Maintain(ctx context.Context, every time.Duration) error {
	if err := k.ensure(ctx); err != nil {
		return err
	}
	k.mu.RLock()
	old := k.now().Sub(k.created) >= every
	k.mu.RUnlock()
	if old {
		if err := k.Rotate(ctx); err != nil {
			return err
		}
	}
	return k.store.DeleteTokenKeys(ctx, k.now().Add(-MaxLifetime))
}

func (k *Keyring) wrap(raw []byte) ([]byte, error) {
	nonce := make([]byte, k.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("token keys: %w", err)
	}
	return k.aead.Seal(nonce, nonce, raw, nil), nil
}

func (k *Keyring) unwrap(b []byte) ([]byte, error) {
	n := k.aead.NonceSize()
	if len(b) < n {
		return nil, errors.New("wrapped key too short")
	}
	return k.aead.Open(nil, b[:n], b[n:], nil)
}
