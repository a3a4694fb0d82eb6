package consent

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// The JSON-LD export is a consent record of the ISO/IEC TS 27560 profile
// for the GDPR (dpv-27560:record-eu-gdpr) in W3C DPV terms (formats.md
// §4.3): the data subject, the controller, the legal basis (GDPR Art.
// 6(1)(a)), one process per purpose with its current consent status, and
// the history of consent events, each with the notice shown (the exact
// text and its hash) and its position in the ledger. Terms DPV has no word
// for (the ledger position, the IP) use the gk: namespace, which resolves
// to docs/ledger.md.
var jsonldContext = map[string]string{
	"dpv":       "https://w3id.org/dpv#",
	"eu-gdpr":   "https://w3id.org/dpv/legal/eu/gdpr#",
	"pd":        "https://w3id.org/dpv/pd#",
	"loc":       "https://w3id.org/dpv/loc#",
	"dpv-27560": "https://w3id.org/dpv/schema/dpv-27560#",
	"dct":       "http://purl.org/dc/terms/",
	"xsd":       "http://www.w3.org/2001/XMLSchema#",
	"gk":        "https://github.com/gdprkit/gdprkit/blob/main/docs/ledger.md#",
}

type ldNode = map[string]any

// JSONLD returns the proof as JSON-LD.
func (p *Proof) JSONLD() ([]byte, error) {
	doc := ldNode{
		"@context":              jsonldContext,
		"@id":                   fmt.Sprintf("urn:gdprkit:proof:%d:%d", p.ContactID, p.GeneratedAt.UnixMilli()),
		"@type":                 "dpv-27560:record-eu-gdpr",
		"dct:created":           ldTime(p.GeneratedAt),
		"dct:language":          p.Language,
		"dpv:hasDataController": p.controllerLD(),
		"dpv:hasDataSubject":    ldNode{"@type": "dpv:DataSubject", "pd:EmailAddress": p.Email},
		"dpv:hasPersonalData":   ldNode{"@id": "pd:EmailAddress"},
		"dpv:hasLegalBasis":     ldNode{"@id": "eu-gdpr:A6-1-a"},
		"dpv:hasJurisdiction":   ldNode{"@id": "loc:" + jurisdiction(p.Controller)},
		"dpv:hasProcess":        p.processesLD(),
		"gk:events":             p.eventsLD(),
	}
	if cp := p.checkpointLD(); cp != nil {
		doc["gk:checkpoint"] = cp
	}
	return json.MarshalIndent(doc, "", "  ")
}

func jurisdiction(c Controller) string {
	if c.Jurisdiction == "" {
		return "FR"
	}
	return c.Jurisdiction
}

func ldTime(t time.Time) ldNode {
	return ldNode{"@value": t.UTC().Format("2006-01-02T15:04:05.000Z"), "@type": "xsd:dateTime"}
}

func (p *Proof) controllerLD() ldNode {
	c := p.Controller
	n := ldNode{"@type": "dpv:DataController", "dct:title": c.Name}
	for k, v := range map[string]string{"dpv:hasAddress": c.Address, "dpv:hasEmail": c.Email, "dpv:hasTelephone": c.Phone, "dct:identifier": c.URL} {
		if v != "" {
			n[k] = v
		}
	}
	if c.PolicyURL != "" {
		n["dpv:hasNotice"] = ldNode{"@type": "dpv:PrivacyNotice", "@id": c.PolicyURL}
	}
	return n
}

// consentStatus maps an audit status to DPV (formats.md §4.3).
func consentStatus(st StoredState) string {
	allowed, reason := Decide(false, true, &st)
	switch {
	case allowed:
		return "dpv:ConsentGiven"
	case reason == ReasonWithdrawn:
		return "dpv:ConsentWithdrawn"
	case reason == ReasonPending:
		return "dpv:ConsentRequested"
	case reason == ReasonUndeliverable:
		return "dpv:ConsentInvalidated"
	}
	return "dpv:ConsentUnknown"
}

func (p *Proof) processesLD() []ldNode {
	out := make([]ldNode, 0, len(p.States))
	for _, s := range p.States {
		n := ldNode{
			"@type":                "dpv:Process",
			"dpv:hasPurpose":       purposeLD(&s.Purpose, p.Language),
			"dpv:hasConsentStatus": ldNode{"@id": consentStatus(s.State)},
			"dpv:hasConsentType":   ldNode{"@id": "dpv:ExpressedConsent"},
			"gk:status":            s.State.Status,
			"gk:mayBeSent":         s.Allowed,
		}
		if !s.State.ConsentAt.IsZero() {
			n["dpv:isIndicatedAtTime"] = ldTime(s.State.ConsentAt)
		}
		if s.State.EventID != 0 {
			n["gk:decidingEvent"] = ldNode{"@id": fmt.Sprintf("urn:gdprkit:event:%d", s.State.EventID)}
		}
		if p.Controller.URL != "" {
			n["dpv:hasConsentControl"] = ldNode{"@type": "dpv:WithdrawConsent", "dpv:isExercisedAt": p.Controller.URL}
		}
		out = append(out, n)
	}
	return out
}

func purposeLD(pu *Purpose, lang string) ldNode {
	id := pu.DPV
	if id == "" {
		id = "dpv:Purpose"
	}
	return ldNode{"@id": id, "dct:title": pu.Label(lang), "dct:description": pu.Description(lang), "gk:slug": pu.Slug}
}

// eventState is the DPV status an event sets.
func eventState(action string) string {
	switch action {
	case "signup", "confirmation", "consent":
		return "dpv:ConsentGiven"
	case "pending":
		return "dpv:ConsentRequested"
	case "withdrawal", "complaint":
		return "dpv:ConsentWithdrawn"
	}
	return "dpv:ConsentUnknown"
}

func (p *Proof) eventsLD() []ldNode {
	out := make([]ldNode, 0, len(p.Events))
	for i := range p.Events {
		e := &p.Events[i]
		n := ldNode{
			"@id":                     fmt.Sprintf("urn:gdprkit:event:%d", e.ID),
			"@type":                   "gk:LedgerEvent",
			"gk:action":               e.Event.Action,
			"dpv:hasConsentStatus":    ldNode{"@id": eventState(e.Event.Action)},
			"dpv:hasPurpose":          ldNode{"gk:slug": e.Event.Purpose},
			"dpv:hasIndicationMethod": e.Event.Channel,
			"dpv:isIndicatedBy":       ldNode{"@type": "dpv:DataSubject"},
			"gk:source":               e.Event.Source,
			"gk:legalBasis":           e.Event.LegalBasis,
			"gk:recordedAt":           ldTime(e.RecordedAt),
			"gk:position":             positionLD(e),
		}
		if !e.Event.OccurredAt.IsZero() {
			n["dpv:isIndicatedAtTime"] = ldTime(e.Event.OccurredAt)
		}
		if e.Erased {
			n["gk:erased"] = true
		} else {
			n["gk:subject"], n["gk:ip"], n["gk:userAgent"], n["gk:detail"] = e.Personal.Subject, e.Personal.IP, e.Personal.UserAgent, e.Personal.Detail
		}
		if len(e.Texts) > 0 {
			n["dpv:hasNotice"] = noticesLD(e.Texts)
		}
		out = append(out, n)
	}
	return out
}

func noticesLD(ts []ProofText) []ldNode {
	out := make([]ldNode, 0, len(ts))
	for _, t := range ts {
		n := ldNode{"@type": "dpv:ConsentNotice", "dct:identifier": fmt.Sprintf("urn:gdprkit:text:%d", t.ID), "gk:sha256": t.SHA256, "gk:intact": t.Intact}
		if t.Text != nil {
			n["dct:title"] = fmt.Sprintf("%s v%d", t.Text.Name, t.Text.Version)
			n["dct:language"] = t.Text.Language
			n["dct:format"] = t.Text.Format
			n["gk:text"] = t.Text.Body
			if !t.Text.FirstUsedAt.IsZero() {
				n["dct:date"] = ldTime(t.Text.FirstUsedAt)
			}
		}
		out = append(out, n)
	}
	return out
}

// positionLD is what a third party needs to recompute the event's hashes:
// the chained fields, the salt of the commitment, the hash before it, the
// digests after it, and its block.
func positionLD(e *ProofEvent) ldNode {
	n := ldNode{
		"gk:block": e.Seq, "gk:event": e.ID,
		"gk:purpose": e.Event.Purpose, "gk:occurredAtMillis": occurredMillis(e.Event.OccurredAt),
		"gk:commitment": hex.EncodeToString(e.Event.Commitment[:]),
		"gk:hash":       hex.EncodeToString(e.Hash[:]),
		"gk:prev":       hex.EncodeToString(e.Prev[:]),
	}
	if !e.Erased {
		n["gk:salt"] = hex.EncodeToString(e.Salt)
	}
	if e.After != nil {
		after := make([]string, len(e.After))
		for i, h := range e.After {
			after[i] = hex.EncodeToString(h[:])
		}
		n["gk:digestsAfter"] = after
	}
	return n
}

// occurredMillis is the time as the digest covers it: Unix milliseconds,
// or null for an event without a time.
func occurredMillis(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

func (p *Proof) checkpointLD() ldNode {
	cp := p.Checkpoint
	if cp == nil {
		return nil
	}
	n := ldNode{
		"gk:n": cp.N, "gk:block": cp.Seq, "gk:hash": hex.EncodeToString(cp.Hash[:]), "gk:events": cp.Events,
		"gk:signedAt": ldTime(cp.At), "gk:keyId": cp.KeyID, "gk:signature": hex.EncodeToString(cp.Signature),
		"gk:signedBytes": hex.EncodeToString(cp.SignedBytes()),
	}
	if p.PublicKey != nil {
		n["gk:publicKey"] = PublicKeyPEM(p.PublicKey)
	}
	blocks := make([]ldNode, 0, len(p.Blocks))
	for _, b := range p.Blocks {
		blocks = append(blocks, ldNode{"gk:block": b.Seq, "gk:createdAtMillis": b.CreatedAt, "gk:actor": b.Actor, "gk:importId": b.ImportID,
			"gk:events": b.Events, "gk:last": hex.EncodeToString(b.Digest), "gk:prev": hex.EncodeToString(b.PrevHash), "gk:hash": hex.EncodeToString(b.Hash)})
	}
	n["gk:blocks"] = blocks
	return n
}
