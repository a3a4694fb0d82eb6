package suppression

import (
	"bytes"
	"testing"

	"github.com/gdprkit/gdprkit/internal/address"
)

func parse(t *testing.T, s string) address.Address {
	t.Helper()
	a, err := address.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// TestVariantsShareAHash: the variants of one Gmail mailbox meet on the
// hash of their variant key; other addresses do not.
func TestVariantsShareAHash(t *testing.T) {
	l := New(nil, []byte("key"))
	a := l.Hashes(parse(t, "J.Doe+news@gmail.com"))
	b := l.Hashes(parse(t, "jdoe@googlemail.com"))
	if len(a) != 2 || !containsHash(b, a[1]) {
		t.Errorf("variants do not share a hash: %x / %x", a, b)
	}
	if other := l.Hashes(parse(t, "jane@example.com")); len(other) != 1 || containsHash(a, other[0]) {
		t.Errorf("unrelated address: %x", other)
	}
	if bytes.Equal(New(nil, []byte("other key")).Hash("jdoe@gmail.com"), l.Hash("jdoe@gmail.com")) {
		t.Error("the hash does not depend on the key")
	}
}

func containsHash(hs [][]byte, h []byte) bool {
	for _, x := range hs {
		if bytes.Equal(x, h) {
			return true
		}
	}
	return false
}
