/*
 * filestat.c - stat data that let a scan skip unchanged files (see
 * filestat.h for the rules, racily clean files included).
 */
#include "filestat.h"

#include <errno.h>
#include <sys/stat.h>
#include <time.h>

#define NS_PER_S 1000000000LL

int64_t filestat_clock_ns(void)
{
	struct timespec ts;

#ifdef CLOCK_REALTIME_COARSE
	if (!clock_gettime(CLOCK_REALTIME_COARSE, &ts))
		return (int64_t)ts.tv_sec * NS_PER_S + ts.tv_nsec;
#endif
	/*
	 * Elsewhere the precise clock may run ahead of the one files are
	 * stamped with: one second back keeps the racy test conservative.
	 */
	if (clock_gettime(CLOCK_REALTIME, &ts))
		return 0;
	return ((int64_t)ts.tv_sec - 1) * NS_PER_S + ts.tv_nsec;
}

static int64_t ts_ns(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * NS_PER_S + ts->tv_nsec;
}

int filestat_get(const char *path, struct file_stat *out)
{
	struct stat sb;

	out->seen_ns = filestat_clock_ns();
	if (stat(path, &sb) < 0)
		return -1;
	if (!S_ISREG(sb.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	out->size = (int64_t)sb.st_size;
	out->mtime_ns = ts_ns(&sb.st_mtim);
	out->ctime_ns = ts_ns(&sb.st_ctim);
	out->ino = (int64_t)sb.st_ino;
	return 0;
}

/* Whole seconds, rounding down also before 1970. */
static int64_t secs(int64_t ns)
{
	return ns >= 0 ? ns / NS_PER_S : -((-ns + NS_PER_S - 1) / NS_PER_S);
}

int filestat_racy(const struct file_stat *stored)
{
	int64_t seen = secs(stored->seen_ns);

	/*
	 * Whole seconds, not nanoseconds: some file systems keep only
	 * seconds (or two), and a change within the second of the record
	 * may not have moved the stamp.
	 */
	return stored->seen_ns <= 0 || secs(stored->mtime_ns) >= seen ||
		secs(stored->ctime_ns) >= seen;
}

int filestat_clean(const struct file_stat *stored, const struct file_stat *now)
{
	if (stored->size != now->size || stored->mtime_ns != now->mtime_ns ||
	    stored->ctime_ns != now->ctime_ns || stored->ino != now->ino)
		return 0;
	return !filestat_racy(stored);
}
