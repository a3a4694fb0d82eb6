package chart

import (
	"math"
	"testing"
	"time"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		lang string
		v    float64
		want string
	}{
		{"en", 0, "0"},
		{"en", 999, "999"},
		{"en", 1234, "1,234"},
		{"fr", 1234, "1\u202f234"},
		{"en", 1234567.5, "1,234,567.5"},
		{"fr", 1234567.5, "1\u202f234\u202f567,5"},
		{"en", -1234, "-1,234"},
		{"en", 0.126, "0.13"},
		{"en", 2.001, "2"},
		{"en", 1e15, "1,000,000,000,000,000"},
		{"de", 1234, "1,234"},
		{"fr-FR", 1000, "1\u202f000"},
		{"en", math.NaN(), "—"},
		{"en", math.Inf(1), "—"},
	}
	for _, tt := range tests {
		if got := Number(tt.lang, tt.v); got != tt.want {
			t.Errorf("Number(%q, %v) = %q, want %q", tt.lang, tt.v, got, tt.want)
		}
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		lang  string
		share float64
		want  string
	}{
		{"en", 0, "0%"},
		{"en", 0.344, "34%"},
		{"fr", 0.345, "35\u202f%"},
		{"en", 1, "100%"},
		{"en", 0.001, "<1%"},
		{"fr", 0.001, "<1\u202f%"},
		{"en", 0.999, ">99%"},
	}
	for _, tt := range tests {
		if got := Percent(tt.lang, tt.share); got != tt.want {
			t.Errorf("Percent(%q, %v) = %q, want %q", tt.lang, tt.share, got, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	d := time.Date(2024, 3, 14, 23, 0, 0, 0, time.UTC)
	for lang, want := range map[string]string{"en": "14 March 2024", "fr": "14 mars 2024"} {
		if got := Date(lang, d); got != want {
			t.Errorf("Date(%q) = %q, want %q", lang, got, want)
		}
	}
}

func TestNiceAxis(t *testing.T) {
	tests := []struct {
		name   string
		values []float64
		want   []float64
	}{
		{"Empty", nil, []float64{0, 1}},
		{"Zeros", []float64{0, 0}, []float64{0, 1}},
		{"One", []float64{7}, []float64{0, 2, 4, 6, 8}},
		{"Counts", []float64{3}, []float64{0, 1, 2, 3}},
		{"Fractions", []float64{0.7}, []float64{0, 0.2, 0.4, 0.6000000000000001, 0.8}},
		{"Huge", []float64{1.2e12}, []float64{0, 5e11, 1e12, 1.5e12}},
		{"Negative", []float64{-30, 80}, []float64{-50, 0, 50, 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := niceAxis(tt.values, 5).ticks
			if len(got) != len(tt.want) {
				t.Fatalf("ticks = %v, want %v", got, tt.want)
			}
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > 1e-9*math.Max(1, math.Abs(tt.want[i])) {
					t.Fatalf("ticks = %v, want %v", got, tt.want)
				}
			}
		})
	}
}

func TestTimeTicks(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		lo, hi time.Time
		want   []string
	}{
		{"Days", day(2024, 3, 1), day(2024, 3, 4), []string{"1 Mar", "2 Mar", "3 Mar", "4 Mar"}},
		{"Weeks", day(2024, 3, 1), day(2024, 3, 31), []string{"4 Mar", "11 Mar", "18 Mar", "25 Mar"}},
		{"Months", day(2024, 1, 15), day(2024, 6, 1), []string{"Feb 2024", "Mar 2024", "Apr 2024", "May 2024", "Jun 2024"}},
		{"Years", day(2015, 6, 1), day(2024, 6, 1), []string{"2016", "2018", "2020", "2022", "2024"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, got := timeTicks(tt.lo, tt.hi, 5, "en")
			if len(got) != len(tt.want) {
				t.Fatalf("labels = %q, want %q", got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("labels = %q, want %q", got, tt.want)
				}
			}
		})
	}
}

func TestFit(t *testing.T) {
	tests := []struct {
		label string
		room  float64
		want  string
	}{
		{"short", 100, "short"},
		{"a rather long source name", 10 * charWidth, "a rather…"},
		{"éèàùç", 3 * charWidth, "éè…"},
		{"abc", 0, "a…"},
	}
	for _, tt := range tests {
		if got, _ := fit(tt.label, tt.room); got != tt.want {
			t.Errorf("fit(%q, %v) = %q, want %q", tt.label, tt.room, got, tt.want)
		}
	}
}
