package main

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"os"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/capture"
	"github.com/gdprkit/gdprkit/internal/config"
	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/ratelimit"
	"github.com/gdprkit/gdprkit/internal/secrets"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/suppression"
)

// consentKit is the consent feature wired over one database: the keys,
// the ledger, the suppression list, "may I send?", proofs, and (when
// mail is configured) capture. The web server builds the same.
type consentKit struct {
	secret      *secrets.Secret
	ledger      *consent.Ledger
	suppression *suppression.List
	permissions *consent.Permissions
	proofs      *consent.Proofs
	keys        *capture.Keyring
	limiter     *ratelimit.Limiter
}

// newConsentKit loads (creating on first start) the instance secret and
// the ledger's signing key, and checks that the database was set up with
// the same: instances sharing a PostgreSQL database must share both files
// (docs/ledger.md, "Keys").
func (a *app) newConsentKit(ctx context.Context, st *store.Stores) (*consentKit, error) {
	secret, err := secrets.Load(a.cfg.SecretKeyPath(), true)
	if err != nil {
		return nil, err
	}
	key, err := consent.LoadSigningKey(a.cfg.LedgerKeyPath(), true)
	if err != nil {
		return nil, err
	}
	pub := key.Public().(ed25519.PublicKey)
	for _, c := range []struct{ name, value, path, env string }{
		{"secret", secret.Fingerprint(), a.cfg.SecretKeyPath(), config.EnvSecretKeyFile},
		{"ledger", consent.KeyID(pub), a.cfg.LedgerKeyPath(), config.EnvLedgerKeyFile},
	} {
		same, err := st.Consent.Ledger.KeyCheck(ctx, c.name, c.value)
		if err != nil {
			return nil, err
		}
		if !same {
			return nil, fmt.Errorf("%s is not the key this database was set up with: every instance sharing the database must use the same file (set %s)", c.path, c.env)
		}
	}
	trusted, err := trustedKeys(a.cfg.Consent.TrustedKeys)
	if err != nil {
		return nil, err
	}
	k := &consentKit{secret: secret, ledger: &consent.Ledger{Store: st.Consent.Ledger, Key: key, Trusted: trusted}}
	k.suppression = suppression.New(st.Consent.Store, secret.Derive(secrets.Suppression))
	k.permissions = &consent.Permissions{Store: st.Consent.Store, Hashes: k.suppression.Hashes}
	k.proofs = &consent.Proofs{Store: st.Consent.Store, Ledger: st.Consent.Ledger, PublicKey: pub, Controller: controllerOf(a.cfg)}
	if k.keys, err = capture.NewKeyring(st.Consent.Store, secret.Derive(secrets.TokenWrap), nil); err != nil {
		return nil, err
	}
	k.limiter = &ratelimit.Limiter{Store: st.Consent.Store, Limit: 20, Window: time.Minute, Key: secret.Derive(secrets.RateLimit)}
	return k, nil
}

func trustedKeys(files []string) ([]ed25519.PublicKey, error) {
	var out []ed25519.PublicKey
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("ledger_trusted_keys: %w", err)
		}
		k, err := consent.ParsePublicKey(string(b))
		if err != nil {
			return nil, fmt.Errorf("ledger_trusted_keys %s: %w", f, err)
		}
		out = append(out, k)
	}
	return out, nil
}

func controllerOf(cfg config.Config) consent.Controller {
	c := cfg.Controller
	return consent.Controller{Name: c.Name, Address: c.Address, Email: c.Email, Phone: c.Phone, URL: c.URL,
		PolicyURL: c.PrivacyURL, Jurisdiction: c.Jurisdiction}
}

// maintain is the periodic work of the consent feature: a checkpoint of
// the ledger, a new link-signing key when the current one is older than
// the rotation period, and the deletion of spent tokens, expired keys and
// past rate-limit windows. The web server's periodic job calls the same.
func (k *consentKit) maintain(ctx context.Context, cfg config.Config, st *store.Stores) error {
	if _, _, err := k.ledger.Checkpoint(ctx); err != nil {
		return err
	}
	days := cfg.Consent.LinkKeyRotationDays
	if days <= 0 {
		days = 90
	}
	svc := &capture.Service{Store: st.Consent.Store, Keys: k.keys}
	if err := svc.Maintain(ctx, time.Duration(days)*24*time.Hour); err != nil {
		return err
	}
	return k.limiter.Prune(ctx, time.Now())
}

// importHooks makes an import honour the suppression list, and returns
// what to run once it committed: a signed checkpoint of the ledger.
func (a *app) importHooks(ctx context.Context, st *store.Stores, im *contacts.Importer) (func(context.Context) error, error) {
	k, err := a.newConsentKit(ctx, st)
	if err != nil {
		return nil, err
	}
	im.Suppression = k.suppression
	return func(ctx context.Context) error {
		_, _, err := k.ledger.Checkpoint(gdprkit.NewContext(ctx, cliActor()))
		return err
	}, nil
}
