package capture_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// TestProofOfConsent builds the proof of a confirmed double opt-in in
// every format, then checks the JSON-LD the way a third party would: with
// nothing but its values and the public key.
func TestProofOfConsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		f := newFixture(t, st)
		ctx := context.Background()
		f.subscribe(t, "proof@example.org", "email_marketing")
		f.clock.Add(2 * time.Minute)
		if _, err := f.svc.Confirm(ctx, f.confirmToken(t, 1), "198.51.100.7", "Mozilla/5.0 (proof)"); err != nil {
			t.Fatal(err)
		}
		_, key, _ := ed25519.GenerateKey(rand.Reader)
		ledger := &consent.Ledger{Store: st.Consent.Ledger, Key: key}
		if _, _, err := ledger.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		proofs := &consent.Proofs{Store: st.Consent.Store, Ledger: st.Consent.Ledger, PublicKey: ledger.PublicKey(), Now: f.clock.Now,
			Controller: consent.Controller{Name: "Acme SA", Address: "1 rue de la Paix, Paris", Email: "dpo@acme.example", PolicyURL: "https://acme.example/privacy"}}
		for _, lang := range []string{"en", "fr"} {
			p, err := proofs.Build(ctx, "proof@example.org", lang)
			if err != nil {
				t.Fatal(err)
			}
			var html bytes.Buffer
			if err := p.WriteHTML(&html); err != nil {
				t.Fatal(err)
			}
			for _, want := range []string{"198.51.100.7", "Send me the Acme newsletter", "https://acme.example/blog", hex.EncodeToString(p.Checkpoint.Hash[:])} {
				if !strings.Contains(html.String(), want) {
					t.Errorf("%s proof lacks %q", lang, want)
				}
			}
			if strings.Contains(html.String(), "proof.") || strings.Contains(html.String(), "permission.") {
				t.Errorf("%s proof shows an untranslated key", lang)
			}
		}
		p, err := proofs.Build(ctx, "proof@example.org", "en")
		if err != nil {
			t.Fatal(err)
		}
		ld, err := p.JSONLD()
		if err != nil {
			t.Fatal(err)
		}
		verifyAsThirdParty(t, ld)
		receipt, err := p.Kantara()
		if err != nil {
			t.Fatal(err)
		}
		var kr map[string]any
		if err := json.Unmarshal(receipt, &kr); err != nil || kr["version"] != "KI-CR-v1.1.0" || kr["piiPrincipalId"] != "proof@example.org" {
			t.Errorf("Kantara receipt %s (%v)", receipt, err)
		}
	})
}

// verifyAsThirdParty follows docs/ledger.md on a JSON-LD proof: each
// event's commitment and digest, its chain to the end of its block, the
// block seals up to the checkpoint, and the checkpoint's signature.
func verifyAsThirdParty(t *testing.T, ld []byte) {
	t.Helper()
	var doc struct {
		Type   string `json:"@type"`
		Events []struct {
			Action, Source, LegalBasis, Subject, IP, UserAgent, Detail string
			Channel                                                    string `json:"dpv:hasIndicationMethod"`
			Position                                                   struct {
				Block, Event                          int64
				Purpose, Commitment, Hash, Prev, Salt string
				OccurredAtMillis                      *int64
				DigestsAfter                          []string
			} `json:"position"`
		} `json:"events"`
		Checkpoint struct {
			N, Block, Events                    int64
			Hash, KeyID, Signature, SignedBytes string
			PublicKey                           string
			SignedAt                            struct {
				Value string `json:"@value"`
			}
			Blocks []struct {
				Block, CreatedAtMillis, ImportID, Events int64
				Actor, Last, Prev, Hash                  string
			}
		} `json:"checkpoint"`
	}
	if err := json.Unmarshal(bytes.ReplaceAll(ld, []byte(`"gk:`), []byte(`"`)), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Type != "dpv-27560:record-eu-gdpr" || len(doc.Events) == 0 {
		t.Fatalf("JSON-LD: type %q, %d events", doc.Type, len(doc.Events))
	}
	lastOf := map[int64]consent.Hash{}
	for _, e := range doc.Events {
		p := e.Position
		salt, _ := hex.DecodeString(p.Salt)
		c := consent.Commit(salt, consent.Personal{Subject: e.Subject, IP: e.IP, UserAgent: e.UserAgent, Detail: e.Detail})
		if hex.EncodeToString(c[:]) != p.Commitment {
			t.Fatalf("event %d: commitment does not match its personal part", p.Event)
		}
		ev := consent.Event{Purpose: p.Purpose, Action: e.Action, Channel: e.Channel, Source: e.Source, LegalBasis: e.LegalBasis, Commitment: c}
		if p.OccurredAtMillis != nil {
			ev.OccurredAt = time.UnixMilli(*p.OccurredAtMillis)
		}
		chain := consent.Chain(fromHex(t, p.Prev), consent.Digest(ev))
		if hex.EncodeToString(chain[:]) != p.Hash {
			t.Fatalf("event %d: hash does not chain from prev", p.Event)
		}
		for _, d := range p.DigestsAfter {
			chain = consent.Chain(chain, fromHex(t, d))
		}
		lastOf[p.Block] = chain
	}
	cp := doc.Checkpoint
	var prev consent.Hash
	for i, b := range cp.Blocks {
		if last, ok := lastOf[b.Block]; ok && hex.EncodeToString(last[:]) != b.Last {
			t.Fatalf("block %d: the events do not end at its last hash", b.Block)
		}
		if i > 0 && hex.EncodeToString(prev[:]) != b.Prev {
			t.Fatalf("block %d does not link to the block before", b.Block)
		}
		h := consent.Seal(fromHex(t, b.Prev), consent.Block{Seq: b.Block, CreatedAt: time.UnixMilli(b.CreatedAtMillis), Actor: b.Actor,
			ImportID: b.ImportID, Events: b.Events, Last: fromHex(t, b.Last)})
		if hex.EncodeToString(h[:]) != b.Hash {
			t.Fatalf("block %d: seal does not match", b.Block)
		}
		prev = h
	}
	if hex.EncodeToString(prev[:]) != cp.Hash {
		t.Fatalf("the blocks do not reach the checkpoint's hash")
	}
	pub, err := consent.ParsePublicKey(cp.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	at, err := time.Parse("2006-01-02T15:04:05.000Z", cp.SignedAt.Value)
	if err != nil {
		t.Fatal(err)
	}
	signed := (&consent.Checkpoint{N: cp.N, Seq: cp.Block, Hash: fromHex(t, cp.Hash), Events: cp.Events, At: at, KeyID: cp.KeyID}).SignedBytes()
	sig, _ := hex.DecodeString(cp.Signature)
	if hex.EncodeToString(signed) != cp.SignedBytes || !ed25519.Verify(pub, signed, sig) {
		t.Fatalf("checkpoint signature does not verify")
	}
}

func fromHex(t *testing.T, s string) consent.Hash {
	t.Helper()
	var h consent.Hash
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(h) {
		t.Fatalf("hash %q", s)
	}
	copy(h[:], b)
	return h
}
