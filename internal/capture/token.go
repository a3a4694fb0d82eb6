package capture

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"time"

	"github.com/gdprkit/gdprkit"
)

// Kind says what a link may do. A token of one kind is refused by every
// other endpoint.
type Kind byte

// Token kinds.
const (
	// KindConfirm confirms a consent request (double opt-in,
	// re-permission). Single use, expires after ConfirmLifetime.
	KindConfirm Kind = 1
	// KindPreferences opens the preference centre of a contact.
	KindPreferences Kind = 2
	// KindUnsubscribe withdraws a purpose (or every e-mail purpose) in one
	// click (RFC 8058).
	KindUnsubscribe Kind = 3
)

// Lifetimes of links. Unsubscribe and preference links sit in old e-mails
// and must keep working; a confirmation is meant to be clicked soon.
const (
	ConfirmLifetime = 7 * 24 * time.Hour
	LinkLifetime    = 400 * 24 * time.Hour
	// MaxLifetime bounds every token, so a retired key can be deleted
	// MaxLifetime after it stopped signing.
	MaxLifetime = LinkLifetime
)

// Token is what a link carries. It holds no personal data: links end up
// in proxy logs and browser histories.
type Token struct {
	Kind    Kind
	KeyID   uint32
	Expires time.Time // whole seconds
	// Subject is the consent request (KindConfirm) or the contact
	// (KindPreferences, KindUnsubscribe).
	Subject int64
	// Purpose is the purpose an unsubscribe link withdraws; 0 withdraws
	// every e-mail purpose.
	Purpose int64
	Nonce   [12]byte
}

// Token layout, before base64url: version, key id, kind, expiry (Unix
// seconds), subject, purpose, nonce, then the first 16 bytes of
// HMAC-SHA256 over everything before it.
const (
	tokenVersion = 1
	bodyLen      = 1 + 4 + 1 + 8 + 8 + 4 + 12
	macLen       = 16
	tokenLen     = bodyLen + macLen
)

// Errors a link can end in; the web layer shows each as a page of its own.
var (
	ErrTokenInvalid = &gdprkit.Error{Code: gdprkit.EINVALID, Key: "capture.token_invalid", Detail: "invalid or forged link"}
	ErrTokenExpired = &gdprkit.Error{Code: gdprkit.EINVALID, Key: "capture.token_expired", Detail: "expired link"}
	ErrTokenUsed    = &gdprkit.Error{Code: gdprkit.ECONFLICT, Key: "capture.token_used", Detail: "link already used"}
)

func (t *Token) body() []byte {
	b := make([]byte, 0, tokenLen)
	b = append(b, tokenVersion)
	b = binary.BigEndian.AppendUint32(b, t.KeyID)
	b = append(b, byte(t.Kind))
	b = binary.BigEndian.AppendUint64(b, uint64(t.Expires.Unix()))
	b = binary.BigEndian.AppendUint64(b, uint64(t.Subject))
	b = binary.BigEndian.AppendUint32(b, uint32(t.Purpose))
	return append(b, t.Nonce[:]...)
}

func mac(key, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(body) //nolint:errcheck // hash writes never fail
	return m.Sum(nil)[:macLen]
}

// sign returns the token as a URL-safe string signed with key. A zero
// Nonce is filled from crypto/rand.
func (t *Token) sign(key []byte) string {
	if t.Nonce == ([12]byte{}) {
		if _, err := rand.Read(t.Nonce[:]); err != nil {
			panic("capture: crypto/rand failed: " + err.Error()) // the kernel's generator does not fail
		}
	}
	b := t.body()
	b = append(b, mac(key, b)...)
	return base64.RawURLEncoding.EncodeToString(b)
}

// parseToken decodes s and checks its signature with the key its key id
// names (lookup returns false for an unknown id), its kind and its expiry.
// Every failure but expiry is ErrTokenInvalid: a caller learns nothing
// about which check failed.
func parseToken(s string, kind Kind, now time.Time, lookup func(id uint32) ([]byte, bool)) (*Token, error) {
	if len(s) != base64.RawURLEncoding.EncodedLen(tokenLen) {
		return nil, ErrTokenInvalid
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) != tokenLen || b[0] != tokenVersion {
		return nil, ErrTokenInvalid
	}
	t := &Token{
		KeyID:   binary.BigEndian.Uint32(b[1:]),
		Kind:    Kind(b[5]),
		Expires: time.Unix(int64(binary.BigEndian.Uint64(b[6:])), 0),
		Subject: int64(binary.BigEndian.Uint64(b[14:])),
		Purpose: int64(binary.BigEndian.Uint32(b[22:])),
	}
	copy(t.Nonce[:], b[26:bodyLen])
	key, ok := lookup(t.KeyID)
	if !ok || !hmac.Equal(mac(key, b[:bodyLen]), b[bodyLen:]) {
		return nil, ErrTokenInvalid
	}
	if t.Kind != kind {
		return nil, ErrTokenInvalid
	}
	if !now.Before(t.Expires) {
		return nil, ErrTokenExpired
	}
	return t, nil
}
