package secrets

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// CreateExclusive writes data to path with mode 0600 only if path does not
// exist yet, atomically: the content is written to a temporary file first
// and linked into place, so a process killed half-way never leaves a
// truncated key, and of two instances starting together exactly one
// writes it. It reports false when path existed already.
func CreateExclusive(path string, data []byte) (bool, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return false, err
	}
	var suffix [6]byte
	if _, err := rand.Read(suffix[:]); err != nil {
		return false, err
	}
	tmp := filepath.Join(dir, "."+filepath.Base(path)+"."+hex.EncodeToString(suffix[:]))
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return false, fmt.Errorf("write %s: %w", tmp, err)
	}
	defer os.Remove(tmp)
	err := os.Link(tmp, path)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("create %s: %w", path, err)
	}
	return true, nil
}
