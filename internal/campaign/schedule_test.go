package campaign

import (
	"testing"
	"time"
)

func TestSuperseded(t *testing.T) {
	launched := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	s := Settings{Reminders: []int{7, 14}, DeadlineDays: 30}
	at := func(days int) time.Time { return launched.Add(time.Duration(days) * day) }
	for _, tc := range []struct {
		name string
		step int
		now  time.Time
		want bool
	}{
		{"the request is never dropped", 0, at(20), false},
		{"first reminder on its day", 1, at(7), false},
		{"first reminder late, second not due", 1, at(13), false},
		{"first reminder late past the second's day", 1, at(14), true},
		{"last reminder has no later one", 2, at(20), false},
		{"after the deadline nothing is due", 1, at(31), false},
	} {
		if got := Superseded(launched, s, tc.step, tc.now); got != tc.want {
			t.Errorf("%s: Superseded(step %d) = %v, want %v", tc.name, tc.step, got, tc.want)
		}
	}
}
