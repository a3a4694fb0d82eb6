package consent

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/gdprkit/gdprkit/internal/secrets"
)

// LedgerKeyFile is the name of the checkpoint signing key in the data
// directory.
const LedgerKeyFile = "ledger-ed25519.pem"

// LoadSigningKey reads the Ed25519 key that signs checkpoints from path
// (PKCS #8, PEM), creating it with mode 0600 when the file does not exist
// and create is set. Several instances sharing one PostgreSQL database
// must share the key: give them the same file (docs/ledger.md).
func LoadSigningKey(path string, create bool) (ed25519.PrivateKey, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && create {
		return createSigningKey(path)
	}
	if err != nil {
		return nil, fmt.Errorf("ledger key: %w", err)
	}
	return parseSigningKey(b, path)
}

func createSigningKey(path string) (ed25519.PrivateKey, error) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("ledger key: generate: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("ledger key: encode: %w", err)
	}
	created, err := secrets.CreateExclusive(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	if err != nil {
		return nil, fmt.Errorf("ledger key: %w", err)
	}
	if !created { // another instance wrote it first
		return LoadSigningKey(path, false)
	}
	return key, nil
}

func parseSigningKey(b []byte, path string) (ed25519.PrivateKey, error) {
	block, _ := pem.Decode(b)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, fmt.Errorf("ledger key: %s is not a PEM \"PRIVATE KEY\"", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("ledger key: %s: %w", path, err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("ledger key: %s holds a %T, want Ed25519", path, k)
	}
	return key, nil
}

// PublicKeyPEM encodes a public key as a PEM "PUBLIC KEY" (SPKI), the form
// `openssl pkey -pubin` reads.
func PublicKeyPEM(pub ed25519.PublicKey) string {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err) // an Ed25519 key always encodes
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// ParsePublicKey reads a public key given as PEM (SPKI) or as the
// base64 of its 32 bytes.
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	if block, _ := pem.Decode([]byte(s)); block != nil {
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("public key: %w", err)
		}
		pub, ok := k.(ed25519.PublicKey)
		if !ok {
			return nil, fmt.Errorf("public key: %T, want Ed25519", k)
		}
		return pub, nil
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, errors.New("public key: want a PEM \"PUBLIC KEY\" or the base64 of 32 bytes")
	}
	return ed25519.PublicKey(raw), nil
}
