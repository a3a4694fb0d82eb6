//go:build !linux

package mailer

import (
	"errors"
	"net"
	"syscall"
)

// newHandover keeps the connection as it is: off Linux the mark is
// written after the dot by an ordinary write (Conn.Deliver).
func newHandover(conn net.Conn) (*handoverConn, error) { return &handoverConn{Conn: conn}, nil }

func writeMarkThen(syscall.RawConn, *Mark, []byte) (int, error, error) {
	return 0, errors.New("mail: no raw writes on this system"), nil
}
