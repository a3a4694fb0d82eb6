package campaign

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gdprkit/gdprkit/internal/mailer"
)

// journal is a sending process's local record of the messages it handed
// over: the id of each row and the attempt, appended as the end of its
// message's DATA is written to the socket (mailer.Mark says exactly when). It needs no fsync: it only has to
// outlive the process (a kill), not the machine, and the kernel keeps
// what was written. After a crash, it tells which of the process's rows in
// state sending were handed over (keep them sent) and which were not
// (send them again). See docs/campaigns.md, "Exactly once".
type journal struct {
	f    *os.File
	path string
}

func journalPath(dir, owner string) string { return filepath.Join(dir, owner+".journal") }

// openJournal creates the journal of owner in dir.
func openJournal(dir, owner string) (*journal, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("campaign journal: %w", err)
	}
	p := journalPath(dir, owner)
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600) //nolint:gosec // the path is ours
	if err != nil {
		return nil, fmt.Errorf("campaign journal: %w", err)
	}
	return &journal{f: f, path: p}, nil
}

// recordSize is one record: the row id and the attempt, big-endian.
const recordSize = 12

// record is the mark the connection writes as it hands over attempt
// attempt of row id's message: one write (mailer.Mark). The senders of
// one process share the file: each write is appended whole.
func (j *journal) record(id int64, attempt int) *mailer.Mark {
	if j == nil {
		return nil
	}
	b := make([]byte, recordSize)
	binary.BigEndian.PutUint64(b, uint64(id))
	binary.BigEndian.PutUint32(b[8:], uint32(attempt))
	return &mailer.Mark{File: j.f, Data: b}
}

// close closes the journal and removes it.
func (j *journal) close() error {
	if j == nil {
		return nil
	}
	return errors.Join(j.f.Close(), os.Remove(j.path))
}

// readJournal returns, for each row owner's journal in dir marks as handed
// over, the last attempt marked, and whether the journal exists here at
// all (it does not when the owner ran on another machine).
func readJournal(dir, owner string) (map[int64]int, bool, error) {
	if dir == "" || !validOwner(owner) {
		return nil, false, nil
	}
	b, err := os.ReadFile(journalPath(dir, owner))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("campaign journal: %w", err)
	}
	out := make(map[int64]int, len(b)/recordSize)
	for i := 0; i+recordSize <= len(b); i += recordSize {
		out[int64(binary.BigEndian.Uint64(b[i:]))] = int(binary.BigEndian.Uint32(b[i+8:]))
	}
	return out, true, nil
}

func removeJournal(dir, owner string) error {
	if dir == "" || !validOwner(owner) {
		return nil
	}
	err := os.Remove(journalPath(dir, owner))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
