package config

import (
	"fmt"
	"net/mail"
	"path/filepath"
	"strconv"
	"strings"
)

// Consent holds the settings of consent capture and the ledger: where the
// instance's keys are and the theme.
type Consent struct {
	// SecretKeyFile holds the instance secret (32 random bytes, base64),
	// from which the suppression list's hash key and the key protecting
	// the link-signing keys are derived. Created on first start; the
	// default is secret.key in the data directory. Several instances on one
	// PostgreSQL database must share it.
	SecretKeyFile string `toml:"secret_key_file"`
	// LedgerKeyFile holds the Ed25519 key that signs ledger checkpoints
	// (PKCS #8 PEM). Created on first start; the default is
	// ledger-ed25519.pem in the data directory. Instances share it too.
	LedgerKeyFile string `toml:"ledger_key_file"`
	// TrustedKeys are files of further public keys whose checkpoints
	// verify (keys used before a rotation).
	TrustedKeys []string `toml:"ledger_trusted_keys"`
	// ThemeDir overrides e-mail templates (mail/) and consent pages.
	ThemeDir string `toml:"theme_dir"`
	// LinkKeyRotationDays is how often the link-signing key changes.
	LinkKeyRotationDays int `toml:"link_key_rotation_days"`
}

// Controller is the data controller.
type Controller struct {
	Name         string `toml:"name"`
	Address      string `toml:"address"`
	Email        string `toml:"email"`
	Phone        string `toml:"phone"`
	URL          string `toml:"url"`
	PrivacyURL   string `toml:"privacy_url"`
	Jurisdiction string `toml:"jurisdiction"` // ISO 3166 code, "FR"
}

// Mail is the SMTP server that sends confirmations and campaigns.
type Mail struct {
	Host         string `toml:"host"`
	Port         int    `toml:"port"`
	TLS          string `toml:"tls"` // starttls (default), tls, none
	Username     string `toml:"username"`
	Password     string `toml:"password"`
	From         string `toml:"from"` // "Acme <news@acme.example>"
	DKIMDomain   string `toml:"dkim_domain"`
	DKIMSelector string `toml:"dkim_selector"`
	DKIMKeyFile  string `toml:"dkim_key_file"`
}

// Environment variables of the consent settings. Those naming a file
// (…_FILE, …_DIR) hold a path; GDPRKIT_SMTP_PASSWORD also has the usual
// GDPRKIT_SMTP_PASSWORD_FILE variant.
//
//nolint:gosec // names of variables, not credentials
const (
	EnvSecretKeyFile   = "GDPRKIT_SECRET_KEY_FILE"
	EnvLedgerKeyFile   = "GDPRKIT_LEDGER_KEY_FILE"
	EnvThemeDir        = "GDPRKIT_THEME_DIR"
	EnvControllerName  = "GDPRKIT_CONTROLLER_NAME"
	EnvControllerEmail = "GDPRKIT_CONTROLLER_EMAIL"
	EnvPrivacyURL      = "GDPRKIT_PRIVACY_URL"
	EnvSMTPHost        = "GDPRKIT_SMTP_HOST"
	EnvSMTPPort        = "GDPRKIT_SMTP_PORT"
	EnvSMTPTLS         = "GDPRKIT_SMTP_TLS"
	EnvSMTPUsername    = "GDPRKIT_SMTP_USERNAME"
	EnvSMTPPassword    = "GDPRKIT_SMTP_PASSWORD"
	EnvMailFrom        = "GDPRKIT_MAIL_FROM"
	EnvDKIMKeyFile     = "GDPRKIT_DKIM_KEY_FILE"
)

// loadConsent reads the consent variables.
func (c *Config) loadConsent(getenv func(string) string) error {
	k := &c.Consent
	ctl, m := &c.Controller, &c.Mail
	for _, v := range []struct {
		name  string
		dst   *string
		plain bool // a path: not read through the _FILE convention
	}{
		{EnvSecretKeyFile, &k.SecretKeyFile, true}, {EnvLedgerKeyFile, &k.LedgerKeyFile, true}, {EnvThemeDir, &k.ThemeDir, true},
		{EnvDKIMKeyFile, &m.DKIMKeyFile, true},
		{EnvControllerName, &ctl.Name, false}, {EnvControllerEmail, &ctl.Email, false},
		{EnvPrivacyURL, &ctl.PrivacyURL, false}, {EnvSMTPHost, &m.Host, false}, {EnvSMTPTLS, &m.TLS, false},
		{EnvSMTPUsername, &m.Username, false}, {EnvSMTPPassword, &m.Password, false}, {EnvMailFrom, &m.From, false},
	} {
		val := getenv(v.name)
		if !v.plain {
			var err error
			if val, err = lookup(v.name, getenv); err != nil {
				return err
			}
		}
		if val != "" {
			*v.dst = val
		}
	}
	if v := getenv(EnvSMTPPort); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("mail port (%s) must be a number, got %q", EnvSMTPPort, v)
		}
		m.Port = n
	}
	return nil
}

// validateConsent checks the consent settings.
func (c Config) validateConsent() error {
	m := c.Mail
	if m.TLS != "" && m.TLS != "starttls" && m.TLS != "tls" && m.TLS != "none" {
		return fmt.Errorf("mail tls (%s) must be starttls, tls or none, got %q", EnvSMTPTLS, m.TLS)
	}
	if m.Port < 0 || m.Port > 65535 {
		return fmt.Errorf("mail port (%s) must be between 1 and 65535, got %d", EnvSMTPPort, m.Port)
	}
	if m.From != "" {
		if _, err := mail.ParseAddress(m.From); err != nil {
			return fmt.Errorf("mail from (%s) %q is not an address like \"Acme <news@acme.example>\": %w", EnvMailFrom, m.From, err)
		}
	}
	if (m.DKIMDomain == "") != (m.DKIMKeyFile == "") || (m.DKIMDomain == "") != (m.DKIMSelector == "") {
		return fmt.Errorf("mail dkim_domain, dkim_selector and dkim_key_file (%s) go together", EnvDKIMKeyFile)
	}
	if j := c.Controller.Jurisdiction; j != "" && (len(j) != 2 || strings.ToUpper(j) != j) {
		return fmt.Errorf("controller jurisdiction must be an ISO 3166 country code such as FR, got %q", j)
	}
	return nil
}

// SecretKeyPath is the instance secret's file.
func (c Config) SecretKeyPath() string {
	if c.Consent.SecretKeyFile != "" {
		return c.Consent.SecretKeyFile
	}
	return filepath.Join(c.keyDir(), "secret.key")
}

// LedgerKeyPath is the checkpoint signing key's file.
func (c Config) LedgerKeyPath() string {
	if c.Consent.LedgerKeyFile != "" {
		return c.Consent.LedgerKeyFile
	}
	return filepath.Join(c.keyDir(), "ledger-ed25519.pem")
}

// keyDir is where the keys are created by default: beside the SQLite
// database (they belong to it and are backed up with it), or in the data
// directory with PostgreSQL.
func (c Config) keyDir() string {
	if strings.HasPrefix(c.Database, "sqlite://") {
		return filepath.Dir(strings.TrimPrefix(c.Database, "sqlite://"))
	}
	return c.DataDir
}
