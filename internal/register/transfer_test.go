package register

import (
	"testing"
	"time"
)

func TestAdequacyFor(t *testing.T) {
	tests := []struct {
		country   string
		at        time.Time
		ok        bool
		confirmed bool
	}{
		{"US", day(2023, time.July, 9), false, false},
		{"US", DPFAdopted, true, true},
		{"GB", day(2021, time.June, 27), false, false},
		{"GB", day(2026, time.January, 1), true, true},
		{"JP", now, true, true},
		{"BR", day(2026, time.January, 26), false, false},
		{"BR", now, true, false},
		{"IN", now, false, false},
		{"FR", now, false, false}, // in the EEA: no decision needed, none listed
	}
	for _, tt := range tests {
		a, ok := AdequacyFor(tt.country, tt.at)
		if ok != tt.ok || a.Confirmed != tt.confirmed {
			t.Errorf("AdequacyFor(%s, %s) = %v confirmed %v, want %v confirmed %v", tt.country, tt.at.Format(time.DateOnly), ok, a.Confirmed, tt.ok, tt.confirmed)
		}
	}
}

func TestAdequacyListWellFormed(t *testing.T) {
	seen := map[string]bool{}
	for _, a := range AdequacyList {
		if !ValidCountry(a.Country) || seen[a.Country] || EEA.Has(a.Country) || a.Adopted.IsZero() {
			t.Errorf("bad adequacy entry %+v", a)
		}
		seen[a.Country] = true
		if a.Confirmed && a.Decision == "" {
			t.Errorf("%s: confirmed without a decision reference", a.Country)
		}
	}
	for _, c := range EEA {
		if !ValidCountry(c) {
			t.Errorf("EEA entry %q is not a country", c)
		}
	}
	if len(EEA) != 30 {
		t.Errorf("EEA has %d members, want 30 (27 EU + IS, LI, NO)", len(EEA))
	}
}

func TestCheckTransfer(t *testing.T) {
	tests := []struct {
		name      string
		t         Transfer
		country   string
		at        time.Time
		status    string
		mechanism string
	}{
		{"AdequateImplied", Transfer{}, "CH", now, TransferAdequate, "adequacy"},
		{"AdequateWithSCCKept", Transfer{Mechanism: "scc_module_2"}, "JP", now, TransferAdequate, "scc_module_2"},
		{"USNothing", Transfer{}, "US", now, TransferMissing, "none"},
		{"USDPF", Transfer{Mechanism: "us_dpf"}, "US", now, TransferDPF, "us_dpf"},
		{"USDPFBeforeDecision", Transfer{Mechanism: "us_dpf"}, "US", day(2023, time.January, 1), TransferMissing, "none"},
		{"USSCC", Transfer{Mechanism: "scc_module_2"}, "US", now, TransferSafeguarded, "scc_module_2"},
		{"BCR", Transfer{Mechanism: "bcr"}, "IN", now, TransferSafeguarded, "bcr"},
		{"Derogation", Transfer{Mechanism: "derogation_49_1_b"}, "IN", now, TransferDerogation, "derogation_49_1_b"},
		{"BrazilUnconfirmed", Transfer{}, "BR", now, TransferUnconfirmed, ""},
		{"BrazilClaimedAdequate", Transfer{Mechanism: "adequacy"}, "BR", now, TransferUnconfirmed, "adequacy"},
		{"BrazilWithSCC", Transfer{Mechanism: "scc_module_2"}, "BR", now, TransferSafeguarded, "scc_module_2"},
		{"DeclaredNone", Transfer{Mechanism: "none"}, "CN", now, TransferMissing, "none"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckTransfer(tt.t, tt.country, tt.at)
			if got.Status != tt.status || got.Mechanism != tt.mechanism {
				t.Errorf("CheckTransfer = %s/%s, want %s/%s", got.Status, got.Mechanism, tt.status, tt.mechanism)
			}
		})
	}
}

func TestVendorTransfersSkipsEEA(t *testing.T) {
	v := &Vendor{ID: 3, Name: "V", Countries: []string{"FR", "DE", "NO", "US", "US"}, Transfers: []Transfer{{Country: "IN", Mechanism: "bcr"}}}
	ts := VendorTransfers(v, now)
	if len(ts) != 2 || ts[0].Country != "US" || ts[1].Country != "IN" {
		t.Fatalf("transfers = %+v, want US then IN", ts)
	}
	if ts[0].Recipient != "V" || ts[0].VendorID != 3 {
		t.Errorf("recipient = %q/%d", ts[0].Recipient, ts[0].VendorID)
	}
}

func TestActivityTransfersFollowSubProcessors(t *testing.T) {
	vendors := map[int64]*Vendor{
		1: {ID: 1, Name: "CRM", Countries: []string{"FR"}, SubProcessors: []int64{2}},
		2: {ID: 2, Name: "Cloud", Countries: []string{"US"}, Transfers: []Transfer{{Country: "US", Mechanism: "us_dpf"}}, SubProcessors: []int64{3, 1}},
		3: {ID: 3, Name: "Support", Countries: []string{"IN"}},
	}
	a := &Activity{Recipients: []Recipient{
		{Kind: "vendor", VendorID: 1},
		{Kind: "vendor", VendorID: 2}, // again, directly: listed once
		{Kind: "external", Name: "Partner", Country: "CA"},
		{Kind: "internal", Name: "Sales"},
	}}
	ts := ActivityTransfers(a, vendors, now)
	type row struct{ who, via, country, status string }
	var got []row
	for _, x := range ts {
		got = append(got, row{x.Recipient, x.Via, x.Country, x.Status})
	}
	want := []row{
		{"Cloud", "CRM", "US", TransferDPF},
		{"Support", "Cloud", "IN", TransferMissing},
		{"Partner", "", "CA", TransferAdequate},
	}
	if len(got) != len(want) {
		t.Fatalf("transfers = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("transfer %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
