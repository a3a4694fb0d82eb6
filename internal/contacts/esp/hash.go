package esp

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"sync/atomic"
)

// hasher computes a file's SHA-256 in the background, over its own reader,
// while the file is parsed on another core.
type hasher struct {
	done chan struct{}
	stop atomic.Bool
	sum  string
}

func startHash(src source) *hasher {
	h := &hasher{done: make(chan struct{})}
	go h.run(src)
	return h
}

func (h *hasher) run(src source) {
	defer close(h.done)
	rc, err := src.open()
	if err != nil {
		return
	}
	defer rc.Close()
	sum := sha256.New()
	buf := make([]byte, 64<<10)
	for !h.stop.Load() {
		n, err := rc.Read(buf)
		sum.Write(buf[:n])
		if errors.Is(err, io.EOF) {
			h.sum = hex.EncodeToString(sum.Sum(nil))
			return
		}
		if err != nil {
			return // reading the file fails the same way, and says why
		}
	}
}

// wait returns the hash, or "" if the file could not be read to the end.
func (h *hasher) wait() string {
	<-h.done
	return h.sum
}

// cancel stops the hashing and waits for it to end.
func (h *hasher) cancel() {
	h.stop.Store(true)
	<-h.done
}
