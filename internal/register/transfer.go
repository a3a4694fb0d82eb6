package register

import "time"

// Transfer statuses, from best to worst.
const (
	TransferAdequate    = "adequate"    // adequacy decision in force
	TransferDPF         = "dpf"         // US importer under the Data Privacy Framework: adequate, but fragile
	TransferSafeguarded = "safeguarded" // Art. 46 safeguard (SCCs, BCR…)
	TransferDerogation  = "derogation"  // Art. 49 derogation: for occasional transfers only
	TransferUnconfirmed = "unconfirmed" // adequacy reported but not verified, and no safeguard
	TransferMissing     = "missing"     // nothing identified
)

// TransferCheck is one transfer of personal data outside the EEA, derived
// from where a vendor (or one of its sub-processors, or an external
// recipient) processes the data.
type TransferCheck struct {
	VendorID      int64  `json:"vendor_id,omitempty"`
	Recipient     string `json:"recipient"`
	Via           string `json:"via,omitempty"` // the vendor whose sub-processor this is
	Country       string `json:"country"`
	Mechanism     string `json:"mechanism"`
	Status        string `json:"status"`
	Decision      string `json:"decision,omitempty"` // adequacy decision relied on
	Documentation string `json:"documentation,omitempty"`
	FallbackSCC   bool   `json:"fallback_scc,omitempty"`
}

// Lawful reports whether the transfer has a Chapter V basis (adequacy,
// the DPF, a safeguard or a derogation), whatever its fragility.
func (t TransferCheck) Lawful() bool {
	return t.Status != TransferMissing && t.Status != TransferUnconfirmed
}

// VendorTransfers returns the vendor's transfers at the given time: one
// per country outside the EEA among where it processes data and where it
// declared a mechanism.
func VendorTransfers(v *Vendor, at time.Time) []TransferCheck {
	var out []TransferCheck
	seen := map[string]bool{}
	add := func(c string) {
		if seen[c] || EEA.Has(c) || c == "" {
			return
		}
		seen[c] = true
		t, _ := v.TransferFor(c)
		tc := CheckTransfer(t, c, at)
		tc.VendorID, tc.Recipient = v.ID, v.Name
		out = append(out, tc)
	}
	for _, c := range v.Countries {
		add(c)
	}
	for _, t := range v.Transfers {
		add(t.Country)
	}
	return out
}

// CheckTransfer classifies a transfer to country relying on t (whose
// Mechanism may be empty) at the given time.
func CheckTransfer(t Transfer, country string, at time.Time) TransferCheck {
	tc := TransferCheck{Country: country, Mechanism: t.Mechanism, Documentation: t.Documentation, FallbackSCC: t.FallbackSCC}
	a, listed := AdequacyFor(country, at)
	switch {
	case listed && a.Confirmed && !a.DPFOnly:
		tc.Status, tc.Decision = TransferAdequate, a.Decision
		if tc.Mechanism == "" || tc.Mechanism == "none" {
			tc.Mechanism = "adequacy"
		}
	case listed && a.DPFOnly && t.Mechanism == "us_dpf":
		tc.Status, tc.Decision = TransferDPF, a.Decision
	case IsSafeguard(t.Mechanism):
		tc.Status = TransferSafeguarded
	case IsDerogation(t.Mechanism):
		tc.Status = TransferDerogation
	case listed && !a.Confirmed:
		tc.Status = TransferUnconfirmed
	default:
		tc.Status = TransferMissing
		if tc.Mechanism == "" || tc.Mechanism == "us_dpf" || tc.Mechanism == "adequacy" {
			// A DPF or adequacy claim that does not hold at this date
			// (before the decision, or the wrong country) is no mechanism.
			tc.Mechanism = "none"
		}
	}
	return tc
}

// ActivityTransfers derives an activity's transfers (Art. 30(1)(e)) from
// its recipients: each vendor's processing countries, then those of its
// sub-processors, at any depth (onward transfers count, Art. 44), and
// external recipients established outside the EEA.
func ActivityTransfers(a *Activity, vendors map[int64]*Vendor, at time.Time) []TransferCheck {
	var out []TransferCheck
	seen := map[[2]any]bool{}
	keep := func(ts []TransferCheck, via string) {
		for _, t := range ts {
			k := [2]any{t.VendorID, t.Country}
			if t.VendorID == 0 {
				k = [2]any{t.Recipient, t.Country}
			}
			if !seen[k] {
				seen[k] = true
				t.Via = via
				out = append(out, t)
			}
		}
	}
	for _, r := range a.Recipients {
		switch {
		case r.Kind == "vendor" && vendors[r.VendorID] != nil:
			walkVendor(vendors, r.VendorID, "", map[int64]bool{}, at, keep)
		case r.Kind != "vendor" && r.Country != "" && !EEA.Has(r.Country):
			tc := CheckTransfer(Transfer{Country: r.Country, Mechanism: r.Mechanism}, r.Country, at)
			tc.Recipient = r.Name
			keep([]TransferCheck{tc}, "")
		}
	}
	return out
}

// walkVendor reports the transfers of vendor id, then of its
// sub-processors; visited breaks cycles in links a user may have drawn.
func walkVendor(vendors map[int64]*Vendor, id int64, via string, visited map[int64]bool, at time.Time, keep func([]TransferCheck, string)) {
	v := vendors[id]
	if v == nil || visited[id] {
		return
	}
	visited[id] = true
	keep(VendorTransfers(v, at), via)
	for _, sub := range v.SubProcessors {
		walkVendor(vendors, sub, v.Name, visited, at, keep)
	}
}
