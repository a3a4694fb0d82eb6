//go:build !linux

package campaign

// processStarted is unknown off Linux: liveness then rests on heartbeats.
func processStarted(int) string { return "" }

// pidNamespace is unknown off Linux.
func pidNamespace() string { return "" }
