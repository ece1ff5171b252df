/* lexicon.c — the lexicon the fact commands share: built-in tables plus --gazetteer files. */
#include <errno.h>
#include <string.h>

#include "cli/cli.h"
#include "extract/lexicon.h"
#include "marsad.h"

int cli_lexicon(const char *cmd, char *const *files, size_t n, msd_lexicon **out)
{
    int rc = msd_lexicon_new(out);
    if (rc) {
        cli_error(cmd, "cannot build the lexicon: %s", marsad_strerror(rc));
        return CLI_ERROR;
    }
    for (size_t i = 0; i < n; i++) {
        size_t bad = 0;
        rc = msd_lexicon_load(*out, files[i], &bad);
        if (rc == MARSAD_EFORMAT)
            cli_error(cmd,
                      "%s:%zu: not name<TAB>TYPE[<TAB>canonical] with TYPE one of PERS "
                      "ORG GPE LOC MISC",
                      files[i], bad);
        else if (rc == MARSAD_EIO)
            cli_error(cmd, "%s: %s", files[i], strerror(errno));
        else if (rc)
            cli_error(cmd, "%s: %s", files[i], marsad_strerror(rc));
        if (rc) {
            msd_lexicon_free(*out);
            *out = NULL;
            return CLI_ERROR;
        }
    }
    return CLI_OK;
}
