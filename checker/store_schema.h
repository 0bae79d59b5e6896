/*
 * store_schema.h - the forward migrations of the store, in order.
 * Included by store.c only. docs/schema.md describes every column.
 *
 * Each migration is a NULL-terminated list of SQL scripts that brings
 * the schema from version - 1 to version; it runs inside the
 * transaction that opens the store. A released migration is never
 * edited: a change is a new migration. (Scripts are split table by
 * table to stay under the 4095-byte string literals C99 promises.)
 *
 * A new store is not taken through the migrations: store_schema_latest
 * creates the schema of STORE_SCHEMA_VERSION at once (rebuilding tables
 * and parsing the schema again after every ALTER TABLE took three times
 * the instructions of creating it at once). The SCHEMA_* texts
 * are shared by the migrations and the latest schema, so they too are
 * never edited once released; a new migration updates
 * store_schema_latest, and tests/test_store.c checks that a new store and
 * one upgraded from the oldest fixture have the same schema.
 */
#ifndef PROVCHECK_STORE_SCHEMA_H
#define PROVCHECK_STORE_SCHEMA_H

/* Timestamps are ISO 8601 UTC text with seconds: 2024-05-01T12:00:00Z. */
#define STORE_NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

#define SCHEMA_RUNS \
	"CREATE TABLE runs (\n" \
	"	id INTEGER PRIMARY KEY,\n" \
	"	command TEXT NOT NULL,\n" \
	"	started_at TEXT NOT NULL,\n" \
	"	ended_at TEXT,\n" \
	"	status TEXT NOT NULL DEFAULT 'running'\n" \
	"		CHECK (status IN ('running', 'ok', 'failed', 'interrupted')),\n" \
	"	version TEXT NOT NULL,\n" \
	"	pid INTEGER NOT NULL DEFAULT 0\n" \
	");\n" \
	"CREATE INDEX runs_by_command ON runs(command, id);\n"

#define SCHEMA_DOCUMENTS_V1_COLS \
	"CREATE TABLE documents (\n" \
	"	id INTEGER PRIMARY KEY,\n" \
	"	path TEXT NOT NULL UNIQUE,\n" \
	"	format TEXT NOT NULL,\n" \
	"	size INTEGER NOT NULL,\n" \
	"	sha256 TEXT NOT NULL,\n" \
	"	parser_version INTEGER NOT NULL,\n" \
	"	title TEXT,\n" \
	"	doc_date TEXT,\n" \
	"	lines INTEGER NOT NULL,\n" \
	"	pages INTEGER NOT NULL,\n" \
	"	blocks INTEGER NOT NULL,\n" \
	"	paragraphs INTEGER NOT NULL,\n" \
	"	furniture INTEGER NOT NULL,\n" \
	"	note_blocks INTEGER NOT NULL,\n" \
	"	links INTEGER NOT NULL,\n" \
	"	first_seen_run INTEGER REFERENCES runs(id),\n" \
	"	last_seen_run INTEGER REFERENCES runs(id),\n" \
	"	parsed_at TEXT NOT NULL\n"

#define SCHEMA_DOCUMENT_ERRORS \
	"CREATE TABLE document_errors (\n" \
	"	id INTEGER PRIMARY KEY,\n" \
	"	run INTEGER REFERENCES runs(id),\n" \
	"	path TEXT NOT NULL,\n" \
	"	reason TEXT NOT NULL,\n" \
	"	at TEXT NOT NULL\n" \
	");\n" \
	"CREATE INDEX document_errors_by_run ON document_errors(run);\n"

#define SCHEMA_BLOCKS \
	"CREATE TABLE blocks (\n" \
	"	doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n" \
	"	idx INTEGER NOT NULL,\n" \
	"	kind TEXT NOT NULL,\n" \
	"	level INTEGER NOT NULL,\n" \
	"	text_start INTEGER NOT NULL,\n" \
	"	text_end INTEGER NOT NULL,\n" \
	"	src_start INTEGER NOT NULL,\n" \
	"	src_end INTEGER NOT NULL,\n" \
	"	line INTEGER NOT NULL,\n" \
	"	col INTEGER NOT NULL,\n" \
	"	page INTEGER NOT NULL,\n" \
	"	PRIMARY KEY (doc, idx)\n" \
	") WITHOUT ROWID;\n"

#define SCHEMA_FURNITURE \
	"CREATE TABLE furniture (\n" \
	"	doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n" \
	"	idx INTEGER NOT NULL,\n" \
	"	kind TEXT NOT NULL,\n" \
	"	src_start INTEGER NOT NULL,\n" \
	"	src_end INTEGER NOT NULL,\n" \
	"	text_at INTEGER NOT NULL,\n" \
	"	line INTEGER NOT NULL,\n" \
	"	page_number INTEGER,\n" \
	"	text TEXT NOT NULL,\n" \
	"	PRIMARY KEY (doc, idx)\n" \
	") WITHOUT ROWID;\n"

#define SCHEMA_DOC_LINKS \
	"CREATE TABLE doc_links (\n" \
	"	doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n" \
	"	idx INTEGER NOT NULL,\n" \
	"	href TEXT NOT NULL,\n" \
	"	text_start INTEGER NOT NULL,\n" \
	"	text_end INTEGER NOT NULL,\n" \
	"	src_off INTEGER NOT NULL,\n" \
	"	line INTEGER NOT NULL,\n" \
	"	col INTEGER NOT NULL,\n" \
	"	PRIMARY KEY (doc, idx)\n" \
	") WITHOUT ROWID;\n"

#define SCHEMA_CLAIMS_V1_COLS \
	"CREATE TABLE claims (\n" \
	"	id INTEGER PRIMARY KEY,\n" \
	"	doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n" \
	"	line INTEGER NOT NULL,\n" \
	"	col INTEGER NOT NULL,\n" \
	"	src_start INTEGER NOT NULL,\n" \
	"	src_end INTEGER NOT NULL,\n" \
	"	entity TEXT NOT NULL,\n" \
	"	attribute TEXT NOT NULL,\n" \
	"	value TEXT NOT NULL,\n" \
	"	hedge TEXT,\n" \
	"	quote TEXT NOT NULL,\n" \
	"	sources TEXT CHECK (sources IS NULL OR json_valid(sources))\n"

#define SCHEMA_CLAIMS_BY_DOC \
	"CREATE INDEX claims_by_doc ON claims(doc);\n"

#define SCHEMA_URLS \
	"CREATE TABLE urls (\n" \
	"	id INTEGER PRIMARY KEY,\n" \
	"	url TEXT NOT NULL UNIQUE,\n" \
	"	host TEXT,\n" \
	"	first_seen TEXT NOT NULL\n" \
	");\n"

#define SCHEMA_URL_OCCURRENCES_V1_COLS \
	"CREATE TABLE url_occurrences (\n" \
	"	id INTEGER PRIMARY KEY,\n" \
	"	url INTEGER NOT NULL REFERENCES urls(id) ON DELETE CASCADE,\n" \
	"	doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n" \
	"	line INTEGER NOT NULL,\n" \
	"	col INTEGER NOT NULL,\n" \
	"	src_start INTEGER NOT NULL,\n" \
	"	src_end INTEGER NOT NULL,\n" \
	"	entry INTEGER\n"

#define SCHEMA_URL_OCCURRENCES_INDEXES \
	"CREATE INDEX url_occurrences_by_url ON url_occurrences(url);\n" \
	"CREATE INDEX url_occurrences_by_doc ON url_occurrences(doc);\n"

#define SCHEMA_LINK_CHECKS \
	"CREATE TABLE link_checks (\n" \
	"	id INTEGER PRIMARY KEY,\n" \
	"	url INTEGER NOT NULL REFERENCES urls(id) ON DELETE CASCADE,\n" \
	"	run INTEGER REFERENCES runs(id),\n" \
	"	checked_at TEXT NOT NULL,\n" \
	"	verdict TEXT NOT NULL,\n" \
	"	http_status INTEGER,\n" \
	"	final_url TEXT,\n" \
	"	redirects TEXT CHECK (redirects IS NULL OR json_valid(redirects)),\n" \
	"	error TEXT,\n" \
	"	duration_ms INTEGER\n" \
	");\n" \
	"CREATE INDEX link_checks_by_url ON link_checks(url, checked_at);\n"

#define SCHEMA_FINDINGS \
	"CREATE TABLE findings (\n" \
	"	id INTEGER PRIMARY KEY,\n" \
	"	run INTEGER NOT NULL REFERENCES runs(id),\n" \
	"	stage TEXT NOT NULL,\n" \
	"	finding_id TEXT NOT NULL,\n" \
	"	kind TEXT NOT NULL,\n" \
	"	severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),\n" \
	"	doc TEXT,\n" \
	"	line INTEGER NOT NULL,\n" \
	"	col INTEGER NOT NULL,\n" \
	"	src_start INTEGER NOT NULL,\n" \
	"	src_end INTEGER NOT NULL,\n" \
	"	quote TEXT,\n" \
	"	message TEXT NOT NULL,\n" \
	"	suggestion TEXT,\n" \
	"	related TEXT CHECK (related IS NULL OR json_valid(related))\n" \
	");\n" \
	"CREATE INDEX findings_by_run ON findings(run, stage);\n" \
	"CREATE INDEX findings_by_id ON findings(finding_id);\n"

#define SCHEMA_LINK_STATES \
	"CREATE TABLE link_states (\n" \
	"	run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n" \
	"	url INTEGER NOT NULL REFERENCES urls(id) ON DELETE CASCADE,\n" \
	"	at TEXT NOT NULL,\n" \
	"	state TEXT NOT NULL CHECK (state IN ('unknown', 'ok', 'failing', 'dead')),\n" \
	"	verdict TEXT NOT NULL,\n" \
	"	http_status INTEGER,\n" \
	"	error TEXT,\n" \
	"	failures INTEGER NOT NULL DEFAULT 0,\n" \
	"	broken_since TEXT,\n" \
	"	suggestion TEXT,\n" \
	"	archive TEXT,\n" \
	"	reused INTEGER NOT NULL DEFAULT 0,\n" \
	"	PRIMARY KEY (run, url)\n" \
	") WITHOUT ROWID;\n" \
	"CREATE INDEX link_states_by_url ON link_states(url, run);\n"

#define SCHEMA_URL_ARCHIVES \
	"CREATE TABLE url_archives (\n" \
	"	url INTEGER NOT NULL REFERENCES urls(id) ON DELETE CASCADE,\n" \
	"	stamp TEXT NOT NULL DEFAULT '',\n" \
	"	archive TEXT,\n" \
	"	looked_up_at TEXT NOT NULL,\n" \
	"	PRIMARY KEY (url, stamp)\n" \
	") WITHOUT ROWID;\n"

#define SCHEMA_CLAIM_GROUPS \
	"CREATE TABLE claim_groups (\n" \
	"	run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n" \
	"	idx INTEGER NOT NULL,\n" \
	"	entity TEXT NOT NULL,\n" \
	"	attribute TEXT NOT NULL,\n" \
	"	status TEXT NOT NULL CHECK (status IN ('agree', 'variant', 'conflict',\n" \
	"		'changed-over-time', 'recurring', 'single')),\n" \
	"	reason TEXT NOT NULL,\n" \
	"	aliases TEXT CHECK (aliases IS NULL OR json_valid(aliases)),\n" \
	"	claims INTEGER NOT NULL,\n" \
	"	PRIMARY KEY (run, idx)\n" \
	") WITHOUT ROWID;\n" \
	"CREATE INDEX claim_groups_by_status ON claim_groups(run, status);\n"

#define SCHEMA_CLAIM_GROUP_MEMBERS \
	"CREATE TABLE claim_group_members (\n" \
	"	run INTEGER NOT NULL,\n" \
	"	grp INTEGER NOT NULL,\n" \
	"	idx INTEGER NOT NULL,\n" \
	"	claim INTEGER REFERENCES claims(id) ON DELETE SET NULL,\n" \
	"	doc TEXT NOT NULL,\n" \
	"	line INTEGER NOT NULL,\n" \
	"	col INTEGER NOT NULL,\n" \
	"	value TEXT NOT NULL,\n" \
	"	PRIMARY KEY (run, grp, idx),\n" \
	"	FOREIGN KEY (run, grp) REFERENCES claim_groups(run, idx) ON DELETE CASCADE\n" \
	") WITHOUT ROWID;\n" \
	"CREATE INDEX claim_group_members_by_claim ON claim_group_members(claim);\n"

#define SCHEMA_LINK_TIME_INDEXES \
	"CREATE INDEX link_checks_by_time ON link_checks(checked_at);\n" \
	"CREATE INDEX link_states_by_time ON link_states(at);\n"

#define SCHEMA_CALLOUTS_V6 \
	"CREATE TABLE callouts (\n" \
	"	doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n" \
	"	idx INTEGER NOT NULL,\n" \
	"	line INTEGER NOT NULL,\n" \
	"	col INTEGER NOT NULL,\n" \
	"	src_start INTEGER NOT NULL,\n" \
	"	src_end INTEGER NOT NULL,\n" \
	"	text TEXT NOT NULL,\n" \
	"	scheme TEXT NOT NULL,\n" \
	"	targets TEXT,\n" \
	"	locators TEXT,\n" \
	"	PRIMARY KEY (doc, idx)\n" \
	") WITHOUT ROWID;\n"

#define SCHEMA_ENTRIES_V6 \
	"CREATE TABLE entries (\n" \
	"	doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n" \
	"	idx INTEGER NOT NULL,\n" \
	"	number INTEGER,\n" \
	"	label TEXT,\n" \
	"	line INTEGER NOT NULL,\n" \
	"	col INTEGER NOT NULL,\n" \
	"	src_start INTEGER NOT NULL,\n" \
	"	src_end INTEGER NOT NULL,\n" \
	"	kind TEXT NOT NULL,\n" \
	"	raw TEXT NOT NULL,\n" \
	"	fields TEXT,\n" \
	"	PRIMARY KEY (doc, idx)\n" \
	") WITHOUT ROWID;\n"

#define SCHEMA_NOTES_V6 \
	"CREATE TABLE notes (\n" \
	"	doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n" \
	"	idx INTEGER NOT NULL,\n" \
	"	label TEXT NOT NULL,\n" \
	"	kind TEXT NOT NULL,\n" \
	"	line INTEGER NOT NULL,\n" \
	"	col INTEGER NOT NULL,\n" \
	"	src_start INTEGER NOT NULL,\n" \
	"	src_end INTEGER NOT NULL,\n" \
	"	text TEXT NOT NULL,\n" \
	"	PRIMARY KEY (doc, idx)\n" \
	") WITHOUT ROWID;\n"

static const char *const store_schema_v1[] = {
	/* One row per command invocation that writes to the store. */
	SCHEMA_RUNS,

	SCHEMA_DOCUMENTS_V1_COLS
	");\n",

	SCHEMA_DOCUMENT_ERRORS,

	SCHEMA_BLOCKS,

	SCHEMA_FURNITURE,

	SCHEMA_DOC_LINKS,

	/* Written by the refs stage. */
	"CREATE TABLE callouts (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"	line INTEGER NOT NULL,\n"
	"	col INTEGER NOT NULL,\n"
	"	src_start INTEGER NOT NULL,\n"
	"	src_end INTEGER NOT NULL,\n"
	"	text TEXT NOT NULL,\n"
	"	scheme TEXT NOT NULL,\n"
	"	targets TEXT CHECK (targets IS NULL OR json_valid(targets)),\n"
	"	locators TEXT CHECK (locators IS NULL OR json_valid(locators))\n"
	");\n"
	"CREATE INDEX callouts_by_doc ON callouts(doc, line);\n",

	"CREATE TABLE entries (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"	number INTEGER,\n"
	"	label TEXT,\n"
	"	line INTEGER NOT NULL,\n"
	"	col INTEGER NOT NULL,\n"
	"	src_start INTEGER NOT NULL,\n"
	"	src_end INTEGER NOT NULL,\n"
	"	kind TEXT NOT NULL,\n"
	"	raw TEXT NOT NULL,\n"
	"	fields TEXT CHECK (fields IS NULL OR json_valid(fields))\n"
	");\n"
	"CREATE INDEX entries_by_doc ON entries(doc, number);\n",

	"CREATE TABLE notes (\n"
	"	id INTEGER PRIMARY KEY,\n"
	"	doc INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,\n"
	"	label TEXT NOT NULL,\n"
	"	kind TEXT NOT NULL,\n"
	"	line INTEGER NOT NULL,\n"
	"	col INTEGER NOT NULL,\n"
	"	src_start INTEGER NOT NULL,\n"
	"	src_end INTEGER NOT NULL,\n"
	"	text TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX notes_by_doc ON notes(doc, label);\n",

	/* Written by the claims stage. */
	SCHEMA_CLAIMS_V1_COLS
	");\n"
	SCHEMA_CLAIMS_BY_DOC
	"CREATE INDEX claims_by_entity ON claims(entity, attribute);\n",

	/* Written by the links stage; link checks keep the full history. */
	SCHEMA_URLS,

	SCHEMA_URL_OCCURRENCES_V1_COLS
	");\n"
	SCHEMA_URL_OCCURRENCES_INDEXES,

	SCHEMA_LINK_CHECKS,

	/* Written by every stage, read by the reports. */
	SCHEMA_FINDINGS,
	NULL
};

/*
 * Version 2 (links stage): what a run judged of each link, so that the
 * link-rot report compares two runs even when a result was reused from
 * the TTL and not checked again; and the archived copies found, so that
 * they are not looked up again every night.
 */
static const char *const store_schema_v2[] = {
	SCHEMA_LINK_STATES,

	SCHEMA_URL_ARCHIVES,

	/* entry numbers of notes and of reference-list items are told apart */
	"ALTER TABLE url_occurrences ADD COLUMN entry_kind TEXT;\n",
	NULL
};

/*
 * Version 3 (claims stage): what grouping needs of a claim (the name as
 * written, the predicate, the canonical key), and the groups of each
 * run with their status and members, so that a report can show which
 * claims agreed or conflicted in a run, even after a document changed.
 */
static const char *const store_schema_v3[] = {
	"ALTER TABLE claims ADD COLUMN name TEXT;\n"
	"ALTER TABLE claims ADD COLUMN predicate TEXT;\n"
	"ALTER TABLE claims ADD COLUMN claim_key TEXT;\n"
	"CREATE INDEX claims_by_key ON claims(claim_key, attribute);\n",

	SCHEMA_CLAIM_GROUPS,

	SCHEMA_CLAIM_GROUP_MEMBERS,
	NULL
};

/*
 * Version 4: the stat data of each document's file (as git's index
 * keeps them), so that a re-scan skips an unchanged file without
 * reading it; NULL for standard input and for rows written before.
 * stat_seen_ns is when the record was taken (see filestat.h on racily
 * clean files).
 */
static const char *const store_schema_v4[] = {
	"ALTER TABLE documents ADD COLUMN stat_size INTEGER;\n"
	"ALTER TABLE documents ADD COLUMN stat_mtime_ns INTEGER;\n"
	"ALTER TABLE documents ADD COLUMN stat_ctime_ns INTEGER;\n"
	"ALTER TABLE documents ADD COLUMN stat_ino INTEGER;\n"
	"ALTER TABLE documents ADD COLUMN stat_seen_ns INTEGER;\n",
	NULL
};

/*
 * Version 5: indexes for pruning the link history by age ([links]
 * history_days): without them every run's prune scans both tables.
 */
static const char *const store_schema_v5[] = {
	SCHEMA_LINK_TIME_INDEXES,
	NULL
};

/*
 * Version 6: a cheaper store for scan (bench/README.md).
 *
 * claims_by_entity and claims_by_key served no query of provcheck, and
 * every claim row paid for two inserts into indexes on text
 * (docs/schema.md says which index to create to query by entity or key).
 *
 * callouts, entries and notes are only ever written, read and deleted
 * per document, and nothing refers to their ids: they become WITHOUT
 * ROWID tables keyed (doc, idx) like blocks, so that the rows of a
 * document lie together and no separate doc index is written per row.
 * idx is the position of the row in its document: for entries and notes
 * one numbering shared by both (the order refs found them), so that a
 * claim's source names one row of either. Rows of version 5 are numbered
 * in their old order, notes after the entries of their document. claims
 * keeps its integer id: claim_group_members refers to it.
 *
 * The JSON columns of callouts and entries (targets, locators, fields)
 * lose their CHECK (json_valid()): SQLite parsed every value again, a
 * fifth of the instructions of the refs rows. refs_store.c writes them
 * with strbuf_add_json_str() and entry_fields_write_json(), and
 * tests/e2e/scan_stages.sh checks json_valid() on every row it stores.
 */
static const char *const store_schema_v6[] = {
	"DROP INDEX claims_by_entity;\n"
	"DROP INDEX claims_by_key;\n",

	/*
	 * The old rows go through temporary copies, not through ALTER TABLE
	 * RENAME: a rename parses the whole schema again, which every new
	 * store would pay for.
	 */
	"CREATE TEMP TABLE callouts_v5 AS SELECT doc,\n"
	"	row_number() OVER (PARTITION BY doc ORDER BY id) - 1 AS idx, line, col,\n"
	"	src_start, src_end, text, scheme, targets, locators FROM callouts;\n"
	"CREATE TEMP TABLE entries_v5 AS SELECT doc,\n"
	"	row_number() OVER (PARTITION BY doc ORDER BY id) - 1 AS idx, number, label,\n"
	"	line, col, src_start, src_end, kind, raw, fields FROM entries;\n"
	"CREATE TEMP TABLE notes_v5 AS SELECT doc,\n"
	"	(SELECT count(*) FROM entries e WHERE e.doc = n.doc)\n"
	"		+ row_number() OVER (PARTITION BY doc ORDER BY id) - 1 AS idx,\n"
	"	label, kind, line, col, src_start, src_end, text FROM notes n;\n"
	"DROP TABLE callouts;\n"
	"DROP TABLE entries;\n"
	"DROP TABLE notes;\n",

	SCHEMA_CALLOUTS_V6
	"INSERT INTO callouts SELECT * FROM temp.callouts_v5;\n"
	"DROP TABLE temp.callouts_v5;\n",

	SCHEMA_ENTRIES_V6
	"INSERT INTO entries SELECT * FROM temp.entries_v5;\n"
	"DROP TABLE temp.entries_v5;\n",

	SCHEMA_NOTES_V6
	"INSERT INTO notes SELECT * FROM temp.notes_v5;\n"
	"DROP TABLE temp.notes_v5;\n",
	NULL
};

/*
 * The schema of STORE_SCHEMA_VERSION, for a new store. Columns added by
 * ALTER TABLE are written as SQLite left them in an upgraded store's
 * sqlite_master (", name TYPE" before the closing parenthesis), so that
 * the two read the same.
 */
static const char *const store_schema_latest[] = {
	SCHEMA_RUNS,

	SCHEMA_DOCUMENTS_V1_COLS
	", stat_size INTEGER, stat_mtime_ns INTEGER, stat_ctime_ns INTEGER, stat_ino INTEGER, "
	"stat_seen_ns INTEGER);\n",

	SCHEMA_DOCUMENT_ERRORS,

	SCHEMA_BLOCKS,

	SCHEMA_FURNITURE,

	SCHEMA_DOC_LINKS,

	SCHEMA_CLAIMS_V1_COLS
	", name TEXT, predicate TEXT, claim_key TEXT);\n"
	SCHEMA_CLAIMS_BY_DOC,

	SCHEMA_URLS,

	SCHEMA_URL_OCCURRENCES_V1_COLS
	", entry_kind TEXT);\n"
	SCHEMA_URL_OCCURRENCES_INDEXES,

	SCHEMA_LINK_CHECKS,

	SCHEMA_FINDINGS,

	SCHEMA_LINK_STATES,

	SCHEMA_URL_ARCHIVES,

	SCHEMA_CLAIM_GROUPS,

	SCHEMA_CLAIM_GROUP_MEMBERS,

	SCHEMA_LINK_TIME_INDEXES,

	SCHEMA_CALLOUTS_V6,

	SCHEMA_ENTRIES_V6,

	SCHEMA_NOTES_V6,
	NULL
};

#endif
