/* test_fault.c — the library under allocation failure, in the manner of SQLite's fault
 * tests: the unit tests are linked with tests/fault/alloc_wrap.c (--wrap=malloc, …), and
 * for every N the Nth allocation of one call fails. The call must return MARSAD_ENOMEM or
 * succeed, never crash (nor leak: `make asan`), and what it reports must be what it did.
 * The fault harness (tests/fault/run.sh) does the same over the whole tool, from outside. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../fault/alloc_wrap.h"
#include "marsad.h"
#include "test.h"

/* Entities with and without a gazetteer name, a quotation, figures, dates. */
static const char text[] =
    "وقال الكولونيل شون رايان، المتحدث باسم التحالف الدولي، إن الغارات مستمرة. وأضاف رايان أن "
    "«العملية ستنتهي قريبا». وقتل أكثر من 40 مقاتلا أمس الثلاثاء 6 كانون الأول في مدينة الرقة، "
    "بحسب المرصد السوري لحقوق الإنسان.";

/* marsad_extract: an entity whose text could not be copied was measured with strlen(NULL)
 * (entities.c, emit): a crash at two of the 390 allocations of this extraction. */
static void extract(void)
{
    marsad_lexicon *lx = NULL;
    size_t runs = 0, wrong = 0;
    if (marsad_lexicon_new(&lx) != MARSAD_OK) {
        CHECK(!"lexicon");
        return;
    }
    for (unsigned long n = 1;; n++) {
        marsad_article *a = NULL;
        unsigned long failed;
        int rc;
        alloc_fault_set(n, 0);
        rc = marsad_extract(lx, text, sizeof text - 1, "2016-12-07", &a);
        failed = alloc_fault_set(0, 0);
        marsad_article_free(a);
        if (!failed) {
            CHECK_EQ(rc, MARSAD_OK);
            break;
        }
        runs++;
        if (rc != MARSAD_ENOMEM && rc != MARSAD_OK) wrong++;
    }
    CHECK(runs > 300); /* each allocation of it failed once */
    CHECK_EQ(wrong, 0);
    marsad_lexicon_free(lx);
}

void suite_fault(void);
void suite_fault(void)
{
    extract();
}
