#!/bin/sh
# Source audit of the library (checker/, refs/, reports/), run from the
# top of the tree: no shell or program is ever started (document content
# could reach its command line), SQL is prepared only from constant
# statement tables, and none of the unbounded string functions is used.
cd "$(dirname "$0")/../.." || exit 1
fail() { echo "source_audit.sh: $*" >&2; exit 1; }
src=$(ls checker/*.c checker/*.h refs/*.c refs/*.h reports/*.c reports/*.h)

# no shell, no child process, no code loaded at run time
hits=$(grep -nE '\b(system|popen|execl|execlp|execle|execv|execve|execvp|execvpe|fork|vfork|posix_spawnp?|wordexp)[[:space:]]*\(' $src)
[ -z "$hits" ] || fail "a process is started: $hits"

# SQL: no sqlite3_exec (it takes a string and runs it); every prepare is
# one of the known call sites, whose SQL comes from constant tables
hits=$(grep -nE '\bsqlite3_(exec|get_table|mprintf|vmprintf)[[:space:]]*\(' $src)
[ -z "$hits" ] || fail "SQL built or run from a string: $hits"
hits=$(grep -nE '\bsqlite3_prepare' $src | grep -vE \
	-e '^checker/store\.c:[0-9]+:[[:space:]]+rc = sqlite3_prepare_v3\(st->db, stmt_sql\[id\],' \
	-e '^checker/store\.c:[0-9]+:[[:space:]]+int rc = sqlite3_prepare_v2\(st->db, tail, -1, &s, &tail\);' \
	-e '^checker/store\.c:[0-9]+:[[:space:]]+rc = sqlite3_prepare_v2\(st->db, sql, -1, &s, NULL\);' \
	-e '^checker/links_history\.c:[0-9]+:[[:space:]]+rc = sqlite3_prepare_v3\(store_sqlite\(st\), sql, -1,' \
	-e '^checker/store_internal\.h:')
[ -z "$hits" ] || fail "a new place prepares SQL (add it here once its SQL is shown constant): $hits"
# query_int() and exec_script() are called with literals or the migration tables only
hits=$(grep -nE '\b(query_int|exec_script)\(st, [^"]' checker/store.c | grep -vE 'm->sql\[j\]|exec_script\(st, sql\);')
[ -z "$hits" ] || fail "store.c runs SQL that is not a literal: $hits"
hits=$(grep -nE 'prepare\(st, [^c]' checker/links_history.c)
[ -z "$hits" ] || fail "links_history.c prepares SQL outside cache_sql[]: $hits"
# the one formatted statement is a PRAGMA with our own integer
n=$(grep -cE 'snprintf\(sql, sizeof\(sql\), "PRAGMA (user_version|application_id) = %d"' checker/store.c)
[ "$n" -eq 2 ] || fail "store.c: formatted SQL other than the two PRAGMAs"

# bounded string handling only
hits=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|stpcpy|gets|strncat)[[:space:]]*\(' $src)
[ -z "$hits" ] || fail "unbounded string function: $hits"
exit 0
