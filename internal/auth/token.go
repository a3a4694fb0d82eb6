package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
)

// TokenPrefix starts every personal API token, so secret scanners and
// people recognise one.
const TokenPrefix = "gdk_"

var tokenEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewSecret returns a random secret of 32 bytes from crypto/rand, written
// in lower-case base32 (URL- and header-safe).
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b) //nolint:errcheck // crypto/rand.Read never fails (Go ≥ 1.24)
	return strings.ToLower(tokenEncoding.EncodeToString(b))
}

// HashSecret returns the SHA-256 of a secret in hex: what the database
// stores for API tokens, session tokens and one-time links. The secrets
// are 256-bit random values, so a fast hash is enough.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
