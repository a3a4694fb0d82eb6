package consent

import (
	"context"
	"crypto/ed25519"
	"encoding/json"
	"strings"
	"time"

	"github.com/gdprkit/gdprkit"
	"github.com/gdprkit/gdprkit/internal/address"
)

// Controller is the organisation the proof is issued by, from
// configuration.
type Controller struct {
	Name         string
	Address      string
	Email        string
	Phone        string
	URL          string
	PolicyURL    string
	Jurisdiction string // ISO 3166 country code, "FR"
}

// Proof is what a proof of consent shows for one contact: every ledger
// event about them with the texts they were shown, where each event sits
// in the chain, and the signed checkpoint that covers them, so that a
// third party with the public key can check it (docs/ledger.md).
type Proof struct {
	GeneratedAt time.Time
	Language    string
	Controller  Controller
	ContactID   int64
	Email       string
	Events      []ProofEvent
	// Blocks are the headers of the blocks from the first event's block to
	// the checkpoint's, to recompute their seals; empty when there are more
	// than maxProofBlocks (then `gdprkit ledger verify` checks the link).
	Blocks     []StoredBlock
	Checkpoint *Checkpoint
	PublicKey  ed25519.PublicKey
	States     []ProofState
	// Catalogue is the purposes, for their labels.
	Catalogue []Purpose
}

// PurposeLabel names a purpose in the proof's language.
func (p *Proof) PurposeLabel(slug string) string {
	for i := range p.Catalogue {
		if p.Catalogue[i].Slug == slug {
			return p.Catalogue[i].Label(p.Language)
		}
	}
	return slug
}

// ProofEvent is one event with what is needed to recompute its hashes.
type ProofEvent struct {
	ID         int64
	BlockID    int64
	Seq        int64
	RecordedAt time.Time // when its block was opened
	Event      Event     // the chained fields
	Personal   Personal  // empty when erased
	Salt       []byte
	Erased     bool
	Hash       Hash // stored chain hash
	// Prev is the hash of the event before it in its block (zero for the
	// first); After the digests of the events after it, to carry the chain
	// to the block's last hash (nil when the block is too large).
	Prev  Hash
	After []Hash
	Texts []ProofText
	// Detail is the event's detail, decoded.
	Detail map[string]any
	// Intact: the event's commitment (unless erased) and its link to the
	// event before it check out; the ledger verification checks the rest.
	Intact bool
}

// ProofText is a consent text an event names, with whether its body still
// has the hash the event recorded.
type ProofText struct {
	ID     int64
	SHA256 string
	Text   *Text
	Intact bool
}

// ProofState is the current verdict of one purpose.
type ProofState struct {
	Purpose Purpose
	State   StoredState
	Allowed bool
	Reason  string
}

// ProofStore reads what a proof needs.
type ProofStore interface {
	// ProofSubject returns the contact with match key key.
	ProofSubject(ctx context.Context, key string) (id int64, email, lang string, err error)
	// ProofEvents returns a contact's events with their block position,
	// in ledger order.
	ProofEvents(ctx context.Context, contactID int64) ([]ProofEvent, error)
	// ChainBounds returns the stored hash of the event before id in its
	// block (zero for the first) and the id of the block's last event.
	ChainBounds(ctx context.Context, blockID, id int64) (prev Hash, last int64, err error)
	// BlocksBySeq returns the blocks with from <= seq <= to, in order.
	BlocksBySeq(ctx context.Context, from, to int64) ([]StoredBlock, error)
	Checkpoints(ctx context.Context) ([]Checkpoint, error)
	Text(ctx context.Context, id int64) (*Text, error)
	Purposes(ctx context.Context) ([]Purpose, error)
	ProofStates(ctx context.Context, contactID int64) (map[string]StoredState, error)
}

// Proofs builds proofs of consent.
type Proofs struct {
	Store      ProofStore
	Ledger     LedgerReader
	Controller Controller
	PublicKey  ed25519.PublicKey
	Now        func() time.Time
}

// maxProofBlocks and maxChainAfter bound what a proof carries: beyond, a
// proof would be megabytes and the ledger verification checks the rest.
const (
	maxProofBlocks = 2000
	maxChainAfter  = 5000
)

// Build gathers the proof for the contact with address email.
func (p *Proofs) Build(ctx context.Context, email, lang string) (*Proof, error) {
	a, err := address.Parse(email)
	if err != nil {
		return nil, gdprkit.Errorf(gdprkit.EINVALID, "proof.email_invalid", nil, "e-mail address: %v", err)
	}
	id, stored, contactLang, err := p.Store.ProofSubject(ctx, a.Key)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	pr := &Proof{GeneratedAt: now().UTC(), Language: firstLang(lang, contactLang), Controller: p.Controller,
		ContactID: id, Email: stored, PublicKey: p.PublicKey}
	if pr.Events, err = p.Store.ProofEvents(ctx, id); err != nil {
		return nil, err
	}
	decodeDetails(pr.Events)
	if err := p.chainPositions(ctx, pr); err != nil {
		return nil, err
	}
	if err := p.texts(ctx, pr); err != nil {
		return nil, err
	}
	if err := p.checkpoint(ctx, pr); err != nil {
		return nil, err
	}
	return pr, p.states(ctx, pr)
}

func firstLang(a, b string) string {
	if a != "" {
		return a
	}
	if b != "" {
		return b
	}
	return "en"
}

// chainPositions fills Prev and After: the hash an event chains from, and
// the digests that carry the chain to its block's last event.
func (p *Proofs) chainPositions(ctx context.Context, pr *Proof) error {
	for i := range pr.Events {
		e := &pr.Events[i]
		prev, last, err := p.Store.ChainBounds(ctx, e.BlockID, e.ID)
		if err != nil {
			return err
		}
		e.Prev = prev
		e.Intact = Chain(prev, Digest(e.Event)) == e.Hash &&
			(e.Erased || Commit(e.Salt, e.Personal) == e.Event.Commitment)
		if last-e.ID > maxChainAfter {
			continue // too long to carry: the ledger verification checks it
		}
		e.After = []Hash{}
		err = p.Ledger.ScanEvents(ctx, EventBatch{Single: true, Block: e.BlockID, FromID: e.ID + 1, ToID: last + 1},
			func(c *Checked) error {
				e.After = append(e.After, c.Digest)
				return nil
			})
		if err != nil {
			return err
		}
	}
	return nil
}

// decodeDetails reads each event's JSON detail, numbers kept exact.
func decodeDetails(evs []ProofEvent) {
	for i := range evs {
		d := json.NewDecoder(strings.NewReader(evs[i].Personal.Detail))
		d.UseNumber()
		_ = d.Decode(&evs[i].Detail) // an erased or foreign detail reads as empty
	}
}

// texts resolves the texts each event names in its detail.
func (p *Proofs) texts(ctx context.Context, pr *Proof) error {
	for i := range pr.Events {
		e := &pr.Events[i]
		refs, _ := e.Detail["texts"].([]any)
		for _, r := range refs {
			m, _ := r.(map[string]any)
			id, _ := m["id"].(json.Number)
			n, _ := id.Int64()
			sum, _ := m["sha256"].(string)
			pt := ProofText{ID: n, SHA256: sum}
			t, err := p.Store.Text(ctx, n)
			if err != nil && gdprkit.ErrorCode(err) != gdprkit.ENOTFOUND {
				return err
			}
			if t != nil {
				pt.Text, pt.Intact = t, TextHash(t.Body) == sum
			}
			e.Texts = append(e.Texts, pt)
		}
	}
	return nil
}

// checkpoint finds the first checkpoint that covers the newest event, and
// the block headers that lead to it.
func (p *Proofs) checkpoint(ctx context.Context, pr *Proof) error {
	if len(pr.Events) == 0 {
		return nil
	}
	first, last := pr.Events[0].Seq, pr.Events[len(pr.Events)-1].Seq
	cps, err := p.Store.Checkpoints(ctx)
	if err != nil {
		return err
	}
	for i := range cps {
		if cps[i].Seq >= last && (pr.Checkpoint == nil || cps[i].Seq < pr.Checkpoint.Seq) {
			pr.Checkpoint = &cps[i]
		}
	}
	if pr.Checkpoint == nil || pr.Checkpoint.Seq-first >= maxProofBlocks {
		return nil
	}
	pr.Blocks, err = p.Store.BlocksBySeq(ctx, first, pr.Checkpoint.Seq)
	return err
}

// states adds the current verdict of every purpose the contact has one
// for.
func (p *Proofs) states(ctx context.Context, pr *Proof) error {
	states, err := p.Store.ProofStates(ctx, pr.ContactID)
	if err != nil {
		return err
	}
	catalogue, err := p.Store.Purposes(ctx)
	if err != nil {
		return err
	}
	pr.Catalogue = catalogue
	for slug, st := range states {
		ps := ProofState{Purpose: Purpose{Slug: slug, LabelEN: slug, LabelFR: slug, DPV: "dpv:Purpose"}, State: st}
		for _, c := range catalogue {
			if c.Slug == slug {
				ps.Purpose = c
			}
		}
		ps.Allowed, ps.Reason = Decide(false, true, &st)
		pr.States = append(pr.States, ps)
	}
	sortStates(pr.States)
	return nil
}

func sortStates(s []ProofState) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].Purpose.Slug < s[j-1].Purpose.Slug; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}
