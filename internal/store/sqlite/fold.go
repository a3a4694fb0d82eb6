package sqlite

import (
	"database/sql/driver"

	msqlite "modernc.org/sqlite"

	"github.com/gdprkit/gdprkit/internal/store/sqlstore"
)

// The contacts' name indexes (migration 00002) are built on gdprkit_fold,
// so every connection must know it, including the first one that runs the
// migrations. Registering it here, before any connection opens, does that.
func init() {
	msqlite.MustRegisterDeterministicScalarFunction("gdprkit_fold", 1, fold)
}

func fold(_ *msqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	switch v := args[0].(type) {
	case string:
		return sqlstore.Fold(v), nil
	case []byte:
		return sqlstore.Fold(string(v)), nil
	case nil:
		return nil, nil
	default:
		return v, nil
	}
}
