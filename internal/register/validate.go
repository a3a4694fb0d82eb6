package register

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/gdprkit/gdprkit"
)

// Limits on free text, so a form or an imported sheet cannot store
// megabytes in a cell.
const (
	maxName = 200
	maxText = 4000
)

// invalid returns the EINVALID error a form shows next to field. Every
// validation error carries the field, so the web layer can place it.
func invalid(key, field string, args map[string]any) error {
	if args == nil {
		args = map[string]any{}
	}
	args["Field"] = field
	return gdprkit.Errorf(gdprkit.EINVALID, key, args, "register: %s: %s", field, key)
}

// firstError returns the first non-nil error: validators list their checks
// in the order of the form, so the first problem shown is the first on
// screen.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func checkRequired(field, s string) error {
	if strings.TrimSpace(s) == "" {
		return invalid("register.error.required", field, nil)
	}
	return checkLen(field, s, maxName)
}

func checkLen(field, s string, max int) error {
	if utf8.RuneCountInString(s) > max {
		return invalid("register.error.too_long", field, map[string]any{"Max": max})
	}
	return nil
}

func checkTexts(field string, ss ...string) error {
	for _, s := range ss {
		if err := checkLen(field, s, maxText); err != nil {
			return err
		}
	}
	return nil
}

// checkKey accepts an empty value or one of allowed.
func checkKey(field, v string, allowed Keys) error {
	if v == "" || allowed.Has(v) {
		return nil
	}
	return invalid("register.error.unknown_value", field, map[string]any{"Value": v})
}

func checkKeys(field string, vs []string, allowed Keys) error {
	for _, v := range vs {
		if v == "" {
			return invalid("register.error.unknown_value", field, map[string]any{"Value": v})
		}
		if err := checkKey(field, v, allowed); err != nil {
			return err
		}
	}
	return nil
}

// ValidCountry reports whether c is an ISO 3166-1 alpha-2 country code in
// upper case ("FR", "US"). Regions such as "EU" or "419" are refused: a
// transfer goes to a country.
func ValidCountry(c string) bool {
	if len(c) != 2 || strings.ToUpper(c) != c {
		return false
	}
	r, err := language.ParseRegion(c)
	return err == nil && r.IsCountry()
}

func checkCountry(field, c string) error {
	if c == "" || ValidCountry(c) {
		return nil
	}
	return invalid("register.error.country", field, map[string]any{"Value": c})
}

func checkCountries(field string, cs []string) error {
	for _, c := range cs {
		if !ValidCountry(c) {
			return invalid("register.error.country", field, map[string]any{"Value": c})
		}
	}
	return nil
}

func (p Party) validate(field string) error {
	return firstError(
		checkLen(field, p.LastName, maxName), checkLen(field, p.FirstName, maxName), checkLen(field, p.Company, maxName),
		checkTexts(field, p.Address, p.PostCode, p.City, p.Phone, p.Email),
		checkCountry(field, p.Country),
	)
}

// Validate checks page 1 of the register.
func (o *Organisation) Validate() error {
	return firstError(
		checkLen("name", o.Name, maxName),
		o.Controller.validate("controller"),
		o.Representative.validate("representative"),
		o.DPO.validate("dpo"),
		checkRange("review_months", o.ReviewMonths, 0, 120),
	)
}

func checkRange(field string, n, lo, hi int) error {
	if n < lo || n > hi {
		return invalid("register.error.range", field, map[string]any{"Min": lo, "Max": hi})
	}
	return nil
}
