package campaign

import (
	"os"
	"syscall"
)

// mapJournal sizes f to size bytes (sparse: zeros that take no disk) and
// maps it shared, so that what is stored in the mapping reaches the file
// even when the process is killed the next instant.
func mapJournal(f *os.File, size int) ([]byte, error) {
	if err := f.Truncate(int64(size)); err != nil {
		return nil, err
	}
	return syscall.Mmap(int(f.Fd()), 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED) //nolint:gosec // fd of a file we opened
}

func unmapJournal(mem []byte) error {
	if mem == nil {
		return nil
	}
	return syscall.Munmap(mem)
}
