package auth

import (
	"context"
	"strings"
	"testing"
)

var testParams = Params{Memory: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashVerify(t *testing.T) {
	h := NewHasher(testParams)
	ctx := context.Background()
	phc, err := h.Hash(ctx, "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(phc, "$argon2id$v=19$m=1024,t=1,p=1$") {
		t.Errorf("PHC string %q", phc)
	}
	other, _ := h.Hash(ctx, "correct horse battery staple")
	if other == phc {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, tt := range []struct {
		password string
		ok       bool
	}{{"correct horse battery staple", true}, {"correct horse battery stapl", false}, {"", false}} {
		ok, rehash, err := h.Verify(ctx, phc, tt.password)
		if err != nil || ok != tt.ok || rehash {
			t.Errorf("Verify(%q) = %v, %v, %v; want %v, false, nil", tt.password, ok, rehash, err, tt.ok)
		}
	}
}

func TestRehashWhenParamsChange(t *testing.T) {
	ctx := context.Background()
	old, _ := NewHasher(testParams).Hash(ctx, "pw pw pw pw pw")
	p := testParams
	p.Time = 2
	ok, rehash, err := NewHasher(p).Verify(ctx, old, "pw pw pw pw pw")
	if !ok || !rehash || err != nil {
		t.Errorf("Verify with new params = %v, %v, %v; want true, true, nil", ok, rehash, err)
	}
	if _, rehash, _ := NewHasher(p).Verify(ctx, old, "wrong"); rehash {
		t.Error("a wrong password asks for a rehash")
	}
}

func TestDecodePHC(t *testing.T) {
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AAAA$AAAA", "$argon2id$v=18$m=1,t=1,p=1$AAAA$AAAA",
		"$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA", "$argon2id$v=19$m=1,t=1,p=1$!!$AAAA", "plain"} {
		if _, _, _, err := decodePHC(bad); err == nil {
			t.Errorf("decodePHC(%q) accepted", bad)
		}
	}
}

func TestDefaultParamsAreTheStacks(t *testing.T) {
	if DefaultParams.Memory != 64*1024 || DefaultParams.Time != 3 || DefaultParams.Threads != 2 || DefaultParams.SaltLen != 16 {
		t.Errorf("DefaultParams = %+v, want m=64 MiB, t=3, p=2, 16-byte salt (stack.md §3.9)", DefaultParams)
	}
}

func TestCheckPassword(t *testing.T) {
	for _, tt := range []struct {
		pw, email string
		ok        bool
	}{
		{"short", "a@b.c", false},
		{"twelve chars", "a@b.c", true},
		{"Ada@Example.com", "ada@example.com", false},
		{strings.Repeat("é", 12), "a@b.c", true},
		{strings.Repeat("x", 1025), "a@b.c", false},
	} {
		if err := CheckPassword(tt.pw, tt.email); (err == nil) != tt.ok {
			t.Errorf("CheckPassword(%q) = %v, want ok %v", tt.pw, err, tt.ok)
		}
	}
}

func TestRoles(t *testing.T) {
	if Admin.AtMost(Viewer) != Viewer || Viewer.AtMost(Admin) != Viewer || DPO.AtMost(DPO) != DPO {
		t.Error("AtMost does not give the lesser role")
	}
	if r, ok := ParseRole(" DPO "); !ok || r != DPO {
		t.Errorf("ParseRole = %q %v", r, ok)
	}
	if _, ok := ParseRole("root"); ok {
		t.Error("ParseRole accepted root")
	}
}

// TestMatrixIsMonotonic checks that each role may do everything the one
// before it may, as the documentation says.
func TestMatrixIsMonotonic(t *testing.T) {
	for _, g := range Matrix {
		for i := 1; i < len(Roles); i++ {
			if Can(Roles[i-1], g.Permission) && !Can(Roles[i], g.Permission) {
				t.Errorf("%s may %s but %s may not", Roles[i-1], g.Permission, Roles[i])
			}
		}
		if g.Permission != Public && Can("", g.Permission) {
			t.Errorf("anonymous may %s", g.Permission)
		}
	}
	if Can(Viewer, ImportsCreate) || Can(Marketer, AuditView) || Can(DPO, UsersManage) {
		t.Error("a role has a permission it must not have")
	}
}
