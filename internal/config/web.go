package config

import (
	"fmt"
	"net/netip"
	"os"
	"strconv"
	"strings"
)

// Environment variables of the web server's settings.
const (
	EnvTrustedProxies = "GDPRKIT_TRUSTED_PROXIES"
	EnvMaxUploadMB    = "GDPRKIT_MAX_UPLOAD_MB"
	EnvTLSCert        = "GDPRKIT_TLS_CERT"
	EnvTLSKey         = "GDPRKIT_TLS_KEY"
)

// DefaultMaxUploadMB bounds one upload: a million-row Mailchimp export is
// about 150 MB.
const DefaultMaxUploadMB = 512

// loadWeb reads the web server's variables.
func (c *Config) loadWeb(getenv func(string) string) error {
	if v, err := lookup(EnvTrustedProxies, getenv); err != nil {
		return err
	} else if v != "" {
		c.TrustedProxies = strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
	}
	if v, err := lookup(EnvMaxUploadMB, getenv); err != nil {
		return err
	} else if v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return fmt.Errorf("max_upload_mb (%s) must be a number of megabytes, got %q", EnvMaxUploadMB, v)
		}
		c.MaxUploadMB = n
	}
	for _, v := range []struct {
		name string
		dst  *string
	}{{EnvTLSCert, &c.TLSCert}, {EnvTLSKey, &c.TLSKey}} {
		val, err := lookup(v.name, getenv)
		if err != nil {
			return err
		}
		if val != "" {
			*v.dst = val
		}
	}
	return nil
}

// validateWeb checks the web server's settings.
func (c Config) validateWeb() error {
	if _, err := c.Proxies(); err != nil {
		return err
	}
	if c.MaxUploadMB < 0 || c.MaxUploadMB > 100_000 {
		return fmt.Errorf("max_upload_mb (%s) must be between 1 and 100000, got %d", EnvMaxUploadMB, c.MaxUploadMB)
	}
	if (c.TLSCert == "") != (c.TLSKey == "") {
		return fmt.Errorf("tls_cert (%s) and tls_key (%s) go together: set both or neither", EnvTLSCert, EnvTLSKey)
	}
	for _, f := range []string{c.TLSCert, c.TLSKey} {
		if f == "" {
			continue
		}
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("tls_cert/tls_key (%s, %s): %w", EnvTLSCert, EnvTLSKey, err)
		}
	}
	if c.BaseURL != "" && !strings.HasPrefix(c.BaseURL, "http://") && !strings.HasPrefix(c.BaseURL, "https://") {
		return fmt.Errorf("base_url (%s) must start with http:// or https://, got %q", EnvBaseURL, c.BaseURL)
	}
	return nil
}

// Proxies parses the trusted proxies: addresses or CIDR ranges.
func (c Config) Proxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range c.TrustedProxies {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return nil, fmt.Errorf("trusted_proxies (%s): %q is neither an address nor a CIDR range such as 10.0.0.0/8", EnvTrustedProxies, s)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p)
	}
	return out, nil
}

// MaxUpload returns the upload limit in bytes.
func (c Config) MaxUpload() int64 {
	if c.MaxUploadMB <= 0 {
		return DefaultMaxUploadMB << 20
	}
	return int64(c.MaxUploadMB) << 20
}
