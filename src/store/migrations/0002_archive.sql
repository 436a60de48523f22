-- 0002: the archive of signed, scanned confirmation sheets (docs/archive.md).
-- Entries are written once: no interface updates or deletes them, and these
-- triggers refuse it at the database too. The scan itself is a blob
-- (content-addressed, fsynced before the row is committed).

CREATE TABLE archive (
	id             INTEGER PRIMARY KEY,
	created_ms     INTEGER NOT NULL,
	scan_sha256    TEXT NOT NULL UNIQUE REFERENCES blobs(sha256),
	scan_size      INTEGER NOT NULL CHECK (scan_size > 0),
	scan_name      TEXT,
	content_type   TEXT,
	submission_id  INTEGER REFERENCES submissions(id),
	cloud_id       TEXT,
	kind           TEXT,
	unit           TEXT,
	provider       TEXT,
	system_name    TEXT,
	match          TEXT NOT NULL CHECK (match IN ('qr', 'hand')),
	printed_sha256 TEXT,
	current_sha256 TEXT,
	stale          INTEGER NOT NULL CHECK (stale IN (0, 1)),
	seals_complete INTEGER NOT NULL CHECK (seals_complete IN (0, 1)),
	seals          TEXT NOT NULL,
	detail         TEXT,
	added_by       INTEGER REFERENCES tokens(id)
);
CREATE INDEX archive_unit ON archive(unit, id);
CREATE INDEX archive_provider ON archive(provider, id);
CREATE INDEX archive_cloud_id ON archive(cloud_id, id);
CREATE INDEX archive_created ON archive(created_ms);

CREATE TRIGGER archive_no_update BEFORE UPDATE ON archive
BEGIN SELECT RAISE(ABORT, 'archive entries are written once'); END;
CREATE TRIGGER archive_no_delete BEFORE DELETE ON archive
BEGIN SELECT RAISE(ABORT, 'archive entries are written once'); END;

-- Finding the record of a scanned sheet by the number on it: the number the
-- store assigned, or the one the record carries (change and exit sheets).
CREATE INDEX submissions_record_cloud_id
	ON submissions(json_extract(record, '$.fields.system.cloud_id'));

-- Numbers of sheets whose record carries none and that the store did not
-- number (change and exit sheets get one derived from the record): filled
-- by the archive as it looks numbers up, for submissions up to last_id.
CREATE TABLE sheet_numbers (
	cloud_id      TEXT NOT NULL,
	submission_id INTEGER NOT NULL REFERENCES submissions(id),
	PRIMARY KEY (cloud_id, submission_id)
);
CREATE TABLE sheet_numbers_done (
	one     INTEGER PRIMARY KEY CHECK (one = 1),
	last_id INTEGER NOT NULL
);
