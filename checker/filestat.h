/*
 * filestat.h - "is this file still what we stored?" without reading it.
 *
 * As git's index does, a scan keeps the stat data of every document it
 * stored (size, modification and change times in nanoseconds, inode)
 * and, on the next scan, trusts a file whose stat data are identical
 * to be unchanged: no read, no hash. Anything else falls back to the
 * content hash.
 *
 * The catch is the "racily clean" file: one written in the same clock
 * tick as it was looked at. Time stamps have a granularity (whole
 * seconds on some file systems, a jiffy of the kernel's coarse clock on
 * others), so a change made just after the scan read the file can leave
 * size and mtime as they were. Every record therefore carries the time
 * it was taken (seen_ns, on the clock file systems stamp files with),
 * and a record whose mtime or ctime falls in the same second as seen_ns,
 * or later, proves nothing: the file is hashed again. Once the hash has
 * confirmed it, the record is taken again and next time it is clean.
 */
#ifndef PROVCHECK_FILESTAT_H
#define PROVCHECK_FILESTAT_H

#include <stdint.h>

struct file_stat {
	int64_t size;           /* bytes */
	int64_t mtime_ns;       /* content last modified, ns since the epoch */
	int64_t ctime_ns;       /* inode last changed (also moves on a touch -d) */
	int64_t ino;            /* inode number (bit pattern of an unsigned) */
	int64_t seen_ns;        /* when this record was taken, before the stat */
};

/*
 * The current time on the clock the kernel stamps files with (the
 * coarse real-time clock on Linux, which can lag the precise one by a
 * tick: a file written after this call never has an older mtime).
 */
int64_t filestat_clock_ns(void);

/*
 * Fills *out for the regular file at path, seen_ns first. Returns 0, or
 * -1 with errno set (ENOENT, EACCES...; EINVAL when path is not a
 * regular file: standard input, a device, a directory).
 */
int filestat_get(const char *path, struct file_stat *out);

/*
 * Whether the file whose stat data are now is certainly unchanged since
 * stored was taken (and its content hashed): same size, mtime, ctime and
 * inode, and stored not racily clean. Returns 1 or 0.
 */
int filestat_clean(const struct file_stat *stored, const struct file_stat *now);

/* Whether stored was taken too close to the file's last change to prove anything. */
int filestat_racy(const struct file_stat *stored);

#endif
