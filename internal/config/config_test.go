package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadOrder(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "gdprkit.toml")
	if err := os.WriteFile(file, []byte("listen = \"0.0.0.0:9000\"\nlanguage = \"fr\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	secret := filepath.Join(dir, "db-url")
	if err := os.WriteFile(secret, []byte("postgres://u:p@h/db\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(file, env(map[string]string{EnvListen: "127.0.0.1:7000", EnvDatabase + "_FILE": secret}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:7000" {
		t.Errorf("Listen = %q, want the environment to override the file", c.Listen)
	}
	if c.Language != "fr" {
		t.Errorf("Language = %q, want fr from the file", c.Language)
	}
	if c.Database != "postgres://u:p@h/db" {
		t.Errorf("Database = %q, want the _FILE secret", c.Database)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestLoadUnknownSetting(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(file, []byte("lisen = \"x\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(file, env(nil))
	if err == nil || !strings.Contains(err.Error(), "lisen") {
		t.Fatalf("Load = %v, want an error naming the unknown setting", err)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name string
		mod  func(*Config)
		want string // substring of the error; empty for valid
	}{
		{"defaults", func(*Config) {}, ""},
		{"bad listen", func(c *Config) { c.Listen = "8080" }, "GDPRKIT_LISTEN"},
		{"bad language", func(c *Config) { c.Language = "de" }, "GDPRKIT_LANGUAGE"},
		{"bad zone", func(c *Config) { c.Timezone = "Paris" }, "GDPRKIT_TIMEZONE"},
		{"bad database", func(c *Config) { c.Database = "mysql://root:secret@x/db" }, "mysql://…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Defaults()
			tt.mod(&c)
			err := c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Validate() = %v, want an error mentioning %q", err, tt.want)
			case tt.want != "" && strings.Contains(err.Error(), "secret"):
				t.Errorf("Validate() = %v leaks the password", err)
			}
		})
	}
}

func TestDSN(t *testing.T) {
	c := Defaults()
	if got, want := c.DSN(), filepath.Join("gdprkit-data", "gdprkit.db"); got != want {
		t.Errorf("DSN() = %q, want %q", got, want)
	}
	c.Database = "postgres://h/db"
	if got := c.DSN(); got != "postgres://h/db" {
		t.Errorf("DSN() = %q, want the URL", got)
	}
}
