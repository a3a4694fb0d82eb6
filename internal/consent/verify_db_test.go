package consent_test

import (
	"context"
	"slices"
	"testing"

	"github.com/gdprkit/gdprkit/internal/consent"
	"github.com/gdprkit/gdprkit/internal/store"
	"github.com/gdprkit/gdprkit/internal/store/storetest"
)

// where names the first bad item a tampering must be reported at.
type where struct {
	seq, event int64
	kinds      []string
}

func at(seq, event int64, kinds ...string) where { return where{seq, event, kinds} }

// tampering is one change an attacker with SQL access makes.
type tampering struct {
	name   string
	sqlite bool // only SQLite can store a value of the wrong type
	tamper func(t *testing.T, st *store.Stores) where
}

var tamperings = []tampering{
	{name: "UpdatePurpose", tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 1)[5]
		exec(t, st, `UPDATE consent_events SET purpose = 'sms_marketing' WHERE id = ?`, k)
		return at(1, k, consent.ProblemEventChanged)
	}},
	{name: "UpdateAction", tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 2)[3]
		exec(t, st, `UPDATE consent_events SET action = 'confirmation' WHERE id = ?`, k)
		return at(2, k, consent.ProblemEventChanged)
	}},
	{name: "UpdateOccurredAt", tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 1)[7]
		exec(t, st, `UPDATE consent_events SET occurred_at = occurred_at - 86400000 WHERE id = ?`, k)
		return at(1, k, consent.ProblemEventChanged)
	}},
	{name: "UpdateChannel", tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 1)[2]
		exec(t, st, `UPDATE consent_events SET channel = 'web_form' WHERE id = ?`, k)
		return at(1, k, consent.ProblemEventChanged)
	}},
	{name: "UpdateLegalBasis", tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 3)[1]
		exec(t, st, `UPDATE consent_events SET legal_basis = 'contract' WHERE id = ?`, k)
		return at(3, k, consent.ProblemEventChanged)
	}},
	{name: "UpdateSubject", tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 1)[4]
		exec(t, st, `UPDATE consent_events SET subject = 'someone.else@example.com' WHERE id = ?`, k)
		return at(1, k, consent.ProblemPersonalChanged)
	}},
	{name: "UpdateIP", tamper: func(t *testing.T, st *store.Stores) where {
		k := firstWith(t, st, `ip IS NOT NULL`)
		exec(t, st, `UPDATE consent_events SET ip = '198.51.100.99' WHERE id = ?`, k.id)
		return at(k.seq, k.id, consent.ProblemPersonalChanged)
	}},
	{name: "UpdateDetail", tamper: func(t *testing.T, st *store.Stores) where {
		k := firstWith(t, st, `detail IS NOT NULL`)
		exec(t, st, `UPDATE consent_events SET detail = '{}' WHERE id = ?`, k.id)
		return at(k.seq, k.id, consent.ProblemPersonalChanged)
	}},
	{name: "UpdateSalt", tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 2)[0]
		exec(t, st, `UPDATE consent_events SET salt = ? WHERE id = ?`, make([]byte, 16), k)
		return at(2, k, consent.ProblemPersonalChanged)
	}},
	{name: "UpdateCommitment", tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 1)[9]
		exec(t, st, `UPDATE consent_events SET commitment = ? WHERE id = ?`, make([]byte, 32), k)
		return at(1, k, consent.ProblemCommitmentChanged)
	}},
	{name: "UpdateHash", tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 1)[10]
		exec(t, st, `UPDATE consent_events SET hash = ? WHERE id = ?`, make([]byte, 32), k)
		return at(1, k, consent.ProblemEventHash)
	}},
	{name: "UpdateLastHash", tamper: func(t *testing.T, st *store.Stores) where {
		ids := eventIDs(t, st, 2)
		k := ids[len(ids)-1]
		exec(t, st, `UPDATE consent_events SET hash = ? WHERE id = ?`, make([]byte, 32), k)
		return at(2, k, consent.ProblemEventHash)
	}},
	{name: "MoveToAnotherContact", tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 1)[6]
		exec(t, st, `UPDATE consent_events SET contact_id = (SELECT MAX(id) FROM contacts) WHERE id = ?`, k)
		return at(1, k, consent.ProblemSubjectMoved)
	}},
	{name: "DeleteMiddle", tamper: func(t *testing.T, st *store.Stores) where {
		ids := eventIDs(t, st, 1)
		exec(t, st, `DELETE FROM consent_events WHERE id = ?`, ids[8])
		return at(1, ids[9], consent.ProblemEventsDeleted)
	}},
	{name: "DeleteFirst", tamper: func(t *testing.T, st *store.Stores) where {
		ids := eventIDs(t, st, 2)
		exec(t, st, `DELETE FROM consent_events WHERE id = ?`, ids[0])
		return at(2, ids[1], consent.ProblemEventChanged)
	}},
	{name: "DeleteLast", tamper: func(t *testing.T, st *store.Stores) where {
		ids := eventIDs(t, st, 1)
		exec(t, st, `DELETE FROM consent_events WHERE id = ?`, ids[len(ids)-1])
		return at(1, 0, consent.ProblemBlockTail)
	}},
	{name: "DeleteAllEventsOfBlock", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `DELETE FROM consent_events WHERE block_id = ?`, blockID(t, st, 2))
		return at(2, 0, consent.ProblemBlockTail)
	}},
	{name: "InsertMiddle", tamper: func(t *testing.T, st *store.Stores) where {
		ids := eventIDs(t, st, 1)
		exec(t, st, `UPDATE consent_events SET id = id + 100000 WHERE block_id = ? AND id > ?`, blockID(t, st, 1), ids[11])
		copyEvent(t, st, ids[3], ids[11]+1, blockID(t, st, 1))
		return at(1, ids[11]+1, consent.ProblemEventInserted)
	}},
	{name: "InsertAtEnd", tamper: func(t *testing.T, st *store.Stores) where {
		ids := eventIDs(t, st, 3)
		copyEvent(t, st, ids[0], 200000, blockID(t, st, 3))
		return at(3, 200000, consent.ProblemEventInserted)
	}},
	{name: "Swap", tamper: func(t *testing.T, st *store.Stores) where {
		ids := eventIDs(t, st, 1)
		a, b := ids[12], ids[13]
		exec(t, st, `UPDATE consent_events SET id = -1 WHERE id = ?`, a)
		exec(t, st, `UPDATE consent_events SET id = ? WHERE id = ?`, a, b)
		exec(t, st, `UPDATE consent_events SET id = ? WHERE id = -1`, b)
		return at(1, a, consent.ProblemEventsSwapped)
	}},
	{name: "MoveToAnotherBlock", tamper: func(t *testing.T, st *store.Stores) where {
		ids := eventIDs(t, st, 1)
		exec(t, st, `UPDATE consent_events SET block_id = ? WHERE id = ?`, blockID(t, st, 3), ids[14])
		return at(1, ids[15], consent.ProblemEventsDeleted)
	}},
	{name: "OrphanEvent", tamper: func(t *testing.T, st *store.Stores) where {
		ids := eventIDs(t, st, 1)
		copyEvent(t, st, ids[0], 300000, 999999)
		return at(0, 300000, consent.ProblemOrphanEvent)
	}},
	{name: "BlockCreatedAt", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `UPDATE ledger_blocks SET created_at = created_at + 1 WHERE seq = 2`)
		return at(2, 0, consent.ProblemBlockChanged)
	}},
	{name: "BlockActor", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `UPDATE ledger_blocks SET actor = 'user:mallory' WHERE seq = 1`)
		return at(1, 0, consent.ProblemBlockChanged)
	}},
	{name: "BlockImportID", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `UPDATE ledger_blocks SET import_id = NULL WHERE seq = 3`)
		return at(3, 0, consent.ProblemBlockChanged)
	}},
	{name: "BlockEventCount", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `UPDATE ledger_blocks SET events = events + 1 WHERE seq = 2`)
		return at(2, 0, consent.ProblemBlockChanged)
	}},
	{name: "BlockDigest", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `UPDATE ledger_blocks SET digest = ? WHERE seq = 2`, make([]byte, 32))
		return at(2, 0, consent.ProblemBlockChanged)
	}},
	{name: "BlockHash", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `UPDATE ledger_blocks SET hash = ? WHERE seq = 1`, make([]byte, 32))
		return at(1, 0, consent.ProblemBlockChanged)
	}},
	{name: "BlockPrevHash", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `UPDATE ledger_blocks SET prev_hash = ? WHERE seq = 2`, make([]byte, 32))
		return at(2, 0, consent.ProblemBlockChanged, consent.ProblemBlockLink)
	}},
	{name: "BlockSeq", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `UPDATE ledger_blocks SET seq = 7 WHERE seq = 2`)
		return at(2, 0, consent.ProblemBlockMissing)
	}},
	{name: "DeleteBlock", tamper: func(t *testing.T, st *store.Stores) where {
		id := blockID(t, st, 2)
		exec(t, st, `DELETE FROM consent_events WHERE block_id = ?`, id)
		exec(t, st, `DELETE FROM ledger_blocks WHERE id = ?`, id)
		return at(2, 0, consent.ProblemBlockMissing)
	}},
	{name: "DeleteBlockRowOnly", tamper: func(t *testing.T, st *store.Stores) where {
		id := blockID(t, st, 2)
		exec(t, st, `DELETE FROM ledger_blocks WHERE id = ?`, id)
		return at(2, 0, consent.ProblemBlockMissing)
	}},
	{name: "UnsealedBlock", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `INSERT INTO ledger_blocks (created_at, actor) VALUES (1, 'user:mallory')`)
		return at(0, 0, consent.ProblemBlockUnsealed)
	}},
	{name: "TruncateTail", tamper: func(t *testing.T, st *store.Stores) where {
		id := blockID(t, st, 3)
		exec(t, st, `DELETE FROM consent_events WHERE block_id = ?`, id)
		exec(t, st, `DELETE FROM ledger_blocks WHERE id = ?`, id)
		return at(3, 0, consent.ProblemHead)
	}},
	{name: "TruncateTailAndHead", tamper: func(t *testing.T, st *store.Stores) where {
		id := blockID(t, st, 3)
		exec(t, st, `DELETE FROM consent_events WHERE block_id = ?`, id)
		exec(t, st, `DELETE FROM ledger_blocks WHERE id = ?`, id)
		exec(t, st, `UPDATE ledger_head SET seq = 2, hash = (SELECT hash FROM ledger_blocks WHERE seq = 2) WHERE id = 1`)
		return at(3, 0, consent.ProblemCheckpointMismatch)
	}},
	{name: "RewriteAfterPoint", tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 2)[2]
		exec(t, st, `UPDATE consent_events SET purpose = 'partner_offers' WHERE id = ?`, k)
		rechain(t, st, 2)
		return at(2, 0, consent.ProblemCheckpointMismatch)
	}},
	{name: "HeadSeq", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `UPDATE ledger_head SET seq = seq - 1 WHERE id = 1`)
		return at(3, 0, consent.ProblemHead)
	}},
	{name: "HeadHash", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `UPDATE ledger_head SET hash = ? WHERE id = 1`, make([]byte, 32))
		return at(3, 0, consent.ProblemHead)
	}},
	{name: "HeadDeleted", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `DELETE FROM ledger_head`)
		return at(3, 0, consent.ProblemHead)
	}},
	{name: "BlockAfterHead", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `INSERT INTO ledger_blocks (created_at, actor, seq, events, digest, prev_hash, hash)
			SELECT created_at, actor, 4, 0, ?, hash, hash FROM ledger_blocks WHERE seq = 3`, make([]byte, 32))
		return at(4, 0, consent.ProblemBlockChanged, consent.ProblemHead)
	}},
	{name: "CheckpointForged", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `INSERT INTO ledger_checkpoints (id, seq, hash, events, created_at, key_id, signature)
			SELECT 4, seq, hash, events, created_at + 1, key_id, signature FROM ledger_checkpoints WHERE id = 3`)
		return at(3, 0, consent.ProblemCheckpointSignature)
	}},
	{name: "CheckpointChanged", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `UPDATE ledger_checkpoints SET events = events + 1 WHERE id = 2`)
		return at(2, 0, consent.ProblemCheckpointSignature)
	}},
	{name: "CheckpointDeleted", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `DELETE FROM ledger_checkpoints WHERE id = 2`)
		return at(3, 0, consent.ProblemCheckpointMissing)
	}},
	{name: "PartialErasure", tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 1)[3]
		exec(t, st, `UPDATE consent_events SET salt = NULL WHERE id = ?`, k)
		return at(1, k, consent.ProblemPartlyErased)
	}},
	{name: "WrongType", sqlite: true, tamper: func(t *testing.T, st *store.Stores) where {
		k := eventIDs(t, st, 1)[2]
		exec(t, st, `UPDATE consent_events SET occurred_at = 'yesterday' WHERE id = ?`, k)
		return at(1, k, consent.ProblemMalformed)
	}},
	{name: "TwoChangesFirstNamed", tamper: func(t *testing.T, st *store.Stores) where {
		exec(t, st, `UPDATE consent_events SET purpose = 'x' WHERE id = ?`, eventIDs(t, st, 3)[1])
		k := eventIDs(t, st, 2)[1]
		exec(t, st, `UPDATE consent_events SET purpose = 'x' WHERE id = ?`, k)
		return at(2, k, consent.ProblemEventChanged)
	}},
}

// TestVerifyDetectsTampering changes the ledger tables directly, one way
// per case, on both databases, and checks that verification names the
// first bad item.
func TestVerifyDetectsTampering(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		key := testKey(t)
		seedLedger(t, st, key)
		base := snapshotDB(t, st)
		if r := verify(t, ledgerOf(t, st, key)); !r.OK() {
			t.Fatalf("untouched ledger: %v", r.First())
		}
		for _, tc := range tamperings {
			t.Run(tc.name, func(t *testing.T) {
				if tc.sqlite && st.PG != nil {
					t.Skip("PostgreSQL columns are typed")
				}
				restoreDB(t, st, base)
				want := tc.tamper(t, st)
				r := verify(t, ledgerOf(t, st, key))
				if r.OK() {
					t.Fatalf("tampering not detected")
				}
				got := r.First()
				if got.Seq != want.seq || got.EventID != want.event || !slices.Contains(want.kinds, got.Kind) {
					t.Errorf("first problem = %s %q (block %d, event %d), want %v at block %d, event %d\nall: %v",
						got.Kind, got.Detail, got.Seq, got.EventID, want.kinds, want.seq, want.event, r.Problems)
				}
			})
		}
	})
}

func TestVerifyErasure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		key := testKey(t)
		seedLedger(t, st, key)
		ids := eventIDs(t, st, 1)
		exec(t, st, `UPDATE consent_events SET subject = NULL, ip = NULL, user_agent = NULL, detail = NULL, salt = NULL, contact_id = NULL WHERE id IN (?, ?)`, ids[1], ids[2])
		r := verify(t, ledgerOf(t, st, key))
		if !r.OK() {
			t.Fatalf("erased ledger: %v", r.Problems)
		}
		if r.Erased != 2 || !slices.Equal(r.ErasedIDs, ids[1:3]) {
			t.Errorf("erased = %d %v, want 2 %v", r.Erased, r.ErasedIDs, ids[1:3])
		}
		if r.Checkpoints != 3 || r.Latest == nil || r.Latest.Seq != 3 {
			t.Errorf("checkpoints = %d, latest %+v, want 3 up to block 3", r.Checkpoints, r.Latest)
		}
	})
}

// TestVerifyRewriteWithoutCheckpoint documents the limit of a keyless
// chain: a ledger rewritten consistently verifies when no checkpoint
// signed its earlier state.
func TestVerifyRewriteWithoutCheckpoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		seedLedger(t, st, nil)
		exec(t, st, `UPDATE consent_events SET purpose = 'partner_offers' WHERE id = ?`, eventIDs(t, st, 2)[2])
		rechain(t, st, 2)
		if r := verify(t, ledgerOf(t, st, nil)); !r.OK() {
			t.Fatalf("rewritten ledger without checkpoints: %v (want it to verify: only a checkpoint catches this)", r.First())
		}
	})
}

func TestVerifyUnknownKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		seedLedger(t, st, testKey(t))
		r := verify(t, ledgerOf(t, st, testKey(t)))
		if r.OK() || r.First().Kind != consent.ProblemCheckpointSignature {
			t.Fatalf("checkpoints signed by another key: first problem %v, want %s", r.First(), consent.ProblemCheckpointSignature)
		}
	})
}

func TestCheckpointOnlyWhenHeadMoves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Stores) {
		key := testKey(t)
		seedLedger(t, st, key)
		cp, added, err := ledgerOf(t, st, key).Checkpoint(context.Background())
		if err != nil || added || cp.N != 3 || cp.Seq != 3 {
			t.Fatalf("checkpoint of an unchanged head = %+v, %v, %v; want checkpoint 3, not added", cp, added, err)
		}
	})
}
