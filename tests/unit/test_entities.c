/* test_entities.c — the entity extractor: gazetteer names and aliases, prefixes,
 * organizations by head word, persons after titles, surnames resolved to full names,
 * and negatives. */
#include <stdio.h>

#include "extract/entities.h"
#include "extract/lexicon.h"
#include "extract/tokens.h"
#include "extract/words.h"
#include "marsad.h"
#include "test.h"

static msd_lexicon *lx;

/* The built-in lexicon, built once for the suite. */
static const msd_lexicon *lexicon(void)
{
    if (!lx) CHECK_EQ(msd_lexicon_new(&lx), MARSAD_OK);
    return lx;
}

/* "text|canonical|type|start-end" joined by " ; " */
static const char *render(const char *s)
{
    static char out[4096];
    size_t o = 0;
    msd_xtoks ts;
    msd_entities es;
    msd_xview v;
    out[0] = 0;
    CHECK_EQ(msd_xtoks_load(s, strlen(s), &ts), MARSAD_OK);
    CHECK_EQ(msd_xview_load(&v, lexicon(), s, &ts), MARSAD_OK);
    CHECK_EQ(msd_entities_find(&v, &es), MARSAD_OK);
    msd_xview_free(&v);
    for (size_t i = 0; i < es.n && o < sizeof out - 512; i++) {
        const msd_entity *e = &es.items[i];
        o += (size_t)snprintf(out + o, sizeof out - o, "%s%s|%s|%s|%zu-%zu", i ? " ; " : "",
                              e->text, e->canonical, e->type, e->start, e->end);
    }
    msd_entities_clear(&es);
    msd_xtoks_free(&ts);
    return out;
}

/* Each expectation was checked by hand; "" means no entity. */
static const struct {
    const char *in, *want;
} cases[] = {
    {"قصفت الطائرات مواقع في دير الزور", "دير الزور|دير الزور|LOC|23-32"},
    {"وصلت التعزيزات إلى بدير الزور أمس", "دير الزور|دير الزور|LOC|20-29"},
    {"قال داعش في بيان", "داعش|تنظيم الدولة الإسلامية|ORG|4-8"},
    {"أعلن تنظيم الدولة مسؤوليته", "تنظيم الدولة|تنظيم الدولة الإسلامية|ORG|5-17"},
    {"أعلن تنظيم الدولة الإسلامية مسؤوليته",
     "تنظيم الدولة الإسلامية|تنظيم الدولة الإسلامية|ORG|5-27"},
    {"مقاتلو الدولة الاسلامية", "الدولة الاسلامية|تنظيم الدولة الإسلامية|ORG|7-23"},
    {"تقدمت قسد نحو الرقة", "قسد|قوات سوريا الديمقراطية|ORG|6-9 ; الرقة|الرقة|LOC|14-19"},
    {"قوات سوريا الديمقراطية تسيطر على قرى",
     "قوات سوريا الديمقراطية|قوات سوريا الديمقراطية|ORG|0-22"},
    {"قال البنتاغون إن", "البنتاغون|وزارة الدفاع الأمريكية|ORG|4-13"},
    {"مقاتلو البشمركة والبيشمركة", "البشمركة|البيشمركة|ORG|7-15 ; البيشمركة|البيشمركة|ORG|17-26"},
    {"وقال الكولونيل شون رايان إن", "شون رايان|شون رايان|PERS|15-24"},
    {"وأضاف رايان أن العملية مستمرة", ""},
    {"قال اللواء الطيار سمير الحلبي إن", "سمير الحلبي|سمير الحلبي|PERS|18-29"},
    {"وأكدت وزارة الخارجية المغربية", "وزارة الخارجية المغربية|وزارة الخارجية المغربية|ORG|6-29"},
    {"وذكرت وكالة الأنباء السعودية (واس)", "وكالة الأنباء السعودية|وكالة الأنباء السعودية|ORG|6-28 "
                                           "; واس|وكالة الأنباء السعودية|ORG|30-33"},
    {"وبحسب المرصد السوري لحقوق الإنسان فإن",
     "المرصد السوري لحقوق الإنسان|المرصد السوري لحقوق الإنسان|ORG|6-33"},
    {"نزح السكان من الموصل إلى أربيل", "الموصل|الموصل|LOC|14-20 ; أربيل|أربيل|LOC|25-30"},
    {"ارتفع منسوب نهر الفرات", "نهر الفرات|الفرات|LOC|12-22"},
    {"التقى الرئيس الأمريكي في واشنطن", "واشنطن|واشنطن|LOC|25-31"},
    {"في الولايات المتحدة وروسيا",
     "الولايات المتحدة|الولايات المتحدة|LOC|3-19 ; روسيا|روسيا|LOC|21-26"},
    {"وصلت بعثة الأمم المتحدة إلى صنعاء",
     "الأمم المتحدة|الأمم المتحدة|ORG|10-23 ; صنعاء|صنعاء|LOC|28-33"},
    {"الثاني من الشهر", ""},
    {"قال أحمد إن", "أحمد|أحمد|PERS|4-8"},
    {"tag icon ع ع ع", ""},
    {"وقال الكولونيل شون رايان إن العملية مستمرة، وأضاف رايان أن",
     "شون رايان|شون رايان|PERS|15-24 ; رايان|شون رايان|PERS|50-55"},
    {"قال وزير الخارجية ناصر بوريطة في الرباط",
     "ناصر بوريطة|ناصر بوريطة|PERS|18-29 ; الرباط|الرباط|LOC|33-39"},
};

void suite_entities(void);
void suite_entities(void)
{
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = render(cases[i].in);
        test_check_str(got, strlen(got), cases[i].want, __FILE__, __LINE__, cases[i].in);
    }
    msd_lexicon_free(lx);
    lx = NULL;
}
