package config

import (
	"fmt"
	"strconv"
)

// Campaign holds how re-permission campaigns are sent. The rates are the
// campaign's own settings (every instance reads them from the database).
type Campaign struct {
	// Connections is how many batches one instance sends at once, each
	// over its own SMTP connection (default 4).
	Connections int `toml:"connections"`
	// LeaseSeconds is how long a sender holds a batch without renewing
	// it, and how long an instance that stopped answering is taken for
	// alive before its batches are taken over (default 30). A sender on
	// the same machine that died is recognised at once.
	LeaseSeconds int `toml:"lease_seconds"`
}

// Environment variables of the campaign settings.
const (
	EnvCampaignConnections = "GDPRKIT_CAMPAIGN_CONNECTIONS"
	EnvCampaignLease       = "GDPRKIT_CAMPAIGN_LEASE_SECONDS"
)

func (c *Config) loadCampaign(getenv func(string) string) error {
	for _, v := range []struct {
		name string
		dst  *int
	}{{EnvCampaignConnections, &c.Campaign.Connections}, {EnvCampaignLease, &c.Campaign.LeaseSeconds}} {
		s := getenv(v.name)
		if s == "" {
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			return fmt.Errorf("%s must be a number, got %q", v.name, s)
		}
		*v.dst = n
	}
	return nil
}

func (c Config) validateCampaign() error {
	switch k := c.Campaign; {
	case k.Connections < 0 || k.Connections > 64:
		return fmt.Errorf("campaign connections (%s) must be between 1 and 64, got %d", EnvCampaignConnections, k.Connections)
	case k.LeaseSeconds < 0 || (k.LeaseSeconds > 0 && k.LeaseSeconds < 2) || k.LeaseSeconds > 3600:
		return fmt.Errorf("campaign lease_seconds (%s) must be between 2 and 3600, got %d", EnvCampaignLease, k.LeaseSeconds)
	}
	return nil
}

// CampaignConnections is Connections, or its default.
func (c Config) CampaignConnections() int {
	if c.Campaign.Connections > 0 {
		return c.Campaign.Connections
	}
	return 4
}

// CampaignLeaseSeconds is LeaseSeconds, or its default.
func (c Config) CampaignLeaseSeconds() int {
	if c.Campaign.LeaseSeconds > 0 {
		return c.Campaign.LeaseSeconds
	}
	return 30
}
