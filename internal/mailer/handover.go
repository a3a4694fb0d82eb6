package mailer

import (
	"net"
	"syscall"
)

// handoverConn is the TCP connection of a Conn. Armed with a Mark, its
// next Write (the one carrying the end of DATA, under STARTTLS too) writes
// the mark first, then its data (handover_linux.go).
type handoverConn struct {
	net.Conn
	raw  syscall.RawConn // nil where the raw path is not available
	mark *Mark
	done bool
}

// arm makes the next Write write m just before its data. The returned
// function disarms and reports whether the mark was written that way;
// when it was not, the caller writes it after the data.
func (h *handoverConn) arm(m *Mark) func() bool {
	if h == nil || m == nil || len(m.Data) == 0 || h.raw == nil {
		return func() bool { return false }
	}
	h.mark, h.done = m, false
	return func() bool {
		h.mark = nil
		return h.done
	}
}

func (h *handoverConn) Write(b []byte) (int, error) {
	m := h.mark
	if m == nil {
		return h.Conn.Write(b)
	}
	h.mark = nil
	n, err, markErr := writeMarkThen(h.raw, m, b)
	// A mark that failed is the caller's to write again.
	h.done = markErr == nil
	return n, err
}
