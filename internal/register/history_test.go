package register

import (
	"slices"
	"sort"
	"testing"
)

func TestDiff(t *testing.T) {
	old := &Vendor{ID: 1, Name: "A", Category: "crm", Role: "processor", Countries: []string{"FR"}, Version: 3}
	upd := *old
	upd.Name, upd.Countries, upd.Version = "B", []string{"FR", "US"}, 4
	upd.Agreement.Signed = true
	fields, err := Diff(old, &upd)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if want := []string{"agreement", "countries", "name"}; !slices.Equal(keys, want) {
		t.Errorf("changed fields = %v, want %v (bookkeeping excluded)", keys, want)
	}
	if string(fields["name"].Old) != `"A"` || string(fields["name"].New) != `"B"` {
		t.Errorf("name change = %s → %s", fields["name"].Old, fields["name"].New)
	}

	created, err := Diff(nil, old)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := created["name"]; !ok || created["name"].Old != nil {
		t.Errorf("creation diff = %v", created)
	}
	if _, ok := created["own_purposes"]; ok {
		t.Error("empty values should not appear in a creation diff")
	}
	same, _ := Diff(old, old)
	if len(same) != 0 {
		t.Errorf("diff of equal values = %v", same)
	}
}

func TestResolveNewIDs(t *testing.T) {
	a := &Vendor{ID: 10, SubProcessors: []int64{-2, 5}}
	b := &Vendor{ID: 11}
	chs := []*Change{{Fields: map[string]FieldChange{"sub_processors": {New: []byte("[-2,5]")}}}, {}}
	if err := ResolveNewIDs([]*Vendor{a, b}, chs); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.SubProcessors, []int64{11, 5}) {
		t.Errorf("sub-processors = %v, want [11 5]", a.SubProcessors)
	}
	if string(chs[0].Fields["sub_processors"].New) != "[11,5]" || chs[0].EntityID != 10 || chs[1].EntityID != 11 {
		t.Errorf("changes = %+v %+v", chs[0], chs[1])
	}
}
