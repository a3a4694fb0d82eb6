// Command gdprkit is a self-hosted GDPR compliance toolkit for marketing
// teams: it audits and imports contact bases, keeps a consent ledger and
// serves the web application.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := Main(ctx, os.Args[1:], env{os.Stdin, os.Stdout, os.Stderr, os.Getenv})
	stop()
	os.Exit(code)
}
