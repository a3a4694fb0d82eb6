package campaign

import (
	"time"

	"github.com/gdprkit/gdprkit"
)

const day = 24 * time.Hour

// Deadline is when confirmations close: DeadlineDays after the launch.
func Deadline(launched time.Time, s Settings) time.Time {
	return launched.Add(time.Duration(s.DeadlineDays) * day)
}

// Steps is how many messages a recipient may get: the request and each
// reminder.
func Steps(s Settings) int { return 1 + len(s.Reminders) }

// StepAt is when step k goes out: the launch for the request (0), the
// reminder's day after the launch for the others. ok is false past the
// last step.
func StepAt(launched time.Time, s Settings, k int) (at time.Time, ok bool) {
	switch {
	case k == 0:
		return launched, true
	case k < 0 || k > len(s.Reminders):
		return time.Time{}, false
	}
	return launched.Add(time.Duration(s.Reminders[k-1]) * day), true
}

// StepDue reports whether step k may be written out at now: it exists, its
// day has come and the deadline has not passed.
func StepDue(launched time.Time, s Settings, k int, now time.Time) bool {
	at, ok := StepAt(launched, s, k)
	return ok && !now.Before(at) && now.Before(Deadline(launched, s))
}

// Superseded reports whether reminder k (k ≥ 1) should be dropped at now
// because the next reminder is due too: after an instance was down past
// two reminder days, only the later one goes, instead of both back to
// back. The request (step 0) is never dropped.
func Superseded(launched time.Time, s Settings, k int, now time.Time) bool {
	return k >= 1 && StepDue(launched, s, k+1, now)
}

// Limits of the settings.
const (
	MinDeadlineDays = 1
	MaxDeadlineDays = 365
	MaxReminders    = 5
)

// ValidateSettings reports the first impossible setting: reminders must
// fall strictly between the launch and the deadline, in order.
func ValidateSettings(s Settings) error {
	bad := func(key, detail string) error { return gdprkit.Errorf(gdprkit.EINVALID, key, nil, "%s", detail) }
	switch {
	case s.Language != "en" && s.Language != "fr":
		return bad("campaign.invalid.language", "default language must be en or fr")
	case s.DeadlineDays < MinDeadlineDays || s.DeadlineDays > MaxDeadlineDays:
		return bad("campaign.invalid.deadline", "deadline must be 1 to 365 days after the launch")
	case len(s.Reminders) > MaxReminders:
		return bad("campaign.invalid.reminders", "at most 5 reminders")
	case s.RatePerSecond < 0 || s.DomainPerMinute < 0:
		return bad("campaign.invalid.rate", "rates cannot be negative")
	}
	prev := 0
	for _, d := range s.Reminders {
		if d <= prev || d >= s.DeadlineDays {
			return bad("campaign.invalid.reminders", "reminder days must increase and fall before the deadline")
		}
		prev = d
	}
	if s.Policy != nil && !httpURL(s.Policy.URL) {
		return bad("campaign.invalid.policy_url", "the privacy policy update needs the policy's address (http or https)")
	}
	return nil
}
