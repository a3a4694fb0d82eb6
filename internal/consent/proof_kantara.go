package consent

import (
	"encoding/json"
	"fmt"
	"strings"
)

// The Kantara Initiative Consent Receipt v1.1 (KI-CR-v1.1.0) is a receipt
// for the person, not proof (formats.md §4.2): it has no place for the IP,
// the text's hash or the history. Those go under "x-evidence", a
// namespaced key the schema tolerates.
type kantaraReceipt struct {
	Version          string              `json:"version"`
	Jurisdiction     string              `json:"jurisdiction"`
	ConsentTimestamp int64               `json:"consentTimestamp"` // Unix seconds, as in the specification's example
	CollectionMethod string              `json:"collectionMethod"`
	ConsentReceiptID string              `json:"consentReceiptID"`
	PublicKey        string              `json:"publicKey,omitempty"`
	Language         string              `json:"language"`
	PIIPrincipalID   string              `json:"piiPrincipalId"`
	PIIControllers   []kantaraController `json:"piiControllers"`
	PolicyURL        string              `json:"policyUrl"`
	Services         []kantaraService    `json:"services"`
	Sensitive        bool                `json:"sensitive"`
	SPICat           []string            `json:"spiCat"`
	Evidence         []map[string]any    `json:"x-evidence,omitempty"`
}

type kantaraController struct {
	PIIController string            `json:"piiController"`
	OnBehalf      bool              `json:"onBehalf"`
	Contact       string            `json:"contact"`
	Address       map[string]string `json:"address"`
	Email         string            `json:"email"`
	Phone         string            `json:"phone"`
	URL           string            `json:"piiControllerUrl,omitempty"`
}

type kantaraService struct {
	Service  string           `json:"service"`
	Purposes []kantaraPurpose `json:"purposes"`
}

type kantaraPurpose struct {
	Purpose              string   `json:"purpose"`
	PurposeCategory      []string `json:"purposeCategory"`
	ConsentType          string   `json:"consentType"`
	PIICategory          []string `json:"piiCategory"`
	PrimaryPurpose       bool     `json:"primaryPurpose"`
	Termination          string   `json:"termination"`
	ThirdPartyDisclosure bool     `json:"thirdPartyDisclosure"`
	ThirdPartyName       string   `json:"thirdPartyName,omitempty"`
}

// Kantara returns the proof as a Kantara Consent Receipt v1.1 listing the
// purposes currently consented to.
func (p *Proof) Kantara() ([]byte, error) {
	c := p.Controller
	r := kantaraReceipt{
		Version: "KI-CR-v1.1.0", Jurisdiction: jurisdiction(c), Language: p.Language,
		ConsentReceiptID: fmt.Sprintf("urn:gdprkit:receipt:%d:%d", p.ContactID, p.GeneratedAt.UnixMilli()),
		CollectionMethod: p.collectionMethod(), PIIPrincipalID: p.Email, PolicyURL: c.PolicyURL, SPICat: []string{},
		PIIControllers: []kantaraController{{PIIController: c.Name, Contact: c.Name, Address: map[string]string{"streetAddress": c.Address,
			"addressCountry": jurisdiction(c)}, Email: c.Email, Phone: c.Phone, URL: c.URL}},
	}
	if p.PublicKey != nil {
		r.PublicKey = PublicKeyPEM(p.PublicKey)
	}
	svc := kantaraService{Service: c.Name}
	for _, s := range p.States {
		if !s.Allowed {
			continue
		}
		if at := s.State.ConsentAt.Unix(); at > r.ConsentTimestamp {
			r.ConsentTimestamp = at
		}
		kp := kantaraPurpose{Purpose: s.Purpose.Label(p.Language), PurposeCategory: []string{nonEmptyOr(s.Purpose.Kantara, "6 - Marketing")},
			ConsentType: "EXPLICIT", PIICategory: []string{"2 - Contact"}, PrimaryPurpose: s.Purpose.Slug == "email_marketing",
			Termination: "withdrawal", ThirdPartyDisclosure: s.Purpose.ThirdParty}
		if kp.ThirdPartyDisclosure {
			kp.ThirdPartyName = "partners listed in the privacy notice"
		}
		svc.Purposes = append(svc.Purposes, kp)
	}
	r.Services = []kantaraService{svc}
	for i := range p.Events {
		e := &p.Events[i]
		ev := map[string]any{"event": e.ID, "block": e.Seq, "action": e.Event.Action, "purpose": e.Event.Purpose,
			"hash": fmt.Sprintf("%x", e.Hash[:])}
		if !e.Event.OccurredAt.IsZero() {
			ev["at"] = e.Event.OccurredAt.UTC().Format("2006-01-02T15:04:05.000Z")
		}
		if !e.Erased && e.Personal.IP != "" {
			ev["ip"] = e.Personal.IP
		}
		r.Evidence = append(r.Evidence, ev)
	}
	return json.MarshalIndent(r, "", "  ")
}

// collectionMethod says in words how consent was collected: the channels
// of the events that gave it.
func (p *Proof) collectionMethod() string {
	var seen []string
	for i := range p.Events {
		ch := p.Events[i].Event.Channel
		if ch != "" && !strings.Contains(strings.Join(seen, ","), ch) {
			seen = append(seen, ch)
		}
	}
	if len(seen) == 0 {
		return "unknown"
	}
	return strings.Join(seen, ", ")
}

func nonEmptyOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
