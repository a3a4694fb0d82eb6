package consent

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Checkpoint is a signed statement that the ledger's block Seq had hash
// Hash at time At. A third party holding the public key can check it, and
// a ledger rewritten after it was signed no longer matches it: anyone with
// write access to the database can recompute every hash, but not the
// signature.
type Checkpoint struct {
	N         int64 // 1 for the first checkpoint: a gap shows one was deleted
	Seq       int64
	Hash      Hash
	Events    int64 // events in blocks 1..Seq
	At        time.Time
	KeyID     string
	Signature []byte
}

const tagCheckpoint = "gdprkit/checkpoint/v1"

// SignedBytes returns the exact bytes the signature covers (docs/ledger.md
// gives the layout): the tag, N, Seq, Hash, Events, At and KeyID, each
// length-prefixed like the ledger's other hashes.
func (c *Checkpoint) SignedBytes() []byte {
	w := writer{buf: make([]byte, 0, 256)}
	w.str(tagCheckpoint)
	w.int(c.N)
	w.int(c.Seq)
	w.bytes(c.Hash[:])
	w.int(c.Events)
	w.time(c.At)
	w.str(c.KeyID)
	return w.buf
}

// KeyID names a public key: the first 8 bytes of its SHA-256, in hex.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// SignCheckpoint fills in the key id and signature of c.
func SignCheckpoint(c *Checkpoint, key ed25519.PrivateKey) {
	c.KeyID = KeyID(key.Public().(ed25519.PublicKey))
	c.Signature = ed25519.Sign(key, c.SignedBytes())
}

// VerifyCheckpoint reports whether c is signed by one of keys.
func VerifyCheckpoint(c *Checkpoint, keys []ed25519.PublicKey) bool {
	for _, k := range keys {
		if KeyID(k) == c.KeyID && ed25519.Verify(k, c.SignedBytes(), c.Signature) {
			return true
		}
	}
	return false
}
