package campaign

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/gdprkit/gdprkit/internal/mailer"
)

// journal is a sending process's local record of the messages it handed
// over: the id of each row and the attempt, recorded as the end of its
// message's DATA is written to the socket (mailer.Mark says exactly
// when). It needs no fsync: it only has to outlive the process (a kill),
// not the machine, and the kernel keeps what was written or stored in a
// shared mapping. After a crash, it tells which of the process's rows in
// state sending were handed over (keep them sent) and which were not
// (send them again). See docs/campaigns.md, "Exactly once".
//
// Where the system allows (journal_linux.go), the file is mapped shared
// and each record gets a slot of its own in the mapping: recording is a
// memory store. Past the mapping's capacity, records are appended to the
// file by ordinary writes; readers read both the same way.
type journal struct {
	f    *os.File
	path string
	mem  []byte       // the shared mapping, nil without one
	next atomic.Int64 // the next free slot of mem
}

// journalSlots is how many records the mapping holds: 48 MiB of address
// space, a sparse file that takes disk only for the pages written.
const journalSlots = 1 << 22

func journalPath(dir, owner string) string { return filepath.Join(dir, owner+".journal") }

// openJournal creates the journal of owner in dir.
func openJournal(dir, owner string) (*journal, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("campaign journal: %w", err)
	}
	p := journalPath(dir, owner)
	f, err := os.OpenFile(p, os.O_CREATE|os.O_RDWR|os.O_APPEND|os.O_TRUNC, 0o600) //nolint:gosec // the path is ours
	if err != nil {
		return nil, fmt.Errorf("campaign journal: %w", err)
	}
	j := &journal{f: f, path: p}
	if j.mem, err = mapJournal(f, journalSlots*recordSize); err != nil {
		return nil, errors.Join(fmt.Errorf("campaign journal: %w", err), f.Close(), os.Remove(p))
	}
	return j, nil
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
	m := &mailer.Mark{File: j.f, Data: b}
	if i := j.next.Add(1) - 1; i < int64(len(j.mem)/recordSize) {
		m.Slot = j.mem[i*recordSize : (i+1)*recordSize]
	}
	return m
}

// close closes the journal and removes it.
func (j *journal) close() error {
	if j == nil {
		return nil
	}
	return errors.Join(unmapJournal(j.mem), j.f.Close(), os.Remove(j.path))
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
		// An unused slot reads as zeros; a store cut short by a kill has a
		// zero id or attempt, and was made before the data went out.
		id, attempt := int64(binary.BigEndian.Uint64(b[i:])), int(binary.BigEndian.Uint32(b[i+8:]))
		if id != 0 && attempt != 0 {
			out[id] = attempt
		}
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
