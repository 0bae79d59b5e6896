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
# every prepare takes its SQL from a helper's parameter or a constant table...
hits=$(grep -nE '\bsqlite3_prepare' $src | grep -vE \
	-e 'sqlite3_prepare_v[23]\((st->db|store_sqlite\(st\)), (sql|tail|stmt_sql\[id\]|cache_sql\[id\]), -1,' \
	-e '^checker/store_internal\.h:')
[ -z "$hits" ] || fail "SQL prepared from something else than a constant (check it, then allow it here): $hits"
# ...and the helpers named prepare() are given literals or static const sql_* strings
hits=$(grep -nE '\bprepare\(st, ' $src | grep -vE 'prepare\(st, ("|sql_[a-z_]+,|SQL_[A-Z_]+,|cache_sql\[)' |
	grep -vE 'static (enum store_result|int) prepare\(')
[ -z "$hits" ] || fail "prepare() given SQL that is not a constant: $hits"
for f in $(grep -lE '\bprepare\(st, sql_' $src); do
	for id in $(grep -oE 'prepare\(st, sql_[a-z_]+' "$f" | sed 's/.*, //' | sort -u); do
		grep -qE "^static const char $id\[\] =" "$f" || fail "$f: $id is not a static const string"
	done
done
# the statement tables themselves are constant
grep -q '^static const char \*const stmt_sql\[' checker/store.c || fail "store.c: stmt_sql[] is not constant"
grep -q '^static const char \*const cache_sql\[' checker/links_history.c ||
	fail "links_history.c: cache_sql[] is not constant"
# query_int() and exec_script() are called with literals or the migration tables only
hits=$(grep -nE '\b(query_int|exec_script)\(st, [^"]' checker/store.c | grep -vE 'm->sql\[j\]|exec_script\(st, sql\);')
[ -z "$hits" ] || fail "store.c runs SQL that is not a literal: $hits"
# the one formatted statement is a PRAGMA with our own integer
n=$(grep -cE 'snprintf\(sql, sizeof\(sql\), "PRAGMA (user_version|application_id) = %d"' checker/store.c)
[ "$n" -eq 2 ] || fail "store.c: formatted SQL other than the two PRAGMAs"

# bounded string handling only
hits=$(grep -nE '\b(sprintf|vsprintf|strcpy|strcat|stpcpy|gets|strncat)[[:space:]]*\(' $src)
[ -z "$hits" ] || fail "unbounded string function: $hits"
exit 0
