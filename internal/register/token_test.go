package register

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit"
)

func TestToken(t *testing.T) {
	secret, err := NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	tok, hash, err := newToken(secret, now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	got, err := checkToken(secret, tok, now)
	if err != nil || !sameHash(got, hash) {
		t.Fatalf("valid token: %v", err)
	}
	other, _ := NewSecret()
	raw, _ := base64.RawURLEncoding.DecodeString(tok)
	raw[0] ^= 1
	tampered := base64.RawURLEncoding.EncodeToString(raw)
	tests := []struct {
		name, tok string
		secret    []byte
		at        time.Time
		code      string
	}{
		{"OtherSecret", tok, other, now, gdprkit.ENOTFOUND},
		{"Tampered", tampered, secret, now, gdprkit.ENOTFOUND},
		{"Garbage", "not-a-token", secret, now, gdprkit.ENOTFOUND},
		{"Truncated", tok[:40], secret, now, gdprkit.ENOTFOUND},
		{"Expired", tok, secret, now.Add(time.Hour), gdprkit.EFORBIDDEN},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := checkToken(tt.secret, tt.tok, tt.at)
			if got := gdprkit.ErrorCode(err); got != tt.code {
				t.Errorf("code = %q (%v), want %q", got, err, tt.code)
			}
		})
	}
	if sameHash(hash, hash[:10]) || sameHash(hash, make([]byte, len(hash))) {
		t.Error("sameHash accepts a different hash")
	}
}

// A token signed for another purpose with the same key is refused.
func TestTokenPurposeBound(t *testing.T) {
	secret, _ := NewSecret()
	body := make([]byte, nonceLen+expiryLen)
	body[nonceLen+expiryLen-1] = 0xff
	h := hmacFor(secret, []byte("another purpose"), body)
	tok := base64.RawURLEncoding.EncodeToString(append(body, h...))
	if _, err := checkToken(secret, tok, time.Unix(0, 0)); gdprkit.ErrorCode(err) != gdprkit.ENOTFOUND {
		t.Errorf("foreign-purpose token accepted: %v", err)
	}
}

func hmacFor(secret, purpose, body []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write(purpose)
	m.Write(body)
	return m.Sum(nil)
}
