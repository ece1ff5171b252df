/* status.c — status messages and the library version. */
#include "marsad.h"

const char *marsad_strerror(int rc)
{
    switch (rc) {
    case MARSAD_OK: return "ok";
    case MARSAD_ENOMEM: return "out of memory";
    case MARSAD_EINVAL: return "invalid argument";
    case MARSAD_EUTF8: return "invalid UTF-8";
    case MARSAD_ERANGE: return "buffer too small";
    case MARSAD_ESTEMMER: return "stemmer unavailable";
    case MARSAD_EIO: return "input/output error";
    case MARSAD_ETOOBIG: return "input too large";
    case MARSAD_ESTOP: return "stopped by callback";
    case MARSAD_EFORMAT: return "malformed input";
    case MARSAD_END: return "end of input";
    case MARSAD_EEMPTY: return "empty document";
    case MARSAD_EBUSY: return "another writer (marsad ingest) has this archive open";
    case MARSAD_ESTOPWORDS: return "nothing to search for: the query has only stopwords";
    case MARSAD_EONLYNOT:
        return "nothing to search for: the query only excludes once its stopwords are dropped";
    case MARSAD_EABORTED:
        return "an earlier error abandoned the batch in progress; the archive stays at its last "
               "commit";
    case MARSAD_EREADONLY: return "the archive was opened for reading";
    case MARSAD_ENOTFOUND: return "no article with that id";
    case MARSAD_EQUERY: return "the query is not well formed";
    case MARSAD_ECORRUPT: return "a damaged archive file (marsad check tells more)";
    case MARSAD_ETIMEOUT: return "the search ran past its time budget";
    default: return "unknown error";
    }
}

const char *marsad_status_name(int rc)
{
    static const char *const names[] = {
        "OK",       "ENOMEM",   "EINVAL",    "EUTF8",     "ERANGE", "ESTEMMER", "EIO",
        "ETOOBIG",  "ESTOP",    "EFORMAT",   "END",       "EEMPTY", "EBUSY",    "ESTOPWORDS",
        "EONLYNOT", "EABORTED", "EREADONLY", "ENOTFOUND", "EQUERY", "ECORRUPT", "ETIMEOUT"};
    return rc >= 0 && (size_t)rc < sizeof names / sizeof names[0] ? names[rc] : "EUNKNOWN";
}

const char *marsad_version(void)
{
    return MARSAD_VERSION;
}
