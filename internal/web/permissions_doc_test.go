package web

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/auth"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

var update = flag.Bool("update", false, "rewrite docs/permissions.md from the code")

// TestPermissionsDoc keeps docs/permissions.md equal to the permission
// matrix (package auth) and the routes that use it. Run with -update
// after changing either.
func TestPermissionsDoc(t *testing.T) {
	h := newHarness(t, storetest.Open(t, "sqlite"))
	got := permissionsDoc(h.srv.allRoutes())
	path := filepath.Join("..", "..", "docs", "permissions.md")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/web -run TestPermissionsDoc -update)", err)
	}
	if string(want) != got {
		t.Errorf("docs/permissions.md is out of date: run go test ./internal/web -run TestPermissionsDoc -update")
	}
}

func permissionsDoc(routes []route) string {
	var b strings.Builder
	b.WriteString("# Permissions\n\n")
	b.WriteString("<!-- Generated from internal/auth/permissions.go and the routes of internal/web by\n")
	b.WriteString("     `go test ./internal/web -run TestPermissionsDoc -update`. A test fails when they disagree. -->\n\n")
	b.WriteString("gdprkit has four roles, each allowed everything the one before is: **viewer**, **marketer**, **dpo**, **admin**. ")
	b.WriteString("Every page, form and API operation requires one permission of the matrix below. Personal API tokens act with the ")
	b.WriteString("token's role, capped by their owner's current role. `TestRouteRoleMatrix` requests every route below as every role ")
	b.WriteString("and as an anonymous visitor, on SQLite and PostgreSQL, and checks the answer.\n\n")
	b.WriteString("## Roles and permissions\n\n| Permission | What it allows |")
	for _, r := range auth.Roles {
		fmt.Fprintf(&b, " %s |", r)
	}
	b.WriteString("\n|---|---|" + strings.Repeat(":-:|", len(auth.Roles)) + "\n")
	for _, g := range auth.Matrix {
		fmt.Fprintf(&b, "| `%s` | %s |", g.Permission, g.Doc)
		for _, r := range auth.Roles {
			mark := "—"
			if auth.Can(r, g.Permission) {
				mark = "✓"
			}
			b.WriteString(" " + mark + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\nAnonymous visitors have `public` only. Denied page requests from anonymous visitors go to the login page; ")
	b.WriteString("denied API calls get 401; logged-in users without the permission get 403.\n")
	writeRoutes(&b, "Pages and forms", routes, false)
	writeRoutes(&b, "JSON API (/api/v1)", routes, true)
	return b.String()
}

func writeRoutes(b *strings.Builder, title string, routes []route, api bool) {
	fmt.Fprintf(b, "\n## %s\n\n| Method | Route | Permission |\n|---|---|---|\n", title)
	for _, rt := range routes {
		if strings.HasPrefix(rt.pattern, "/api/") == api {
			fmt.Fprintf(b, "| %s | `%s` | `%s` |\n", rt.method, rt.pattern, rt.perm)
		}
	}
	if api {
		b.WriteString("| GET | `/api/v1/openapi.json` | `public` |\n")
	}
}
