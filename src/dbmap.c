/* dbmap.c — read-only database files mapped once per process, read in place
 * by every connection (an SQLite VFS that wraps the default one).
 *
 * Why: each page SQLite's own cache misses costs a pread() — a syscall and a
 * 4 KB copy. On a corpus whose publishers spread over thousands of outlets,
 * a record misses about 7 pages, and those reads took a tenth of a worker's
 * time. SQLite's own mmap removes them, but maps the file once per
 * connection (one per thread), and every mapping of a page counts in the
 * process's resident size again. Connections opened through this VFS share
 * one mapping per file (by device and inode), which SQLite's pager reads in
 * place through xFetch.
 *
 * The pages resident through the mapping are bounded, not the mapping: when
 * the pages the last drop kept and the process's resident file pages grown
 * since pass MH_DB_MAP_RESIDENT_BYTES, pages are dropped again with
 * MADV_DONTNEED: those SQLite did not read since the last full drop (mapped
 * around the ones it read), or, once the ones read fill half the bound,
 * all. Keeping the pages read spares a large database's hot pages a fault
 * each per drop, where the faults around them made up the growth. For a
 * shared file mapping dropping only unmaps the pages: a thread reading one
 * at that moment faults it back in, intact, from the page cache. The growth is asked of the kernel
 * (/proc/self/statm), every MH_DB_MAP_CHECK_PAGES pages read for the first time since the drop:
 * what a fault maps is not what was read. Linux maps the cached pages around a faulted one
 * (fault-around, 64 KiB) and the whole of a large folio, so the same pages read map 26 MB of the 31
 * MB bundled file when its cache was filled by reading it, and three times the pages read of the
 * synthetic 270 MB one when it was just written. Counting the pages read (as this did before)
 * either left the bound to the page cache's history or, bounding the worst case, dropped a small
 * database that fits many times a run. Where /proc cannot be read, the pages read are counted
 * against a smaller bound (MH_DB_MAP_COUNTED_BYTES). The kernel is told the reads are random, so
 * that it reads ahead none of the file: it still maps the pages cached
 * around a fault. A mapped file must not shrink while it is mapped (the
 * process would take SIGBUS): the database is opened immutable, and
 * `masthead db build` replaces a file by renaming a new one over it, never
 * by rewriting it in place. */
#include "dbmap.h"

#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "limits.h"

#define DBMAP_VFS_NAME "masthead-map"

/* One mapped file, shared by the connections that opened it. */
typedef struct shared_map {
    dev_t dev;
    ino_t ino;
    unsigned char *base;    /* mapped PROT_READ: writing it would fault */
    size_t len;             /* bytes mapped: the file's size, up to the span */
    sqlite3_int64 size;     /* the file's size when mapped */
    unsigned page_shift;    /* log2 of the system's page size */
    atomic_uchar *read;     /* a bit per page read since the last trim */
    atomic_size_t resident; /* how many bits are set */
    atomic_long file_base;  /* resident file pages after the last trim; -1: unknown */
    atomic_size_t kept;     /* pages read that the last trim left mapped */
    pthread_mutex_t trim_lock;
    int refs;
    struct shared_map *next;
} shared_map;

static pthread_mutex_t maps_lock = PTHREAD_MUTEX_INITIALIZER;
static shared_map *maps; /* under maps_lock */
static atomic_size_t trims;
static atomic_size_t kept_last; /* pages the last trim left mapped */
static atomic_size_t bound_bytes = MH_DB_MAP_RESIDENT_BYTES;

/* log2 of the system's page size (the unit the kernel maps and drops). */
static unsigned page_shift(void)
{
    long size = sysconf(_SC_PAGESIZE);
    unsigned shift = 12;
    while (size > 0 && (1L << shift) < size && shift < 30)
        shift++;
    return shift;
}

long mh_dbmap_file_pages(void)
{
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buf[128];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    long size, rss, shared; /* statm: size resident shared (file and shmem) ... */
    return sscanf(buf, "%ld %ld %ld", &size, &rss, &shared) == 3 ? shared : -1;
}

/* Our file object; the default VFS's own file object follows it. */
typedef struct map_file {
    sqlite3_file base;
    shared_map *map;    /* NULL: every call goes to the default VFS's file */
    sqlite3_file *real; /* the default VFS's file, stored right after this */
} map_file;

/* The mapping of the file at path, shared if another connection has it;
 * NULL when the file cannot be mapped (then it is read as before). */
static shared_map *map_acquire(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat sb;
    shared_map *m = NULL;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0)
        goto out;
    pthread_mutex_lock(&maps_lock);
    for (m = maps; m; m = m->next)
        if (m->dev == sb.st_dev && m->ino == sb.st_ino && m->size == sb.st_size)
            break;
    if (m) {
        m->refs++;
    } else if ((m = mh_calloc(1, sizeof *m)) != NULL) {
        size_t len = (unsigned long long)sb.st_size < MH_DB_MAP_SPAN_MAX ? (size_t)sb.st_size
                                                                         : MH_DB_MAP_SPAN_MAX;
        m->page_shift = page_shift();
        size_t pages = (len >> m->page_shift) + 1;
        m->read = mh_calloc(pages / 8 + 1, sizeof *m->read);
        void *p = m->read ? mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0) : MAP_FAILED;
        if (p == MAP_FAILED) {
            mh_free(m->read);
            mh_free(m);
            m = NULL;
        } else {
            pthread_mutex_init(&m->trim_lock, NULL);
            (void)madvise(p, len, MADV_RANDOM);
            atomic_init(&m->file_base, mh_dbmap_file_pages());
            m->dev = sb.st_dev;
            m->ino = sb.st_ino;
            m->base = p;
            m->len = len;
            m->size = sb.st_size;
            m->refs = 1;
            m->next = maps;
            maps = m;
        }
    }
    pthread_mutex_unlock(&maps_lock);
out:
    close(fd);
    return m;
}

/* Drop one connection's hold on m; the last one unmaps it. */
static void map_release(shared_map *m)
{
    if (!m)
        return;
    pthread_mutex_lock(&maps_lock);
    int last = --m->refs == 0;
    if (last) {
        shared_map **p = &maps;
        while (*p != m)
            p = &(*p)->next;
        *p = m->next;
    }
    pthread_mutex_unlock(&maps_lock);
    if (last) {
        munmap(m->base, m->len);
        pthread_mutex_destroy(&m->trim_lock);
        mh_free(m->read);
        mh_free(m);
    }
}

size_t mh_dbmap_trims(void)
{
    return atomic_load(&trims);
}

size_t mh_dbmap_kept(void)
{
    return atomic_load(&kept_last);
}

void mh_dbmap_bound(size_t bytes)
{
    atomic_store(&bound_bytes, bytes ? bytes : MH_DB_MAP_RESIDENT_BYTES);
}

/* Unmap the pages of [from, to). */
static void drop(shared_map *m, size_t from, size_t to)
{
    if (to > from)
        (void)madvise(m->base + (from << m->page_shift), (to - from) << m->page_shift,
                      MADV_DONTNEED);
}

/* Unmap the pages not read since the last full trim: the ones a fault
 * mapped around a page read. Returns how many stay. */
static size_t drop_unread(shared_map *m)
{
    size_t pages = ((m->len - 1) >> m->page_shift) + 1, run = 0, kept = 0;
    for (size_t p = 0; p < pages; p++) {
        if (!(atomic_load_explicit(&m->read[p >> 3], memory_order_relaxed) & (1u << (p & 7))))
            continue;
        drop(m, run, p);
        run = p + 1;
        kept++;
    }
    drop(m, run, pages);
    return kept;
}

/* Bring the mapping's resident pages back under the bound (one thread at a
 * time; a thread finding another at it goes on: the bound is only passed
 * by the pages read meanwhile). The pages read since the last full trim
 * stay while they fill at most half the bound: they are what the corpus
 * reads again, and each fault would map the 64 KiB around it once more.
 * Past half, all are dropped, and the pages read start anew. */
static void trim(shared_map *m)
{
    if (pthread_mutex_trylock(&m->trim_lock) != 0)
        return;
    size_t read = atomic_load(&m->resident);
    long base = atomic_load(&m->file_base);
    size_t kept = 0;
    if (base >= 0 && read << m->page_shift <= atomic_load(&bound_bytes) / 2) {
        kept = drop_unread(m);
        atomic_store(&m->kept, kept);
    } else {
        (void)madvise(m->base, m->len, MADV_DONTNEED);
        size_t bytes = (m->len >> m->page_shift) / 8 + 1;
        for (size_t i = 0; i < bytes; i++)
            atomic_store_explicit(&m->read[i], 0, memory_order_relaxed);
        atomic_store(&m->resident, 0);
        atomic_store(&m->kept, 0);
    }
    if (base >= 0)
        atomic_store(&m->file_base, mh_dbmap_file_pages());
    atomic_store(&kept_last, kept);
    atomic_fetch_add(&trims, 1);
    pthread_mutex_unlock(&m->trim_lock);
}

/* Has the mapping grown past the bound: the pages the last trim kept and
 * the growth since? */
static int over_bound(shared_map *m, size_t first_reads)
{
    long base = atomic_load_explicit(&m->file_base, memory_order_relaxed);
    if (base < 0)
        return first_reads << m->page_shift > MH_DB_MAP_COUNTED_BYTES;
    if (first_reads % MH_DB_MAP_CHECK_PAGES != 0)
        return 0;
    long now = mh_dbmap_file_pages();
    size_t kept = atomic_load_explicit(&m->kept, memory_order_relaxed);
    return now > base && ((size_t)(now - base) + kept) << m->page_shift > atomic_load(&bound_bytes);
}

/* Note the pages of [off, off + amt) read for the first time since the
 * last trim; trim when the mapping has grown past the bound. */
static void note_read(shared_map *m, sqlite3_int64 off, int amt)
{
    size_t first = (size_t)off >> m->page_shift;
    size_t last = ((size_t)off + (size_t)(amt > 0 ? amt - 1 : 0)) >> m->page_shift;
    for (size_t p = first; p <= last; p++) {
        atomic_uchar *byte = &m->read[p >> 3];
        unsigned char bit = (unsigned char)(1u << (p & 7));
        if (atomic_load_explicit(byte, memory_order_relaxed) & bit)
            continue;
        if (atomic_fetch_or_explicit(byte, bit, memory_order_relaxed) & bit)
            continue;
        if (over_bound(m, atomic_fetch_add_explicit(&m->resident, 1, memory_order_relaxed) + 1))
            trim(m);
    }
}

size_t mh_dbmap_live(void)
{
    size_t n = 0;
    pthread_mutex_lock(&maps_lock);
    for (const shared_map *m = maps; m; m = m->next)
        n++;
    pthread_mutex_unlock(&maps_lock);
    return n;
}

/* Whether [off, off + amt) lies inside f's mapping. */
static int mapped(const map_file *f, sqlite3_int64 off, int amt)
{
    return f->map && off >= 0 && amt >= 0 && (unsigned long long)off + (unsigned)amt <= f->map->len;
}

#define REAL(file)    (((map_file *)(file))->real)
#define REAL_IO(file) (REAL(file)->pMethods)

static int map_close(sqlite3_file *file)
{
    map_file *f = (map_file *)file;
    int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
    map_release(f->map);
    f->map = NULL;
    return rc;
}

static int map_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
    map_file *f = (map_file *)file;
    if (mapped(f, off, amt)) {
        note_read(f->map, off, amt);
        memcpy(buf, f->map->base + off, (size_t)amt);
        return SQLITE_OK;
    }
    return REAL_IO(file)->xRead(REAL(file), buf, amt, off);
}

static int map_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
    return REAL_IO(file)->xWrite(REAL(file), buf, amt, off);
}

static int map_truncate(sqlite3_file *file, sqlite3_int64 size)
{
    return REAL_IO(file)->xTruncate(REAL(file), size);
}

static int map_sync(sqlite3_file *file, int flags)
{
    return REAL_IO(file)->xSync(REAL(file), flags);
}

static int map_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
    return REAL_IO(file)->xFileSize(REAL(file), size);
}

static int map_lock(sqlite3_file *file, int level)
{
    return REAL_IO(file)->xLock(REAL(file), level);
}

static int map_unlock(sqlite3_file *file, int level)
{
    return REAL_IO(file)->xUnlock(REAL(file), level);
}

static int map_check_reserved(sqlite3_file *file, int *out)
{
    return REAL_IO(file)->xCheckReservedLock(REAL(file), out);
}

/* The pager's mmap size goes no further: with it the default VFS would map
 * the file again, for this connection alone. */
static int map_file_control(sqlite3_file *file, int op, void *arg)
{
    if (op == SQLITE_FCNTL_MMAP_SIZE)
        return SQLITE_OK;
    return REAL_IO(file)->xFileControl(REAL(file), op, arg);
}

static int map_sector_size(sqlite3_file *file)
{
    return REAL_IO(file)->xSectorSize(REAL(file));
}

static int map_device_characteristics(sqlite3_file *file)
{
    return REAL_IO(file)->xDeviceCharacteristics(REAL(file));
}

static int map_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
    if (REAL_IO(file)->iVersion < 2)
        return SQLITE_IOERR_SHMMAP;
    return REAL_IO(file)->xShmMap(REAL(file), page, size, extend, out);
}

static int map_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
    if (REAL_IO(file)->iVersion < 2)
        return SQLITE_IOERR_SHMLOCK;
    return REAL_IO(file)->xShmLock(REAL(file), offset, n, flags);
}

static void map_shm_barrier(sqlite3_file *file)
{
    if (REAL_IO(file)->iVersion >= 2)
        REAL_IO(file)->xShmBarrier(REAL(file));
}

static int map_shm_unmap(sqlite3_file *file, int delete_flag)
{
    if (REAL_IO(file)->iVersion < 2)
        return SQLITE_OK;
    return REAL_IO(file)->xShmUnmap(REAL(file), delete_flag);
}

/* A page in place when mapped; NULL otherwise, and the pager reads it. */
static int map_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **out)
{
    map_file *f = (map_file *)file;
    *out = NULL;
    if (mapped(f, off, amt)) {
        note_read(f->map, off, amt);
        *out = f->map->base + off; /* the pager never writes a fetched page */
    }
    return SQLITE_OK;
}

/* The mapping lives until the file is closed: nothing to give back. */
static int map_unfetch(sqlite3_file *file, sqlite3_int64 off, void *page)
{
    (void)file;
    (void)off;
    (void)page;
    return SQLITE_OK;
}

static const sqlite3_io_methods map_io = {
    .iVersion = 3,
    .xClose = map_close,
    .xRead = map_read,
    .xWrite = map_write,
    .xTruncate = map_truncate,
    .xSync = map_sync,
    .xFileSize = map_file_size,
    .xLock = map_lock,
    .xUnlock = map_unlock,
    .xCheckReservedLock = map_check_reserved,
    .xFileControl = map_file_control,
    .xSectorSize = map_sector_size,
    .xDeviceCharacteristics = map_device_characteristics,
    .xShmMap = map_shm_map,
    .xShmLock = map_shm_lock,
    .xShmBarrier = map_shm_barrier,
    .xShmUnmap = map_shm_unmap,
    .xFetch = map_fetch,
    .xUnfetch = map_unfetch,
};

#define BASE(vfs) ((sqlite3_vfs *)(vfs)->pAppData)

/* Opens with the default VFS; a main database opened read-only is mapped. */
static int map_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
                    int *out_flags)
{
    map_file *f = (map_file *)file;
    f->map = NULL;
    f->real = (sqlite3_file *)(f + 1);
    int rc = BASE(vfs)->xOpen(BASE(vfs), name, f->real, flags, out_flags);
    /* SQLite calls xClose even after a failed open when pMethods is set */
    f->base.pMethods = f->real->pMethods ? &map_io : NULL;
    if (rc == SQLITE_OK && name && (flags & SQLITE_OPEN_MAIN_DB) && (flags & SQLITE_OPEN_READONLY))
        f->map = map_acquire(name);
    return rc;
}

static int map_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    return BASE(vfs)->xDelete(BASE(vfs), name, sync_dir);
}

static int map_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    return BASE(vfs)->xAccess(BASE(vfs), name, flags, out);
}

static int map_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    return BASE(vfs)->xFullPathname(BASE(vfs), name, n, out);
}

static void *map_dl_open(sqlite3_vfs *vfs, const char *name)
{
    return BASE(vfs)->xDlOpen(BASE(vfs), name);
}

static void map_dl_error(sqlite3_vfs *vfs, int n, char *out)
{
    BASE(vfs)->xDlError(BASE(vfs), n, out);
}

static void (*map_dl_sym(sqlite3_vfs *vfs, void *handle, const char *sym))(void)
{
    return BASE(vfs)->xDlSym(BASE(vfs), handle, sym);
}

static void map_dl_close(sqlite3_vfs *vfs, void *handle)
{
    BASE(vfs)->xDlClose(BASE(vfs), handle);
}

static int map_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    return BASE(vfs)->xRandomness(BASE(vfs), n, out);
}

static int map_sleep(sqlite3_vfs *vfs, int micros)
{
    return BASE(vfs)->xSleep(BASE(vfs), micros);
}

static int map_current_time(sqlite3_vfs *vfs, double *out)
{
    return BASE(vfs)->xCurrentTime(BASE(vfs), out);
}

static int map_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    return BASE(vfs)->xGetLastError(BASE(vfs), n, out);
}

static int map_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    if (BASE(vfs)->iVersion >= 2 && BASE(vfs)->xCurrentTimeInt64)
        return BASE(vfs)->xCurrentTimeInt64(BASE(vfs), out);
    double days;
    int rc = BASE(vfs)->xCurrentTime(BASE(vfs), &days);
    *out = (sqlite3_int64)(days * 86400000.0);
    return rc;
}

static sqlite3_vfs map_vfs = {
    .iVersion = 2,
    .zName = DBMAP_VFS_NAME,
    .xOpen = map_open,
    .xDelete = map_delete,
    .xAccess = map_access,
    .xFullPathname = map_full_pathname,
    .xDlOpen = map_dl_open,
    .xDlError = map_dl_error,
    .xDlSym = map_dl_sym,
    .xDlClose = map_dl_close,
    .xRandomness = map_randomness,
    .xSleep = map_sleep,
    .xCurrentTime = map_current_time,
    .xGetLastError = map_last_error,
    .xCurrentTimeInt64 = map_current_time64,
};

static pthread_once_t register_once = PTHREAD_ONCE_INIT;
static int registered;

static void register_vfs(void)
{
    sqlite3_vfs *base = sqlite3_vfs_find(NULL);
    if (!base)
        return;
    map_vfs.szOsFile = (int)sizeof(map_file) + base->szOsFile;
    map_vfs.mxPathname = base->mxPathname;
    map_vfs.pAppData = base;
    registered = sqlite3_vfs_register(&map_vfs, 0) == SQLITE_OK;
}

const char *mh_dbmap_vfs(void)
{
    pthread_once(&register_once, register_vfs);
    return registered ? DBMAP_VFS_NAME : NULL;
}
