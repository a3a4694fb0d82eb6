package mailer

import (
	"net"
	"syscall"
	"unsafe"
)

func newHandover(conn net.Conn) (*handoverConn, error) {
	h := &handoverConn{Conn: conn}
	if tc, ok := conn.(*net.TCPConn); ok {
		raw, err := tc.SyscallConn()
		if err != nil {
			return nil, err
		}
		h.raw = raw
	}
	return h, nil
}

// maxSpins bounds the wait, inside the raw path, for a full socket to
// take the end of DATA (a few bytes, or one small TLS record).
const maxSpins = 1 << 20

// writeMarkThen records m, then writes b to the socket, with no Go
// scheduling point between the two: the goroutine keeps its thread and its
// P. A mark with a slot is a memory store (no system call at all); one
// without is a raw write to its file. b is the end of DATA (its content
// was flushed before), a few bytes. When the socket is momentarily full,
// a slot's mark is taken back while the raw path yields the CPU, and
// stored again just before the next try, so a kill during the wait does
// not leave a mark for data that never left; after too many tries it
// waits through the poller with the mark taken back, and stores it again
// when woken.
func writeMarkThen(rc syscall.RawConn, m *Mark, b []byte) (n int, err, markErr error) {
	var werr error
	marked := false
	mark := func() {
		if m.Slot != nil {
			copy(m.Slot, m.Data)
			return
		}
		if !marked {
			_, _, e := syscall.RawSyscall(syscall.SYS_WRITE, m.File.Fd(), uintptr(unsafe.Pointer(&m.Data[0])), uintptr(len(m.Data))) //nolint:gosec // a raw write of our own buffer
			if e != 0 {
				markErr = e
			}
		}
		marked = true
	}
	err = rc.Write(func(fd uintptr) bool {
		for spins := 0; n < len(b); {
			if n == 0 {
				mark()
			}
			k, _, e := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&b[n])), uintptr(len(b)-n)) //nolint:gosec // as above
			switch e {
			case 0:
				n += int(k)
			case syscall.EINTR:
			case syscall.EAGAIN:
				if n == 0 {
					m.clear()
				}
				if spins++; spins > maxSpins {
					return false // wait through the poller after all
				}
				syscall.RawSyscall(syscall.SYS_SCHED_YIELD, 0, 0, 0) //nolint:errcheck // a hint
			default:
				if n == 0 {
					m.clear()
				}
				werr = e
				return true
			}
		}
		return true
	})
	if err == nil {
		err = werr
	}
	return n, err, markErr
}
