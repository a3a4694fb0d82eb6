package campaign

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"regexp"
	"time"
)

// newOwner names a sending process: random, so two processes never share
// a name, even on one machine with one data directory.
func newOwner() string {
	var b [12]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("campaign: crypto/rand failed: " + err.Error()) // the kernel's generator does not fail
	}
	return hex.EncodeToString(b[:])
}

var ownerRE = regexp.MustCompile(`^[0-9a-f]{24}$`)

// validOwner reports whether s can be an owner's name (and so a journal's
// file name).
func validOwner(s string) bool { return ownerRE.MatchString(s) }

// thisProcess describes the running process. Its host names the machine
// and the process-id namespace: two containers may share a host name, and
// a pid of one is meaningless in the other.
func thisProcess() SenderInfo {
	host, _ := os.Hostname()
	if ns := pidNamespace(); ns != "" {
		host += " " + ns
	}
	pid := os.Getpid()
	return SenderInfo{Host: host, PID: pid, Started: processStarted(pid)}
}

// Dead decides whether a sender has stopped: on this machine, when its
// process is gone (or its pid now names another process); anywhere, when
// its heartbeat is older than lease. A sender this process cannot see
// must stay silent for a whole lease before its rows are taken over.
func Dead(sn SenderInfo, self SenderInfo, now time.Time, lease time.Duration) bool {
	if sn.Host != "" && sn.Host == self.Host && sn.Started != "" && self.Started != "" {
		return processStarted(sn.PID) != sn.Started
	}
	return now.Sub(sn.Heartbeat) > lease
}
