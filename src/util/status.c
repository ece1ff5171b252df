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
    default: return "unknown error";
    }
}

const char *marsad_version(void)
{
    return MARSAD_VERSION;
}
