package esp

import (
	"slices"
	"testing"
)

func TestTrimCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"alice@example.com", "alice@example.com"},
		{"  alice@example.com\t", "alice@example.com"},
		{"\u00a0alice@example.com\u200b\ufeff", "alice@example.com"},
		{"'+33 6 12 34 56 78", "+33 6 12 34 56 78"},
		{"'0612", "0612"},
		{"'=SUM(A1)", "=SUM(A1)"},
		{"'t Hooft", "'t Hooft"},
		{"'", "'"},
		{"''+1", "''+1"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := trimCell(tt.in); got != tt.want {
			t.Errorf("trimCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseBool(t *testing.T) {
	yes := []string{"1", "yes", "Y", "TRUE", "oui", "Vrai", "x", "Subscribed", "on"}
	no := []string{"0", "2", "no", "N", "False", "non", "FAUX", "off", "Unsubscribed", "Non-subscribed"}
	bad := []string{"", "maybe", "peut-être", "3", "this value is far too long to be a boolean"}
	for _, s := range yes {
		if v, ok := parseBool(s); !v || !ok {
			t.Errorf("parseBool(%q) = %v, %v; want true, true", s, v, ok)
		}
	}
	for _, s := range no {
		if v, ok := parseBool(s); v || !ok {
			t.Errorf("parseBool(%q) = %v, %v; want false, true", s, v, ok)
		}
	}
	for _, s := range bad {
		if _, ok := parseBool(s); ok {
			t.Errorf("parseBool(%q) ok, want not a boolean", s)
		}
	}
}

func TestAppendTags(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{`"Member","2025 waiver"`, []string{"Member", "2025 waiver"}},
		{`"Newsletter", "Webinar, 2023"`, []string{"Newsletter", "Webinar, 2023"}},
		{`"Say ""hi""","x"`, []string{`Say "hi"`, "x"}},
		{`vip, client ,`, []string{"vip", "client"}},
		{`vip;client`, []string{"vip", "client"}},
		{`vip|client`, []string{"vip", "client"}},
		{`"unclosed`, []string{"unclosed"}},
		{`""`, nil},
	}
	for _, tt := range tests {
		if got := appendTags(nil, tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("appendTags(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Marketing Information", "marketing_information"},
		{"  Événements & Salons 2024 ", "evenements_salons_2024"},
		{"One-to-One", "one_to_one"},
		{"email_marketing", "email_marketing"},
	}
	for _, tt := range tests {
		if got := slug(tt.in); got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
