package register

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"time"

	"github.com/gdprkit/gdprkit"
)

// A questionnaire link carries a token: 16 random bytes, the expiry, and
// an HMAC-SHA256 over both and a purpose label, so a token minted for
// something else with the same key can never answer a questionnaire. The
// database keeps only the token's SHA-256: it finds the questionnaire,
// and a leaked database yields no working link.
const (
	tokenPurpose = "gdprkit/register/questionnaire-answer/v1" //nolint:gosec // a label mixed into the MAC, not a credential
	nonceLen     = 16
	expiryLen    = 8
	macLen       = sha256.Size
	tokenLen     = nonceLen + expiryLen + macLen
	// SecretName is the name the signing key is stored under.
	SecretName = "register.questionnaire"
	secretLen  = 32
)

// NewSecret returns a signing key from crypto/rand.
func NewSecret() ([]byte, error) {
	b := make([]byte, secretLen)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	return b, nil
}

// newToken returns a token valid until expires, and its hash.
func newToken(secret []byte, expires time.Time) (string, []byte, error) {
	b := make([]byte, tokenLen)
	if _, err := rand.Read(b[:nonceLen]); err != nil {
		return "", nil, err
	}
	binary.BigEndian.PutUint64(b[nonceLen:], uint64(expires.Unix()))
	copy(b[nonceLen+expiryLen:], tokenMAC(secret, b[:nonceLen+expiryLen]))
	tok := base64.RawURLEncoding.EncodeToString(b)
	return tok, hashToken(tok), nil
}

func tokenMAC(secret, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(tokenPurpose))
	m.Write(body)
	return m.Sum(nil)
}

func hashToken(tok string) []byte {
	h := sha256.Sum256([]byte(tok))
	return h[:]
}

// Link errors. A wrong, forged or revoked link all read "invalid": the
// page must not tell an attacker which part failed.
var (
	errLinkInvalid = func() error {
		return gdprkit.Errorf(gdprkit.ENOTFOUND, "register.questionnaire.link_invalid", nil, "register: invalid questionnaire link")
	}
	errLinkExpired = func() error {
		return gdprkit.Errorf(gdprkit.EFORBIDDEN, "register.questionnaire.link_expired", nil, "register: questionnaire link expired")
	}
)

// checkToken verifies the token's MAC (in constant time) and expiry, and
// returns the hash to look it up by.
func checkToken(secret []byte, tok string, now time.Time) ([]byte, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) != tokenLen {
		return nil, errLinkInvalid()
	}
	if !hmac.Equal(b[nonceLen+expiryLen:], tokenMAC(secret, b[:nonceLen+expiryLen])) {
		return nil, errLinkInvalid()
	}
	expires := time.Unix(int64(binary.BigEndian.Uint64(b[nonceLen:])), 0)
	if !now.Before(expires) {
		return nil, errLinkExpired()
	}
	return hashToken(tok), nil
}

// sameHash compares a stored token hash in constant time.
func sameHash(stored, got []byte) bool {
	return len(stored) == len(got) && subtle.ConstantTimeCompare(stored, got) == 1
}
