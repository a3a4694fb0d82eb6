package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gdprkit/gdprkit/internal/campaign/campaigntest"
	"github.com/gdprkit/gdprkit/internal/mailer/mailtest"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// killRecipients is how many contacts the kill test sends to.
const killRecipients = 10000

// TestCampaignKilledSendsExactlyOnce runs `gdprkit campaign send` as a
// real process against an SMTP server living in this test process, kills
// it (SIGKILL) at random moments while it sends to 10,000 recipients,
// starts it again each time, and checks that every recipient received
// exactly one message, on SQLite and on PostgreSQL.
func TestCampaignKilledSendsExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a real campaign: skipped with -short")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			sink := mailtest.Start(t)
			k := newKillRun(t, exe, d, sink)
			k.run(t, "campaign", "create", "--name", "Kill test", "--rate", "0", "--domain-rate", "0", "--reminders", "")
			rnd := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 5)) //nolint:gosec // random kill moments, not a secret
			kills := 0
			for attempt := 0; attempt < 60 && sink.Count() < killRecipients; attempt++ {
				before := sink.Count()
				cmd := k.start(t, "campaign", "send", "1", "--yes")
				killMoment(rnd, sink, before)
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				cmd.Wait() //nolint:errcheck // killed on purpose
				if after := sink.Count(); after > before && after < killRecipients {
					kills++
				}
			}
			k.run(t, "campaign", "send", "1")
			if kills < 5 {
				t.Errorf("only %d kills landed while messages were going out: the test proved little", kills)
			}
			checkExactlyOnce(t, sink.Messages(), killRecipients)
			k.checkRows(t)
			t.Logf("%s: %d kills during sending, %d messages, %d SMTP sessions", d, kills, sink.Count(), sink.Sessions())
		})
	}
}

// killMoment waits for a random moment to kill a sender: usually once it
// has delivered a random number of messages (so kills land while mail goes
// out, however fast the machine), sometimes at a random time during its
// start, before or while it claims its first batch.
func killMoment(rnd *rand.Rand, sink *mailtest.Sink, before int) {
	if rnd.IntN(5) == 0 {
		time.Sleep(time.Duration(rnd.IntN(800)) * time.Millisecond)
		return
	}
	target := before + 1 + rnd.IntN(1500)
	for deadline := time.Now().Add(20 * time.Second); sink.Count() < target && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(time.Duration(rnd.IntN(20)) * time.Millisecond)
}

// killRun is a database with 10,000 contacts to ask, and the environment
// of the gdprkit processes sending to them.
type killRun struct {
	exe, dsn string
	env      []string
	log      string // the killed processes' standard error, for a failing run
}

func newKillRun(t *testing.T, exe, dialect string, sink *mailtest.Sink) *killRun {
	t.Helper()
	dsn := storetest.DSN(t, dialect)
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	campaigntest.Seed(t, st.Contacts, campaigntest.Many(killRecipients))
	st.Close()
	dir := t.TempDir()
	k := &killRun{exe: exe, dsn: dbFlag(dsn), log: filepath.Join(dir, "senders.log")}
	k.env = append(os.Environ(), "GDPRKIT_TEST_AS_CLI=1", "GDPRKIT_DATA_DIR="+dir, "GDPRKIT_SMTP_HOST="+sink.Host,
		"GDPRKIT_SMTP_PORT="+strconv.Itoa(sink.Port), "GDPRKIT_SMTP_TLS=none", "GDPRKIT_MAIL_FROM=Acme <news@acme.example>",
		"GDPRKIT_CONTROLLER_NAME=Acme SA", "GDPRKIT_PRIVACY_URL=https://acme.example/privacy", "GDPRKIT_BASE_URL=https://consent.acme.example",
		"GDPRKIT_CAMPAIGN_LEASE_SECONDS=3", "LANG=en_US.UTF-8")
	if err := os.MkdirAll(filepath.Join(dir, "campaign-journal"), 0o700); err != nil {
		t.Fatal(err)
	}
	return k
}

func (k *killRun) command(args ...string) *exec.Cmd {
	cmd := exec.Command(k.exe, append(args, "--database", k.dsn)...)
	cmd.Env = k.env
	return cmd
}

func (k *killRun) start(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := k.command(args...)
	f, err := os.OpenFile(k.log, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fmt.Fprintf(f, "=== %s\n", strings.Join(args, " "))
	cmd.Stderr = f
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd
}

func (k *killRun) run(t *testing.T, args ...string) {
	t.Helper()
	out, err := k.command(args...).CombinedOutput()
	if err != nil {
		killed, _ := os.ReadFile(k.log)
		t.Fatalf("gdprkit %s: %v\n%s\nkilled senders' output:\n%s", strings.Join(args, " "), err, out, killed)
	}
}

// checkExactlyOnce checks that each of n recipients got exactly one
// message.
func checkExactlyOnce(t *testing.T, msgs []mailtest.Message, n int) {
	t.Helper()
	got := map[string]int{}
	ids := map[string]string{}
	for _, m := range msgs {
		to := m.To[0]
		got[to]++
		id := m.Header().Get("Message-Id")
		if prev, ok := ids[to]; ok {
			t.Errorf("%s received a second message (Message-ID %s, first %s)", to, id, prev)
		}
		ids[to] = id
	}
	if len(got) != n || len(msgs) != n {
		t.Errorf("%d messages to %d recipients, want %d to %d", len(msgs), len(got), n, n)
	}
}

// checkRows checks that the database agrees: every message sent, none
// left in flight.
func (k *killRun) checkRows(t *testing.T) {
	t.Helper()
	st, err := store.Open(context.Background(), strings.TrimPrefix(k.dsn, "sqlite://"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var sent, other int
	if err := st.DB.QueryRow(context.Background(), `SELECT SUM(CASE WHEN state = 'sent' THEN 1 ELSE 0 END), SUM(CASE WHEN state <> 'sent' THEN 1 ELSE 0 END) FROM campaign_sends`).Scan(&sent, &other); err != nil {
		t.Fatal(err)
	}
	if sent != killRecipients || other != 0 {
		t.Errorf("campaign_sends: %d sent, %d in another state", sent, other)
	}
	rows, err := st.DB.Query(context.Background(), `SELECT recipient_id, attempts, reply FROM campaign_sends WHERE attempts > 1 ORDER BY recipient_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var attempts int
		var reply string
		if err := rows.Scan(&id, &attempts, &reply); err != nil {
			t.Fatal(err)
		}
		t.Logf("sent again after a kill: recipient %d, %d attempts, %s", id, attempts, reply)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}
