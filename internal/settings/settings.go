// Package settings is the organisation's own details: who is the
// controller, how to reach its data protection officer, and the defaults
// (language, time zone) pages and documents use.
package settings

import (
	"context"
	"net/mail"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/locale"
)

// Settings are the organisation's settings. Zero values mean "not set".
type Settings struct {
	OrgName     string
	OrgAddress  string
	OrgWebsite  string
	OrgRegistry string // company registration number (SIREN, SIRET, …)
	DPOName     string
	DPOEmail    string
	DPOPhone    string
	Language    string // default interface language: en or fr
	Timezone    string // IANA zone
}

// Store keeps settings as key/value pairs.
type Store interface {
	Settings(ctx context.Context) (map[string]string, error)
	// SaveSettings stores every pair, with the actor from ctx.
	SaveSettings(ctx context.Context, kv map[string]string) error
}

// fields maps storage keys to the struct's fields.
func (s *Settings) fields() map[string]*string {
	return map[string]*string{
		"org_name": &s.OrgName, "org_address": &s.OrgAddress, "org_website": &s.OrgWebsite, "org_registry": &s.OrgRegistry,
		"dpo_name": &s.DPOName, "dpo_email": &s.DPOEmail, "dpo_phone": &s.DPOPhone,
		"language": &s.Language, "timezone": &s.Timezone,
	}
}

// Load reads the settings, filling unset language and time zone from the
// defaults given (the server's configuration).
func Load(ctx context.Context, st Store, defLang, defZone string) (Settings, error) {
	kv, err := st.Settings(ctx)
	if err != nil {
		return Settings{}, err
	}
	var s Settings
	for k, p := range s.fields() {
		*p = kv[k]
	}
	if s.Language == "" {
		s.Language = defLang
	}
	if s.Timezone == "" {
		s.Timezone = defZone
	}
	return s, nil
}

// Save validates s and stores it.
func Save(ctx context.Context, st Store, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	kv := map[string]string{}
	for k, p := range s.fields() {
		kv[k] = strings.TrimSpace(*p)
	}
	return st.SaveSettings(ctx, kv)
}

// Validate returns an EINVALID error naming the first bad field.
func (s Settings) Validate() error {
	bad := func(field string) error {
		return gdprkit.Errorf(gdprkit.EINVALID, "settings.invalid."+field, nil, "invalid %s", field)
	}
	if s.DPOEmail != "" {
		if _, err := mail.ParseAddress(s.DPOEmail); err != nil {
			return bad("dpo_email")
		}
	}
	if l := s.Language; l != "" && locale.Normalize(l) != strings.ToLower(l) {
		return bad("language")
	}
	if s.Timezone != "" {
		if _, err := time.LoadLocation(s.Timezone); err != nil {
			return bad("timezone")
		}
	}
	for _, p := range s.fields() {
		if len(*p) > 500 {
			return bad("length")
		}
	}
	return nil
}

// Location returns the time zone, or UTC when it cannot be loaded.
func (s Settings) Location() *time.Location {
	loc, err := time.LoadLocation(s.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}

// DPOSet reports whether a DPO contact is recorded: Arts 13(1)(b) and
// 14(1)(b) require it in the privacy notice when a DPO is designated.
func (s Settings) DPOSet() bool { return s.DPOEmail != "" || s.DPOPhone != "" }
