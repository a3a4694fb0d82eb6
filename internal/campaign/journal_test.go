package campaign

import (
	"encoding/binary"
	"runtime"
	"testing"
)

// TestJournalSlots checks what a reader makes of a journal: marks stored
// in their slots or appended past them are read, unused slots and a store
// cut short (zero attempt) are not.
func TestJournalSlots(t *testing.T) {
	dir, owner := t.TempDir(), newOwner()
	j, err := openJournal(dir, owner)
	if err != nil {
		t.Fatal(err)
	}
	defer j.close() //nolint:errcheck // the test's journal
	if runtime.GOOS == "linux" && j.mem == nil {
		t.Fatal("no shared mapping on Linux")
	}
	first, torn := j.record(41, 1), j.record(42, 2)
	j.record(43, 1) // claimed, never handed over: its slot stays zero
	for _, m := range []struct{ slot, data []byte }{{first.Slot, first.Data}, {torn.Slot, torn.Data}} {
		if m.slot == nil {
			if _, err := j.f.Write(m.data); err != nil {
				t.Fatal(err)
			}
			continue
		}
		copy(m.slot, m.data)
	}
	if torn.Slot != nil {
		binary.BigEndian.PutUint32(torn.Slot[8:], 0) // killed mid-store
	}
	if _, err := j.f.Write(j.record(44, 3).Data); err != nil { // past the slots
		t.Fatal(err)
	}
	got, found, err := readJournal(dir, owner)
	if err != nil || !found {
		t.Fatal(found, err)
	}
	want := map[int64]int{41: 1, 44: 3}
	if torn.Slot == nil {
		want[42] = 2
	}
	if len(got) != len(want) {
		t.Fatalf("read %v, want %v", got, want)
	}
	for id, a := range want {
		if got[id] != a {
			t.Errorf("row %d: attempt %d, want %d", id, got[id], a)
		}
	}
}
