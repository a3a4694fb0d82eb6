package chart

import (
	"math"
	"time"
)

// linear maps values of [lo, hi] onto pixels [a, b].
type linear struct{ lo, hi, a, b float64 }

func (s linear) at(v float64) float64 {
	return s.a + (v-s.lo)/(s.hi-s.lo)*(s.b-s.a)
}

// axis is a value range rounded outwards to nice ticks.
type axis struct {
	lo, hi   float64
	ticks    []float64
	decimals int // digits after the decimal mark in tick labels
}

// niceAxis returns an axis covering 0 and every value, with at most about
// n ticks on a 1-2-5 step: 0, 200, 400… or 0, 0.5, 1… Counts (whole values)
// never get a step below 1.
func niceAxis(values []float64, n int) axis {
	lo, hi, whole := 0.0, 0.0, true
	for _, v := range values {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
		whole = whole && v == math.Trunc(v)
	}
	if hi == lo {
		hi = lo + 1
	}
	step := niceStep((hi - lo) / float64(max(n, 1)))
	if whole {
		step = math.Max(step, 1)
	}
	first, last := math.Floor(lo/step), math.Ceil(hi/step)
	ax := axis{lo: first * step, hi: last * step}
	for k := first; k <= last; k++ {
		ax.ticks = append(ax.ticks, k*step)
	}
	if step < 1 {
		ax.decimals = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	return ax
}

// niceStep rounds raw up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return 1
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	switch f := raw / mag; {
	case f <= 1:
		return mag
	case f <= 2:
		return 2 * mag
	case f <= 5:
		return 5 * mag
	}
	return 10 * mag
}

// finite replaces NaN and infinities by zero, so one bad value cannot
// break a whole chart.
func finite(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	return v
}

// timeStep is one candidate spacing of date ticks.
type timeStep struct {
	days, months, years int
}

var timeSteps = []timeStep{
	{days: 1}, {days: 2}, {days: 7}, {days: 14},
	{months: 1}, {months: 2}, {months: 3}, {months: 6},
	{years: 1}, {years: 2}, {years: 5}, {years: 10}, {years: 20}, {years: 50}, {years: 100},
}

// timeTicks returns at most n ticks between lo and hi on the first step
// that fits: days, weeks (Mondays), months or years, in UTC, and a
// label for each.
func timeTicks(lo, hi time.Time, n int, lang string) ([]time.Time, []string) {
	lo, hi = lo.UTC(), hi.UTC()
	for _, st := range timeSteps {
		ticks := st.between(lo, hi)
		if len(ticks) <= n || st.years == 100 {
			labels := make([]string, len(ticks))
			for i, t := range ticks {
				labels[i] = st.label(lang, t)
			}
			return ticks, labels
		}
	}
	return nil, nil
}

// between lists the aligned ticks of the step within [lo, hi]: day counts
// divisible by the step, Mondays for weeks, months and years divisible by
// the step.
func (st timeStep) between(lo, hi time.Time) []time.Time {
	var out []time.Time
	t := time.Date(lo.Year(), lo.Month(), lo.Day(), 0, 0, 0, 0, time.UTC)
	if st.days == 0 {
		t = time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	if st.years > 0 {
		t = time.Date(lo.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	for ; !t.After(hi); t = st.next(t) {
		if !t.Before(lo) && st.aligned(t) {
			out = append(out, t)
		}
		if len(out) > 1000 { // the caller will take a larger step
			break
		}
	}
	return out
}

func (st timeStep) next(t time.Time) time.Time {
	switch {
	case st.days > 0:
		return t.AddDate(0, 0, 1)
	case st.months > 0:
		return t.AddDate(0, 1, 0)
	}
	return t.AddDate(1, 0, 0)
}

func (st timeStep) aligned(t time.Time) bool {
	switch {
	case st.days == 7:
		return t.Weekday() == time.Monday
	case st.days == 14:
		return t.Weekday() == time.Monday && (t.Unix()/86400/7)%2 == 0
	case st.days > 0:
		return (t.Unix()/86400)%int64(st.days) == 0
	case st.months > 0:
		return (int(t.Month())-1)%st.months == 0
	}
	return t.Year()%st.years == 0
}

func (st timeStep) label(lang string, t time.Time) string {
	switch {
	case st.days > 0:
		return dayLabel(lang, t)
	case st.months > 0:
		return monthLabel(lang, t)
	}
	return itoa(t.Year())
}
