-- +goose Up
-- The re-permission segment (weak or missing proof) as one list filter: a
-- partial index in id order, so its pages are range scans like the other
-- filters'. The list query repeats this predicate word for word.
CREATE INDEX contacts_repermission ON contacts(id) WHERE status IN ('weak', 'missing');

-- +goose Down
DROP INDEX contacts_repermission;
