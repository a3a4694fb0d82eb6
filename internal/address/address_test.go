package address

import (
	"errors"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/locale"
)

// addr builds a local@domain address of exact lengths for the limit tests:
// the domain is made of 63-octet labels and ends in ".fr".
func addr(local, domain int) string {
	var labels []string
	rest := domain - len(".fr")
	for rest > 0 {
		n := min(rest, MaxLabel)
		if rest-n == 1 { // never leave a lone dot
			n--
		}
		labels = append(labels, strings.Repeat("d", n))
		rest -= n + 1
	}
	return strings.Repeat("a", local) + "@" + strings.Join(labels, ".") + ".fr"
}

// cjk returns n distinct CJK ideographs: a label whose A-label is long.
func cjk(n int) string {
	r := make([]rune, n)
	for i := range r {
		r[i] = rune(0x4e00 + 97*i)
	}
	return string(r)
}

func TestAddrHelper(t *testing.T) {
	for _, n := range []int{189, 190, 253, 254} {
		s := addr(1, n)
		if got := len(s) - 2; got != n {
			t.Errorf("addr(1, %d): domain is %d octets", n, got)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name      string
		in        string
		canonical string
		key       string
		variant   string
		flags     Flags
	}{
		{"Plain", "alice.martin@example.com", "alice.martin@example.com", "alice.martin@example.com", "", 0},
		{"UpperCaseDomain", "bob.dupont@EXAMPLE.ORG", "bob.dupont@example.org", "bob.dupont@example.org", "", 0},
		{"UpperCaseLocalKept", "Bob.Dupont@Example.org", "Bob.Dupont@example.org", "bob.dupont@example.org", "", 0},
		{"NBSPAround", "\u00a0claire.petit@example.com\u00a0", "claire.petit@example.com", "claire.petit@example.com", "", 0},
		{"ZeroWidthAndBOM", "\ufeff\u200bclaire@example.com\u200b", "claire@example.com", "claire@example.com", "", 0},
		{"TabsAndNewline", "\tclaire@example.com\r\n", "claire@example.com", "claire@example.com", "", 0},
		{"TrailingDotDomain", "claire@example.com.", "claire@example.com", "claire@example.com", "", 0},
		{"Mailto", "mailto:claire@example.com", "claire@example.com", "claire@example.com", "", 0},
		{"MailtoUpperWithQuery", "MAILTO:claire@example.com?subject=Bonjour", "claire@example.com", "claire@example.com", "", 0},
		{"QuestionMarkInLocal", "what?@example.com", "what?@example.com", "what?@example.com", "", 0},
		{"AngleBrackets", "<a@b.example>", "a@b.example", "a@b.example", "", 0},
		{"DisplayName", "Marie <marie@example.fr>", "marie@example.fr", "marie@example.fr", "", DisplayName},
		{"QuotedDisplayName", `"Dupont, Marie <RH>" <Marie@Example.fr>`, "Marie@example.fr", "marie@example.fr", "", DisplayName},
		{"DisplayNameMailto", "Marie <mailto:marie@example.fr>", "marie@example.fr", "marie@example.fr", "", DisplayName},
		{"QuotedLocal", `"john doe"@example.com`, `"john doe"@example.com`, `"john doe"@example.com`, "", QuotedLocal},
		{"QuotedLocalEscapes", `"a\"b@c"@Example.com`, `"a\"b@c"@example.com`, `"a\"b@c"@example.com`, "", QuotedLocal},
		{"SMTPUTF8", "Ñandú@example.com", "Ñandú@example.com", "ñandú@example.com", "", SMTPUTF8},
		{"IDN", "jean@müller.example", "jean@xn--mller-kva.example", "jean@xn--mller-kva.example", "", IDN},
		{"IDNUpperCase", "jean@MÜLLER.example", "jean@xn--mller-kva.example", "jean@xn--mller-kva.example", "", IDN},
		{"IDNDecomposed", "jean@mu\u0308ller.example", "jean@xn--mller-kva.example", "jean@xn--mller-kva.example", "", IDN},
		{"IDNAlreadyALabel", "jean@XN--MLLER-KVA.example", "jean@xn--mller-kva.example", "jean@xn--mller-kva.example", "", IDN},
		{"IDNJapanese", "a@例え.テスト", "a@xn--r8jz45g.xn--zckzah", "a@xn--r8jz45g.xn--zckzah", "", IDN},
		{"IDNIdeographicStop", "a@例え。テスト", "a@xn--r8jz45g.xn--zckzah", "a@xn--r8jz45g.xn--zckzah", "", IDN},
		{"FullWidthASCII", "a@ｅｘａｍｐｌｅ.com", "a@example.com", "a@example.com", "", 0},
		{"IDNBücher", "a@bücher.example", "a@xn--bcher-kva.example", "a@xn--bcher-kva.example", "", IDN},
		{"IDNMünchen", "a@münchen.de", "a@xn--mnchen-3ya.de", "a@xn--mnchen-3ya.de", "", IDN},
		{"IDNSharpSNonTransitional", "a@ß.de", "a@xn--zca.de", "a@xn--zca.de", "", IDN},
		{"IDNEmojiLookupProfile", "a@😀.fr", "a@xn--e28h.fr", "a@xn--e28h.fr", "", IDN},
		{"IDNFrench", "contact@société.fr", "contact@xn--socit-esab.fr", "contact@xn--socit-esab.fr", "", IDN | Role},
		{"Gmail", "Jean.Dupont+news@gmail.com", "Jean.Dupont+news@gmail.com", "jean.dupont+news@gmail.com", "jeandupont@gmail.com", 0},
		{"GoogleMail", "jeandupont@googlemail.com", "jeandupont@googlemail.com", "jeandupont@googlemail.com", "jeandupont@gmail.com", 0},
		{"GmailAlreadyBase", "jeandupont@gmail.com", "jeandupont@gmail.com", "jeandupont@gmail.com", "jeandupont@gmail.com", 0},
		{"OutlookPlus", "marie+promo@outlook.fr", "marie+promo@outlook.fr", "marie+promo@outlook.fr", "marie@outlook.fr", 0},
		{"OutlookDotsKept", "marie.x@outlook.fr", "marie.x@outlook.fr", "marie.x@outlook.fr", "marie.x@outlook.fr", 0},
		{"CustomDomainPlusKept", "marie+promo@example.fr", "marie+promo@example.fr", "marie+promo@example.fr", "", 0},
		{"Role", "Info@example.fr", "Info@example.fr", "info@example.fr", "", Role},
		{"RoleWithTag", "noreply+x@example.fr", "noreply+x@example.fr", "noreply+x@example.fr", "", Role},
		{"FormulaLikeIsLegal", "=cmd@example.com", "=cmd@example.com", "=cmd@example.com", "", 0},
		{"AllAtext", "!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com", "!#$%&'*+-/=?^_`{|}~@example.com", "", 0},
		{"DigitsInLabels", "a@123.example.fr", "a@123.example.fr", "a@123.example.fr", "", 0},
		{"Local64", strings.Repeat("a", 64) + "@example.com", strings.Repeat("a", 64) + "@example.com", strings.Repeat("a", 64) + "@example.com", "", 0},
		{"Length254", addr(64, 189), addr(64, 189), addr(64, 189), "", 0},
		{"Label63", "a@" + strings.Repeat("b", 63) + ".fr", "a@" + strings.Repeat("b", 63) + ".fr", "a@" + strings.Repeat("b", 63) + ".fr", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if a.Raw != tt.in {
				t.Errorf("Raw = %q, want %q", a.Raw, tt.in)
			}
			if a.Canonical != tt.canonical {
				t.Errorf("Canonical = %q, want %q", a.Canonical, tt.canonical)
			}
			if a.Key != tt.key {
				t.Errorf("Key = %q, want %q", a.Key, tt.key)
			}
			if a.Variant != tt.variant {
				t.Errorf("Variant = %q, want %q", a.Variant, tt.variant)
			}
			if a.Flags != tt.flags {
				t.Errorf("Flags = %v, want %v", a.Flags, tt.flags)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		code   string
		pos    int    // 0: no position
		detail string // a substring of Detail
	}{
		{"Empty", "", CodeEmpty, 0, "empty"},
		{"Blank", " \u00a0\t", CodeEmpty, 0, "empty"},
		{"EmptyBrackets", "Marie <>", CodeEmpty, 0, "empty"},
		{"MissingAt", "marie.example.fr", CodeBadSyntax, 0, "missing @"},
		{"NothingBeforeAt", "@example.fr", CodeBadSyntax, 1, "nothing before"},
		{"NothingAfterAt", "marie@", CodeBadSyntax, 6, "nothing after"},
		{"DoubleDot", "jean..dupont@example.fr", CodeBadSyntax, 6, "two dots"},
		{"LeadingDot", ".jean@example.fr", CodeBadSyntax, 1, "starts with a dot"},
		{"TrailingDotLocal", "jean.@example.fr", CodeBadSyntax, 5, "ends with a dot"},
		{"Space", "jean dupont@example.fr", CodeBadSyntax, 5, "space"},
		{"SpaceAfterNBSP", "\u00a0jean dupont@example.fr", CodeBadSyntax, 6, "space"},
		{"NBSPInside", "jean\u00a0dupont@example.fr", CodeBadSyntax, 5, "U+00A0"},
		{"ZeroWidthInside", "jean\u200bdupont@example.fr", CodeBadSyntax, 5, "U+200B"},
		{"Comma", "jean,dupont@example.fr", CodeBadSyntax, 5, "','"},
		{"TwoAddresses", "a@example.fr;b@example.fr", CodeBadSyntax, 2, "second @"},
		{"TwoAt", "a@b@example.fr", CodeBadSyntax, 2, "second @"},
		{"InvalidUTF8", "jean\xe9@example.fr", CodeBadSyntax, 5, "0xE9"},
		{"UnclosedQuote", `"john doe@example.com`, CodeBadSyntax, 1, "unclosed"},
		{"TextAfterQuote", `"john"doe@example.com`, CodeBadSyntax, 7, "after the closing quote"},
		{"EmptyQuoted", `""@example.com`, CodeBadSyntax, 1, "empty quoted"},
		{"QuoteInside", `jo"hn@example.com`, CodeBadSyntax, 3, `'"'`},
		{"UnmatchedBracket", "marie@example.fr>", CodeBadSyntax, 17, "'>'"},
		{"NoDot", "marie@localhost", CodeBadDomain, 0, "no dot"},
		{"NumericTLD", "marie@192.168.0.1", CodeBadDomain, 0, "numeric"},
		{"AddressLiteral", "marie@[192.0.2.1]", CodeBadDomain, 7, "literal"},
		{"HyphenStart", "marie@-example.fr", CodeBadDomain, 7, "starts with a hyphen"},
		{"HyphenEnd", "marie@example-.fr", CodeBadDomain, 14, "ends with a hyphen"},
		{"Underscore", "marie@ex_ample.fr", CodeBadSyntax, 9, "'_'"},
		{"SpaceInDomain", "marie@exa mple.fr", CodeBadSyntax, 10, "space in the domain"},
		{"DomainDoubleDot", "marie@example..fr", CodeBadSyntax, 15, "two dots"},
		{"DomainLeadingDot", "marie@.example.fr", CodeBadSyntax, 7, "starts with a dot"},
		{"BadPunycode", "marie@xn--zz.fr", CodeBadDomain, 7, "invalid internationalised"},
		{"PunycodeOfASCII", "marie@xn--abc-.fr", CodeBadDomain, 14, "ends with a hyphen"},
		{"LeadingCombiningMark", "marie@\u0301a.fr", CodeBadDomain, 0, "invalid internationalised domain"},
		{"ZeroWidthJoinerInDomain", "marie@a\u200db.fr", CodeBadDomain, 0, "invalid internationalised domain"},
		{"UnderscoreInIDN", "marie@x_é.fr", CodeBadDomain, 0, "U+005F"},
		{"Local65", strings.Repeat("a", 65) + "@example.com", CodeLocalTooLong, 0, "65 octets"},
		{"Local65Octets", strings.Repeat("é", 33) + "@example.com", CodeLocalTooLong, 0, "66 octets"},
		{"Label64", "a@" + strings.Repeat("b", 64) + ".fr", CodeLabelTooLong, 3, "64 octets"},
		{"IDNLabelTooLong", "a@" + strings.Repeat("é", 64) + ".fr", CodeLabelTooLong, 0, "octets"},
		{"IDNALabelTooLong", "a@" + cjk(30) + ".fr", CodeLabelTooLong, 0, "octets"},
		{"Domain254", addr(1, 254), CodeDomainTooLong, 0, "254 octets"},
		{"Length255", addr(64, 190), CodeTooLong, 0, "255 octets"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Parse(tt.in)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse(%q) = %+v, %v; want an *Error", tt.in, a, err)
			}
			if e.Code != tt.code {
				t.Errorf("Code = %q, want %q (%s)", e.Code, tt.code, e.Detail)
			}
			if e.Pos != tt.pos {
				t.Errorf("Pos = %d, want %d (%s)", e.Pos, tt.pos, e.Detail)
			}
			if !strings.Contains(e.Detail, tt.detail) {
				t.Errorf("Detail = %q, want it to contain %q", e.Detail, tt.detail)
			}
			if a.Raw != tt.in || a.Canonical != "" {
				t.Errorf("on error got %+v, want only Raw", a)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct{ in, want string }{
		{"marie@gmial.com", "marie@gmail.com"},
		{"marie@gmail.con", "marie@gmail.com"},
		{"marie@gmai.com", "marie@gmail.com"},
		{"marie@gmail.fr", "marie@gmail.com"},
		{"Marie@hotmial.fr", "Marie@hotmail.fr"},
		{"marie@orange.fe", "marie@orange.fr"},
		{"marie@wanado.fr", "marie@wanadoo.fr"},
		{"marie@gmail.com", ""},
		{"marie@mail.com", ""},   // a real provider, one edit from gmail.com
		{"marie@sft.fr", ""},     // sfr.fr is too short to guess
		{"marie@example.fr", ""}, // unknown domains are left alone
	}
	for _, tt := range tests {
		a, err := Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := Suggest(a); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := Suggest(Address{}); got != "" {
		t.Errorf("Suggest(zero) = %q, want empty", got)
	}
}

func TestFlagsString(t *testing.T) {
	if got, want := (IDN | Role | QuotedLocal).String(), "quoted_local|idn|role"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if !(IDN | Role).Has(Role) || Role.Has(IDN|Role) {
		t.Error("Has is wrong")
	}
}

// TestTranslations checks that every error code has a message, so the
// import report never shows a raw key.
func TestTranslations(t *testing.T) {
	c := locale.Shared()
	for _, code := range Codes {
		e := &Error{Code: code}
		for _, lang := range locale.Languages {
			if !c.Has(lang, e.Key()) {
				t.Errorf("no %s translation for %s", lang, e.Key())
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"alice.martin@example.com", " Bob@EXAMPLE.ORG. ", "Marie <marie@example.fr>",
		`"john doe"@example.com`, "jean@müller.example", "a@xn--mller-kva.example",
		"mailto:a@b.example?x", "Ñandú@例え.テスト", "a..b@c.d", "a@b", "jean+x@gmail.com",
		`"a\"b"@x.fr`, "a@ｅｘａｍｐｌｅ.com", "<\"<x>\"@y.fr>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code == "" || e.Detail == "" {
				t.Fatalf("Parse(%q): error %v is not a complete *Error", s, err)
			}
			return
		}
		if len(a.Canonical) > MaxLength {
			t.Errorf("Parse(%q).Canonical is %d octets", s, len(a.Canonical))
		}
		if k := strings.ToLower(a.Key); k != a.Key {
			t.Errorf("Parse(%q).Key = %q is not lower-case", s, a.Key)
		}
		b, err := Parse(a.Canonical)
		if err != nil {
			t.Fatalf("Parse(%q) ok with Canonical %q, which fails: %v", s, a.Canonical, err)
		}
		if b.Canonical != a.Canonical || b.Key != a.Key || b.Variant != a.Variant || b.Flags != a.Flags&^DisplayName {
			t.Errorf("not idempotent: Parse(%q) = %+v, Parse(Canonical) = %+v", s, a, b)
		}
	})
}

var sink Address

func BenchmarkParse(b *testing.B) {
	cases := []struct{ name, in string }{
		{"Canonical", "marie.dupont1234@orange.fr"},
		{"UpperCase", "Marie.Dupont1234@Orange.FR"},
		{"Gmail", "marie.dupont+news@gmail.com"},
		{"Spaces", " marie.dupont1234@orange.fr\u00a0"},
		{"IDN", "marie@société.fr"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				a, err := Parse(c.in)
				if err != nil {
					b.Fatal(err)
				}
				sink = a
			}
		})
	}
}
