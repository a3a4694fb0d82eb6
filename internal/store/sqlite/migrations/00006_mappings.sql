-- +goose Up
-- Column mappings people wrote for their own CSV layouts, saved under a
-- name and found again by the signature of a file's header, so the next
-- export of the same tool is read without asking twice.
CREATE TABLE column_mappings (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    signature  TEXT    NOT NULL,               -- hash of the header the mapping was made for
    mapping    TEXT    NOT NULL,               -- field="Column",… (esp.Mapping.String)
    created_at INTEGER NOT NULL,
    created_by TEXT    NOT NULL,
    used_at    INTEGER
);
CREATE UNIQUE INDEX column_mappings_name ON column_mappings(name);
CREATE INDEX column_mappings_signature ON column_mappings(signature);

-- +goose Down
DROP TABLE column_mappings;
