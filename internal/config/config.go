// Package config loads gdprkit's configuration once, from an optional TOML
// file, then environment variables, then command-line flags (each overriding
// the one before), and validates it. The result is passed explicitly; there
// is no global.
package config

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/gdprkit/gdprkit/internal/locale"
)

// Config is gdprkit's configuration.
type Config struct {
	// DataDir holds the SQLite database, keys and generated files.
	DataDir string `toml:"data_dir"`
	// Database is a postgres:// URL; empty means the SQLite file in DataDir.
	Database string `toml:"database_url"`
	// Listen is the address the web server listens on.
	Listen string `toml:"listen"`
	// BaseURL is the public address of the web server, used in links sent
	// by e-mail. Empty means http://<Listen>.
	BaseURL string `toml:"base_url"`
	// Language is the default language of the interface and documents.
	Language string `toml:"language"`
	// Timezone is the zone used to read times written without an offset
	// and to count legal deadlines.
	Timezone string `toml:"timezone"`
	// Web server settings (web.go).
	TrustedProxies []string `toml:"trusted_proxies"`
	MaxUploadMB    int      `toml:"max_upload_mb"`
	TLSCert        string   `toml:"tls_cert"`
	TLSKey         string   `toml:"tls_key"`
	// Consent capture and the ledger's keys, the organisation named in
	// e-mails and proofs, the SMTP server (consent.go).
	Consent    Consent    `toml:"consent"`
	Controller Controller `toml:"controller"`
	Mail       Mail       `toml:"mail"`
	// Re-permission campaigns (campaign.go).
	Campaign Campaign `toml:"campaign"`
}

// Environment variables, each with a *_FILE variant for secrets.
const (
	EnvDataDir  = "GDPRKIT_DATA_DIR"
	EnvDatabase = "GDPRKIT_DATABASE_URL"
	EnvListen   = "GDPRKIT_LISTEN"
	EnvBaseURL  = "GDPRKIT_BASE_URL"
	EnvLanguage = "GDPRKIT_LANGUAGE"
	EnvTimezone = "GDPRKIT_TIMEZONE"
	EnvConfig   = "GDPRKIT_CONFIG"
)

// Defaults returns the configuration used when nothing is set: SQLite in
// ./gdprkit-data, listening on loopback only.
func Defaults() Config {
	return Config{
		DataDir:  "gdprkit-data",
		Listen:   "127.0.0.1:8080",
		Language: locale.Default,
		Timezone: "Europe/Paris",
	}
}

// Load reads the file (if any; GDPRKIT_CONFIG names one too) over the
// defaults, then the environment read through getenv.
func Load(file string, getenv func(string) string) (Config, error) {
	c := Defaults()
	if file == "" {
		file = getenv(EnvConfig)
	}
	if file != "" {
		md, err := toml.DecodeFile(file, &c)
		if err != nil {
			return c, fmt.Errorf("config file %s: %w", file, err)
		}
		if un := md.Undecoded(); len(un) > 0 {
			return c, fmt.Errorf("config file %s: unknown setting %q", file, un[0].String())
		}
	}
	for _, v := range []struct {
		name string
		dst  *string
	}{
		{EnvDataDir, &c.DataDir}, {EnvDatabase, &c.Database}, {EnvListen, &c.Listen},
		{EnvBaseURL, &c.BaseURL}, {EnvLanguage, &c.Language}, {EnvTimezone, &c.Timezone},
	} {
		val, err := lookup(v.name, getenv)
		if err != nil {
			return c, err
		}
		if val != "" {
			*v.dst = val
		}
	}
	if err := c.loadWeb(getenv); err != nil {
		return c, err
	}
	if err := c.loadCampaign(getenv); err != nil {
		return c, err
	}
	return c, c.loadConsent(getenv)
}

// lookup reads NAME, or the file named by NAME_FILE (for secrets mounted
// as files).
func lookup(name string, getenv func(string) string) (string, error) {
	if v := getenv(name); v != "" {
		return v, nil
	}
	path := getenv(name + "_FILE")
	if path == "" {
		return "", nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%s_FILE: %w", name, err)
	}
	return strings.TrimSpace(string(b)), nil
}

// Validate reports the first impossible setting, naming it.
func (c Config) Validate() error {
	if c.Database == "" && c.DataDir == "" {
		return fmt.Errorf("data_dir (%s) is empty and no database_url (%s) is set: one is needed", EnvDataDir, EnvDatabase)
	}
	if c.Database != "" && !strings.HasPrefix(c.Database, "postgres://") && !strings.HasPrefix(c.Database, "postgresql://") && !strings.HasPrefix(c.Database, "sqlite://") {
		return fmt.Errorf("database_url (%s) must start with postgres:// or sqlite://, got %q", EnvDatabase, scheme(c.Database))
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		return fmt.Errorf("listen (%s) must be host:port, like 127.0.0.1:8080: %w", EnvListen, err)
	}
	if l := strings.ToLower(c.Language); l != "en" && l != "fr" {
		return fmt.Errorf("language (%s) must be en or fr, got %q", EnvLanguage, c.Language)
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil {
		return fmt.Errorf("timezone (%s) %q is not an IANA zone such as Europe/Paris: %w", EnvTimezone, c.Timezone, err)
	}
	if err := c.validateWeb(); err != nil {
		return err
	}
	if err := c.validateCampaign(); err != nil {
		return err
	}
	return c.validateConsent()
}

// DSN returns the database to open: the PostgreSQL URL, or the SQLite file
// in the data directory.
func (c Config) DSN() string {
	if c.Database != "" {
		return c.Database
	}
	return filepath.Join(c.DataDir, "gdprkit.db")
}

// Location returns the configured time zone (validated by Validate).
func (c Config) Location() *time.Location {
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// scheme returns the part of a URL before "://", so an error never echoes
// a password.
func scheme(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		return u[:i] + "://…"
	}
	if len(u) > 12 {
		return u[:12] + "…"
	}
	return u
}
