package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/spf13/cobra"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/chart"
	"github.com/gdprkit/gdprkit/internal/config"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// env is the outside world of one run, so tests can run Main in process.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// app is what every subcommand shares: the flags of the root command and
// the configuration built from them.
type app struct {
	env
	configFile string
	dataDir    string
	database   string
	lang       string
	cpuProfile string
	memProfile string
	cfg        config.Config
}

// Exit codes.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// Main runs gdprkit with args and returns the exit code.
func Main(ctx context.Context, args []string, e env) int {
	a := &app{env: e}
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(e.stdin)
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var usage usageError
	if errors.As(err, &usage) {
		if a.cfg.Language == "" {
			// Flags and arguments are checked before the configuration
			// is loaded: take the language from where it would come.
			a.cfg.Language = a.usageLanguage()
		}
		fmt.Fprintln(e.stderr, "gdprkit:", a.describe(usage.err))
		return exitUsage
	}
	fmt.Fprintln(e.stderr, "gdprkit:", a.describe(err))
	return exitError
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:           "gdprkit",
		Short:         "GDPR compliance toolkit for marketing teams",
		Long:          "gdprkit documents your contact base, keeps proof of consent, runs re-permission campaigns and keeps your registers.",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := a.startProfile(); err != nil {
				return err
			}
			return a.loadConfig()
		},
		PersistentPostRun: func(*cobra.Command, []string) { a.stopProfile() },
	}
	f := root.PersistentFlags()
	f.StringVar(&a.configFile, "config", "", "configuration file (TOML); also "+config.EnvConfig)
	f.StringVar(&a.dataDir, "data-dir", "", "data directory for the SQLite database and keys (default ./gdprkit-data); also "+config.EnvDataDir)
	f.StringVar(&a.database, "database", "", "PostgreSQL URL (postgres://…) instead of SQLite; also "+config.EnvDatabase)
	f.StringVar(&a.lang, "lang", "", "language of messages and documents: en or fr (default from "+config.EnvLanguage+" or LANG)")
	f.StringVar(&a.cpuProfile, "cpuprofile", "", "write a CPU profile to this file (for benchmarks)")
	f.StringVar(&a.memProfile, "memprofile", "", "write a heap profile to this file at the end (for benchmarks)")
	_ = f.MarkHidden("cpuprofile")
	_ = f.MarkHidden("memprofile")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(a.auditCommand(), a.importCommand(), a.contactsCommand(), a.versionCommand(), a.devCommand())
	root.AddCommand(a.serveCommand(), a.userCommand())
	root.AddCommand(a.registerCommand())
	root.AddCommand(a.ledgerCommand(), a.consentCommand())
	root.AddCommand(a.campaignCommand())
	return root
}

func (a *app) loadConfig() error {
	cfg, err := config.Load(a.configFile, a.getenv)
	if err != nil {
		return err
	}
	if a.dataDir != "" {
		cfg.DataDir = a.dataDir
	}
	if a.database != "" {
		cfg.Database = a.database
	}
	switch {
	case a.lang != "":
		cfg.Language = a.lang
	case a.getenv(config.EnvLanguage) == "" && a.configFile == "":
		cfg.Language = languageFromLocale(a.getenv)
	}
	cfg.Language = strings.ToLower(cfg.Language)
	if err := cfg.Validate(); err != nil {
		return usageError{err}
	}
	a.cfg = cfg
	return nil
}

// usageLanguage is the language of a usage error found before the
// configuration was loaded: --lang, then GDPRKIT_LANGUAGE, then the locale.
func (a *app) usageLanguage() string {
	lang := a.lang
	if lang == "" {
		lang = a.getenv(config.EnvLanguage)
	}
	if lang == "" {
		return languageFromLocale(a.getenv)
	}
	return locale.Normalize(lang)
}

// languageFromLocale reads the POSIX locale (LC_ALL, LC_MESSAGES, LANG):
// fr_FR.UTF-8 gives French.
func languageFromLocale(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			return locale.Normalize(v)
		}
	}
	return locale.Default
}

// describe turns an error into one line for a person: the translated
// message when the error carries a key, its detail otherwise.
func (a *app) describe(err error) string {
	if e := gdprkit.AsError(err); e != nil {
		msg := locale.T(a.cfg.Language, e.Key, e.Args)
		if msg == e.Key || msg == "" {
			return err.Error()
		}
		return msg
	}
	return err.Error()
}

// usageError marks a mistake in how the command was called (exit code 2).
type usageError struct{ err error }

func (u usageError) Error() string { return u.err.Error() }
func (u usageError) Unwrap() error { return u.err }

// t translates a CLI message.
func (a *app) t(key string, args map[string]any) string { return locale.T(a.cfg.Language, key, args) }

// n translates a plural message, the count written as the language writes
// numbers.
func (a *app) n(key string, count int) string {
	return locale.Shared().N(a.cfg.Language, key, count, map[string]any{"Count": chart.Number(a.cfg.Language, float64(count))})
}

// stderrIsTerminal reports whether progress bars may be drawn.
func (a *app) progressOut() io.Writer {
	if f, ok := a.stderr.(*os.File); ok {
		return f
	}
	return io.Discard
}

func (a *app) startProfile() error {
	if a.cpuProfile == "" {
		return nil
	}
	f, err := os.Create(a.cpuProfile)
	if err != nil {
		return err
	}
	return pprof.StartCPUProfile(f)
}

// usageArgs marks wrong positional arguments as a usage error (exit 2).
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError{gdprkit.Errorf(gdprkit.EINVALID, "cli.usage.args",
				map[string]any{"Usage": cmd.UseLine(), "Help": cmd.CommandPath() + " --help"},
				"%s (usage: %s)", err, cmd.UseLine())}
		}
		return nil
	}
}

func (a *app) stopProfile() {
	pprof.StopCPUProfile()
	if a.memProfile == "" {
		return
	}
	if f, err := os.Create(a.memProfile); err == nil {
		pprof.Lookup("allocs").WriteTo(f, 0) //nolint:errcheck // a benchmark aid
		f.Close()
	}
}
