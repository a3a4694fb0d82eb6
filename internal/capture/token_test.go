package capture

import (
	"context"
	"encoding/base64"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/contacts"
)

// memKeys is a KeyStore in memory.
type memKeys struct {
	mu   sync.Mutex
	keys []StoredKey
	now  func() time.Time
}

func (m *memKeys) TokenKeys(context.Context) ([]StoredKey, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]StoredKey(nil), m.keys...), nil
}

func (m *memKeys) AddTokenKey(_ context.Context, wrapped []byte) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i := range m.keys {
		if m.keys[i].RetiredAt.IsZero() {
			m.keys[i].RetiredAt = m.now()
		}
	}
	id := int64(len(m.keys) + 1)
	m.keys = append(m.keys, StoredKey{ID: id, CreatedAt: m.now(), Wrapped: wrapped})
	return id, nil
}

func (m *memKeys) DeleteTokenKeys(_ context.Context, before time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var kept []StoredKey
	for _, k := range m.keys {
		if k.RetiredAt.IsZero() || !k.RetiredAt.Before(before) {
			kept = append(kept, k)
		}
	}
	m.keys = kept
	return nil
}

func testKeyring(t *testing.T, now *time.Time) (*Keyring, *memKeys) {
	t.Helper()
	clock := func() time.Time { return *now }
	store := &memKeys{now: clock}
	k, err := NewKeyring(store, make([]byte, 32), clock)
	if err != nil {
		t.Fatal(err)
	}
	return k, store
}

func TestTokenRoundTrip(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	k, _ := testKeyring(t, &now)
	ctx := context.Background()
	s, err := k.Sign(ctx, &Token{Kind: KindUnsubscribe, Subject: 42, Purpose: 3, Expires: now.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	got, err := k.Parse(ctx, s, KindUnsubscribe)
	if err != nil || got.Subject != 42 || got.Purpose != 3 || !got.Expires.Equal(now.Add(time.Hour)) {
		t.Fatalf("Parse = %+v, %v", got, err)
	}
	if _, err := k.Parse(ctx, s, KindConfirm); !errors.Is(err, ErrTokenInvalid) {
		t.Errorf("token used for another kind of link: %v, want ErrTokenInvalid", err)
	}
	b, _ := base64.RawURLEncoding.DecodeString(s)
	for i := range b {
		c := append([]byte(nil), b...)
		c[i] ^= 0x01
		if _, err := k.Parse(ctx, base64.RawURLEncoding.EncodeToString(c), KindUnsubscribe); !errors.Is(err, ErrTokenInvalid) {
			t.Errorf("byte %d changed: %v, want ErrTokenInvalid", i, err)
		}
	}
	now = now.Add(time.Hour)
	if _, err := k.Parse(ctx, s, KindUnsubscribe); !errors.Is(err, ErrTokenExpired) {
		t.Errorf("expired token: %v, want ErrTokenExpired", err)
	}
}

// TestKeyRotation: after a rotation new links use the new key, links
// signed before still work until they expire, and the old key is deleted
// once they all have.
func TestKeyRotation(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	k, store := testKeyring(t, &now)
	ctx := context.Background()
	old, err := k.Sign(ctx, &Token{Kind: KindPreferences, Subject: 1, Expires: now.Add(LinkLifetime)})
	if err != nil {
		t.Fatal(err)
	}
	now = now.Add(100 * 24 * time.Hour)
	if err := k.Maintain(ctx, 90*24*time.Hour); err != nil {
		t.Fatal(err)
	}
	fresh := &Token{Kind: KindPreferences, Subject: 2, Expires: now.Add(LinkLifetime)}
	if _, err := k.Sign(ctx, fresh); err != nil {
		t.Fatal(err)
	}
	if fresh.KeyID != 2 {
		t.Errorf("signed with key %d after rotation, want 2", fresh.KeyID)
	}
	if _, err := k.Parse(ctx, old, KindPreferences); err != nil {
		t.Errorf("link signed before the rotation: %v", err)
	}
	// Another instance sees the rotation by reloading on the unknown id.
	other, err := NewKeyring(store, make([]byte, 32), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Parse(ctx, old, KindPreferences); err != nil {
		t.Errorf("another instance: %v", err)
	}
	now = now.Add(LinkLifetime + time.Hour)
	if err := k.Maintain(ctx, 10*LinkLifetime); err != nil {
		t.Fatal(err)
	}
	if n := len(store.keys); n != 1 {
		t.Errorf("%d keys kept after every old link expired, want 1", n)
	}
}

func TestWrongSecretCannotReadKeys(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	k, store := testKeyring(t, &now)
	if _, err := k.Sign(context.Background(), &Token{Kind: KindConfirm, Expires: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	wrong, _ := NewKeyring(store, append(make([]byte, 31), 1), func() time.Time { return now })
	if _, err := wrong.Sign(context.Background(), &Token{Kind: KindConfirm}); err == nil {
		t.Error("a keyring with another secret used the stored keys")
	}
}

// FuzzParseToken feeds arbitrary strings to the token parser: it must
// never panic, and must accept nothing it did not sign.
func FuzzParseToken(f *testing.F) {
	key := make([]byte, 32)
	good := (&Token{Kind: KindConfirm, KeyID: 1, Subject: 7, Expires: time.Unix(2e9, 0)}).sign(key)
	f.Add(good)
	f.Add("")
	f.Add("AAAA")
	f.Add(good[:len(good)-1] + "A")
	lookup := func(id uint32) ([]byte, bool) { return key, id == 1 }
	now := time.Unix(1.9e9, 0)
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := parseToken(s, KindConfirm, now, lookup)
		if err != nil {
			if tok != nil {
				t.Errorf("token %+v returned with error %v", tok, err)
			}
			return
		}
		if s != tok.sign(key) {
			t.Errorf("accepted %q, which is not what its fields sign to", s)
		}
	})
}

func TestSubscribedShowsEveryPurposeThatMayBeMailed(t *testing.T) {
	for st, want := range map[contacts.Status]bool{
		contacts.Documented: true, contacts.Weak: true, contacts.OtherBasis: true,
		contacts.Missing: false, contacts.Withdrawn: false, contacts.Undeliverable: false,
	} {
		if got := Subscribed(st); got != want {
			t.Errorf("Subscribed(%s) = %v, want %v", st, got, want)
		}
	}
}
