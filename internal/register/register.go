// Package register keeps the registers a DPO is asked for in writing: the
// vendors personal data flows to (Art. 28 GDPR), the record of processing
// activities (Art. 30) and the ways contacts are collected, checked against
// the six legal bases and the French rules on e-mail prospecting.
//
// The package has three layers, each in its own files:
//
//   - types a DPO would name, with Validate methods returning translation
//     keys: Organisation, Vendor, Activity, CollectionMethod, Questionnaire;
//   - pure rules, with no clock, database or network (time is passed in):
//     the vendor risk score (risk.go), the dated adequacy list and derived
//     transfers (adequacy.go, transfer.go), the collection-method rules
//     (collect*.go), the DPIA criteria (dpia.go) and the Art. 30
//     completeness check (complete.go);
//   - Service, which the web application and the command line call, over a
//     Store implemented in internal/store/sqlstore; and the exports (CNIL
//     layout XLSX and HTML, vendor register XLSX/CSV, JSON, XLSX import).
//
// Wording shown to people lives in internal/locale/translations/
// register.<lang>.toml; Go code carries keys only.
package register

import "time"

// Processing roles of the organisation for an activity.
const (
	RoleController = "controller" // Art. 30(1) record
	RoleProcessor  = "processor"  // Art. 30(2) record
)

// Party is a person or organisation named in the register: the
// controller, its representative, the DPO, a joint controller, or a
// controller on whose behalf the organisation acts as processor. The
// fields follow the CNIL model's blocks (Nom, Prénom, Société, Adresse, CP,
// Ville, Pays, Téléphone, Adresse de messagerie).
type Party struct {
	LastName  string `json:"last_name,omitempty"`
	FirstName string `json:"first_name,omitempty"`
	Company   string `json:"company,omitempty"`
	Address   string `json:"address,omitempty"`
	PostCode  string `json:"post_code,omitempty"`
	City      string `json:"city,omitempty"`
	Country   string `json:"country,omitempty"`
	Phone     string `json:"phone,omitempty"`
	Email     string `json:"email,omitempty"`
}

// Named reports whether the party has a name: a person's or a company's.
func (p Party) Named() bool { return p.LastName != "" || p.Company != "" }

// Reachable reports whether the party can be contacted: Art. 30 asks for
// "contact details", which one channel satisfies.
func (p Party) Reachable() bool { return p.Email != "" || p.Phone != "" || p.Address != "" }

// DisplayName is the person's name, or the company's.
func (p Party) DisplayName() string {
	name := p.FirstName
	if p.LastName != "" {
		if name != "" {
			name += " "
		}
		name += p.LastName
	}
	switch {
	case name != "" && p.Company != "":
		return name + " (" + p.Company + ")"
	case name != "":
		return name
	}
	return p.Company
}

// Organisation is page 1 of the CNIL register: who the controller is,
// who represents it and who its DPO is. There is one per installation.
type Organisation struct {
	Name           string `json:"name"`
	Controller     Party  `json:"controller"`              // the person in charge of the organisation
	Representative Party  `json:"representative,omitzero"` // if established outside the EU (Art. 27)
	DPODesignated  bool   `json:"dpo_designated"`
	DPO            Party  `json:"dpo,omitzero"`
	// ReviewMonths is how often vendors are reviewed when no review date
	// is set on one: the reminder the register shows.
	ReviewMonths int       `json:"review_months,omitempty"`
	UpdatedAt    time.Time `json:"updated_at,omitzero"`
	Version      int       `json:"version"`
}
