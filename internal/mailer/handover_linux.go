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

// writeMarkThen writes m to its file and b to the socket as two
// consecutive raw system calls: the goroutine keeps its thread and its P
// between them, so the scheduler cannot park it there. b is the end of
// DATA (its content was flushed before), a few bytes: when the socket is
// momentarily full the raw path spins (yielding the CPU) rather than
// leave the poller a moment between the mark and the data.
func writeMarkThen(rc syscall.RawConn, m *Mark, b []byte) (n int, err, markErr error) {
	jfd := m.File.Fd()
	var werr error
	marked := false
	err = rc.Write(func(fd uintptr) bool {
		if !marked {
			marked = true
			_, _, e := syscall.RawSyscall(syscall.SYS_WRITE, jfd, uintptr(unsafe.Pointer(&m.Data[0])), uintptr(len(m.Data))) //nolint:gosec // a raw write of our own buffer
			if e != 0 {
				markErr = e
			}
		}
		for spins := 0; n < len(b); {
			k, _, e := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&b[n])), uintptr(len(b)-n)) //nolint:gosec // as above
			switch e {
			case 0:
				n += int(k)
			case syscall.EINTR:
			case syscall.EAGAIN:
				if spins++; spins > maxSpins {
					return false // wait through the poller after all
				}
				syscall.RawSyscall(syscall.SYS_SCHED_YIELD, 0, 0, 0) //nolint:errcheck // a hint
			default:
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
