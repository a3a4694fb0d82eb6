// Package suppression keeps the addresses that must never be mailed or
// imported again as mailable: withdrawn, complained, bounced, erased or
// purged. It stores nothing about the person but a keyed hash
// (HMAC-SHA256, key derived from the instance secret) of the address's
// match key and of its provider variant (formats.md §7.2, level 3), so an
// unsubscribe from "j.doe+news@gmail.com" also suppresses
// "jdoe@gmail.com". Without the key the hashes cannot be tested against a
// list of guessed addresses.
package suppression

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"sync"

	"github.com/gdprkit/gdprkit/internal/address"
)

// Reasons an address is suppressed.
const (
	Withdrawn = "withdrawn" // unsubscribed from everything
	Complaint = "complaint" // reported a message as spam
	Bounced   = "bounced"   // hard bounce
	Erased    = "erased"    // personal data erased (Art. 17)
	Purged    = "purged"    // removed after a re-permission campaign
	Manual    = "manual"    // added by a user
)

// Store keeps the hashes.
type Store interface {
	// AddSuppressions records hashes with reason; hashes already listed
	// keep their first reason.
	AddSuppressions(ctx context.Context, hashes [][]byte, reason string) error
	// SuppressedHashes returns which of hashes are listed.
	SuppressedHashes(ctx context.Context, hashes [][]byte) (map[string]bool, error)
	// RemoveSuppressions lifts hashes (a new double opt-in).
	RemoveSuppressions(ctx context.Context, hashes [][]byte) error
}

// List is the suppression list.
type List struct {
	store Store
	key   []byte
	pool  sync.Pool
}

// New returns the list over store, hashing with key (secrets.Suppression).
func New(store Store, key []byte) *List {
	l := &List{store: store, key: append([]byte(nil), key...)}
	l.pool.New = func() any { return hmac.New(sha256.New, l.key) }
	return l
}

// Hash returns the keyed hash of one key or variant string.
func (l *List) Hash(s string) []byte {
	m := l.pool.Get().(hash.Hash)
	m.Reset()
	m.Write([]byte(s)) //nolint:errcheck // hash writes never fail
	out := m.Sum(nil)
	l.pool.Put(m)
	return out
}

// Hashes returns the hashes that suppress a: of its match key, and of its
// variant when it has one.
func (l *List) Hashes(a address.Address) [][]byte {
	out := [][]byte{l.Hash(a.Key)}
	if a.Variant != "" && a.Variant != a.Key {
		out = append(out, l.Hash(a.Variant))
	}
	return out
}

// Add suppresses addresses for reason.
func (l *List) Add(ctx context.Context, reason string, addrs ...address.Address) error {
	var hs [][]byte
	for _, a := range addrs {
		hs = append(hs, l.Hashes(a)...)
	}
	return l.store.AddSuppressions(ctx, hs, reason)
}

// Lift removes the suppression of a, after a new double opt-in proved the
// person wants mail again at this address.
func (l *List) Lift(ctx context.Context, a address.Address) error {
	return l.store.RemoveSuppressions(ctx, l.Hashes(a))
}

// Suppressed reports, for each of keys (normalised match keys,
// address.Address.Key), whether it or its variant is suppressed. It reads
// the whole batch with a query per 500 hashes; the importer and the
// campaign engine call it once per batch of rows.
func (l *List) Suppressed(ctx context.Context, keys []string) (map[string]bool, error) {
	owner := make(map[string][]string, len(keys)) // hash -> keys it suppresses
	hashes := make([][]byte, 0, len(keys))
	for _, k := range keys {
		a := address.Address{Key: k, Variant: variantOf(k)}
		for _, h := range l.Hashes(a) {
			if _, seen := owner[string(h)]; !seen {
				hashes = append(hashes, h)
			}
			owner[string(h)] = append(owner[string(h)], k)
		}
	}
	found, err := l.store.SuppressedHashes(ctx, hashes)
	if err != nil {
		return nil, err
	}
	out := make(map[string]bool, len(keys))
	for h := range found {
		for _, k := range owner[h] {
			out[k] = true
		}
	}
	return out, nil
}

// variantOf returns the provider variant of a match key, or "" when the
// key does not parse (it then matches on itself only).
func variantOf(key string) string {
	a, err := address.Parse(key)
	if err != nil {
		return ""
	}
	return a.Variant
}
