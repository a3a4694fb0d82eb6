package campaign

import (
	"bytes"
	"os"
	"strconv"
)

// processStarted returns the start time of process pid in clock ticks
// since boot (/proc/<pid>/stat, field 22), "" when there is no such
// process. With the pid it names one process for the life of the machine.
func processStarted(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	// The command name (field 2) is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return ""
	}
	f := bytes.Fields(b[i+1:])
	const starttime = 22 - 3 // fields after the name start at field 3
	if len(f) <= starttime {
		return ""
	}
	return string(f[starttime])
}

// pidNamespace names this process's pid namespace, e.g. "pid:[4026531836]".
func pidNamespace() string {
	ns, err := os.Readlink("/proc/self/ns/pid")
	if err != nil {
		return ""
	}
	return ns
}
