package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

// TestMain lets the test binary act as the gdprkit command when
// GDPRKIT_TEST_AS_CLI is set, so tests can start it as a separate process
// (and kill it) without building anything else.
func TestMain(m *testing.M) {
	if os.Getenv("GDPRKIT_TEST_AS_CLI") == "1" {
		os.Exit(Main(context.Background(), os.Args[1:], env{os.Stdin, os.Stdout, os.Stderr, os.Getenv}))
	}
	os.Exit(m.Run())
}

// result is what one in-process run of the command printed.
type result struct {
	code           int
	stdout, stderr string
}

// run runs gdprkit in process with args and a clean environment (plus
// extra variables as "KEY=value").
func run(t *testing.T, extra []string, args ...string) result {
	t.Helper()
	vars := map[string]string{"LANG": "en_US.UTF-8"}
	for _, kv := range extra {
		k, v, _ := strings.Cut(kv, "=")
		vars[k] = v
	}
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, env{strings.NewReader(""), &out, &errb, func(k string) string { return vars[k] }})
	return result{code, out.String(), errb.String()}
}
