package sqlstore_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/gdprkit/gdprkit/internal/contacts"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// listFilters are one filter of each kind the list pages offer.
var listFilters = map[string]contacts.Filter{
	"default":          {},
	"next page":        {After: 5000},
	"status":           {Status: contacts.Weak},
	"status, next":     {Status: contacts.Weak, After: 5000},
	"re-permission":    {Status: contacts.FilterRepermission},
	"re-perm., next":   {Status: contacts.FilterRepermission, After: 5000},
	"re-perm., import": {Status: contacts.FilterRepermission, ImportID: 1},
	"channel":          {Channel: "web_form"},
	"no channel":       {Channel: contacts.ChannelNone},
	"purpose":          {Purpose: "sms_marketing"},
	"import":           {ImportID: 1},
	"address":          {Search: "marie.dupont"},
	"last name":        {Search: "Lefe"},
	"first name":       {Search: "emi", SearchIn: contacts.SearchFirstName},
	"address, next":    {Search: "marie.", After: -1},
	"last name, next":  {Search: "mar", After: -1},
}

// TestListPlans checks that every filter of the contact list is a range
// search of an index in the page's order: no table scan, no sort.
func TestListPlans(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		storetest.Seed(t, st.Contacts, 20000)
		analyze(t, st)
		cs := st.Web().Contacts
		for name, f := range listFilters {
			if f.After < 0 {
				// The cursor of a real next page.
				f.After, f.Limit = 0, 50
				page, err := cs.ListContacts(context.Background(), f)
				if err != nil || page.Next == 0 {
					t.Fatalf("%s: no second page (%v)", name, err)
				}
				f.After = page.Next
			}
			query, args, err := cs.ListSQL(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			plan := explain(t, st, query, args)
			if bad := badPlan(st, plan); bad != "" {
				t.Errorf("%s: %s in the plan:\n%s\n%s", name, bad, query, plan)
			}
		}
	})
}

func analyze(t *testing.T, st *store.Stores) {
	t.Helper()
	if _, err := st.DB.Write.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
}

func explain(t *testing.T, st *store.Stores, query string, args []any) string {
	t.Helper()
	prefix := `EXPLAIN QUERY PLAN `
	if st.PG != nil {
		prefix = `EXPLAIN (COSTS OFF) `
	}
	rows, err := st.DB.Read.Query(prefix+query, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, fmt.Sprint(vals[len(vals)-1]))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// badPlan names what must not be in a list page's plan.
func badPlan(st *store.Stores, plan string) string {
	bad := []string{"SCAN c\n", "SCAN contacts", "TEMP B-TREE"}
	if st.PG != nil {
		bad = []string{"Seq Scan", "Sort"}
	}
	for _, b := range bad {
		if strings.Contains(plan+"\n", b) {
			return strings.TrimSpace(b)
		}
	}
	return ""
}

func TestListContacts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		storetest.Seed(t, st.Contacts, 3000)
		cs := st.Web().Contacts
		ctx := context.Background()
		for name, f := range listFilters {
			f.Limit = 100
			if f.After < 0 {
				f.After = 0
			}
			seen := map[int64]bool{}
			for pages := 0; ; pages++ {
				page, err := cs.ListContacts(ctx, f)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				for _, c := range page.Contacts {
					if seen[c.ID] {
						t.Fatalf("%s: contact %d twice", name, c.ID)
					}
					seen[c.ID] = true
					if !matches(f, &c) {
						t.Errorf("%s: contact %d (%s %s %s) does not match", name, c.ID, c.Email, c.LastName, c.Status)
					}
				}
				if page.Next == 0 || pages > 100 {
					break
				}
				f.After = page.Next
			}
		}
	})
}

// matches re-checks a filter in Go.
func matches(f contacts.Filter, c *contacts.Contact) bool {
	switch {
	case f.Status == contacts.FilterRepermission:
		if !c.Status.NeedsRepermission() {
			return false
		}
	case f.Status != "" && c.Status != f.Status:
		return false
	}
	if f.Channel == "web_form" && c.ConsentChannel != "web_form" || f.Channel == contacts.ChannelNone && c.ConsentChannel != "" {
		return false
	}
	if f.Purpose != "" && !strings.Contains(c.Purposes, `"`+f.Purpose+`"`) {
		return false
	}
	switch f.Field() {
	case contacts.SearchEmail:
		return strings.HasPrefix(c.Key, strings.ToLower(f.Search))
	case contacts.SearchLastName:
		return strings.HasPrefix(sqlstore.Fold(c.LastName), sqlstore.Fold(f.Search))
	case contacts.SearchFirstName:
		return strings.HasPrefix(sqlstore.Fold(c.FirstName), sqlstore.Fold(f.Search))
	}
	return true
}

// TestFoldMatchesPostgres checks that Go's Fold and the database's
// gdprkit_fold agree, so name searches find what the index holds.
func TestFoldMatchesPostgres(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		for _, s := range []string{"Élodie", "ÉMILIE", "Lefèvre", "Müller", "Ñúñez", "Ørsted", "O'Brien", "Œuvre", "Zoë", "ÀÂÄ", "plain"} {
			var got string
			if err := st.DB.QueryRow(context.Background(), `SELECT gdprkit_fold(?)`, s).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if want := sqlstore.Fold(s); got != want {
				t.Errorf("gdprkit_fold(%q) = %q, Go Fold = %q", s, got, want)
			}
		}
	})
}
