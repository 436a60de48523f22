-- 0001: submissions, content-addressed uploads, cached sheets, cloud ids,
-- tokens and the hash-chained audit log. Applied once; PRAGMA user_version
-- records the last migration applied.

CREATE TABLE blobs (
	sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
	size       INTEGER NOT NULL CHECK (size >= 0),
	created_ms INTEGER NOT NULL
);

CREATE TABLE tokens (
	id         INTEGER PRIMARY KEY,
	hash       TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
	role       TEXT NOT NULL CHECK (role IN ('unit', 'provider', 'admin')),
	unit       TEXT,
	provider   TEXT CHECK (provider IS NULL OR provider IN ('电信', '移动', '联通')),
	label      TEXT,
	created_ms INTEGER NOT NULL,
	revoked_ms INTEGER,
	CHECK (role <> 'unit' OR unit IS NOT NULL),
	CHECK (role <> 'provider' OR provider IS NOT NULL)
);

CREATE TABLE submissions (
	id            INTEGER PRIMARY KEY,
	created_ms    INTEGER NOT NULL,
	form          TEXT,
	state         TEXT NOT NULL CHECK (state IN ('valid', 'invalid', 'unreadable')),
	unit          TEXT,
	provider      TEXT,
	system_name   TEXT,
	source_name   TEXT,
	source_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
	source_size   INTEGER NOT NULL,
	content_type  TEXT,
	record        TEXT NOT NULL,
	errors        INTEGER NOT NULL,
	warnings      INTEGER NOT NULL,
	submitted_by  INTEGER REFERENCES tokens(id),
	overrides     TEXT,
	cloud_id      TEXT UNIQUE
);
CREATE INDEX submissions_unit ON submissions(unit, id);
CREATE INDEX submissions_provider ON submissions(provider, id);
CREATE INDEX submissions_form ON submissions(form, id);
CREATE INDEX submissions_created ON submissions(created_ms);

-- Sheets are derived (the same record and overrides render the same bytes)
-- and kept here, checked against pdf_sha256 on every read.
CREATE TABLE sheets (
	id               INTEGER PRIMARY KEY,
	submission_id    INTEGER NOT NULL REFERENCES submissions(id),
	overrides_sha256 TEXT NOT NULL,
	pdf_sha256       TEXT NOT NULL,
	pdf              BLOB NOT NULL,
	created_ms       INTEGER NOT NULL,
	UNIQUE (submission_id, overrides_sha256)
);

CREATE TABLE cloud_ids (
	year INTEGER PRIMARY KEY,
	last INTEGER NOT NULL
);

CREATE TABLE audit (
	seq           INTEGER PRIMARY KEY,
	at_ms         INTEGER NOT NULL,
	actor         INTEGER,
	role          TEXT,
	action        TEXT NOT NULL,
	submission_id INTEGER,
	detail        TEXT,
	prev          TEXT NOT NULL,
	hash          TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;

-- The last entry's seq and hash, updated with every append, so that removing
-- entries from the end of the chain is detected too.
CREATE TABLE audit_head (
	one  INTEGER PRIMARY KEY CHECK (one = 1),
	seq  INTEGER NOT NULL,
	hash TEXT NOT NULL
);
