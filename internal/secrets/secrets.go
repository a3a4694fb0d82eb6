// Package secrets holds the instance secret: 32 random bytes created on
// first start in the data directory (mode 0600), or read from a file named
// by configuration when several instances share one PostgreSQL database.
//
// Keys are derived from it, one per use, so a key that leaks for one use
// says nothing about the others: the suppression list's keyed hash, the
// key that encrypts the link-signing keys stored in the database, the key
// that hashes rate-limit buckets. None of them is ever stored in the
// database, so a copy of the database alone can neither reverse the
// suppression list nor forge a confirmation link.
//
// Back the secret up with the database: without it the suppression list
// can no longer be matched, and every link already e-mailed stops working.
package secrets

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// FileName is the name of the secret in the data directory.
const FileName = "secret.key"

// Secret is the instance secret.
type Secret struct {
	key [32]byte
}

// Purposes of derived keys. Changing one makes every value derived with it
// unmatchable; they are versioned for that reason.
//
//nolint:gosec // labels of derivations, not credentials
const (
	Suppression = "gdprkit/suppression/v1"
	TokenWrap   = "gdprkit/token-wrap/v1"
	RateLimit   = "gdprkit/rate-limit/v1"
	check       = "gdprkit/check/v1"
)

// Load reads the secret at path, creating it with mode 0600 when it does
// not exist and create is set.
func Load(path string, create bool) (*Secret, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		return generate(path)
	}
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	return parse(b, path)
}

func generate(path string) (*Secret, error) {
	var s Secret
	if _, err := rand.Read(s.key[:]); err != nil {
		return nil, fmt.Errorf("secret: generate: %w", err)
	}
	created, err := CreateExclusive(path, []byte(base64.StdEncoding.EncodeToString(s.key[:])+"\n"))
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	if !created { // another instance wrote it first
		return Load(path, false)
	}
	return &s, nil
}

func parse(b []byte, path string) (*Secret, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(raw) != 32 {
		return nil, fmt.Errorf("secret: %s must hold the base64 of 32 bytes (it is created on first start)", path)
	}
	var s Secret
	copy(s.key[:], raw)
	return &s, nil
}

// FromBytes returns a secret made of key (tests).
func FromBytes(key [32]byte) *Secret { return &Secret{key: key} }

// Derive returns the 32-byte key for purpose: HMAC-SHA256 of the purpose
// under the secret.
func (s *Secret) Derive(purpose string) []byte {
	m := hmac.New(sha256.New, s.key[:])
	m.Write([]byte(purpose)) //nolint:errcheck // hash writes never fail
	return m.Sum(nil)
}

// Fingerprint names the secret without revealing it, so a database can
// tell whether an instance holds the secret it was set up with.
func (s *Secret) Fingerprint() string {
	return hex.EncodeToString(s.Derive(check)[:8])
}
