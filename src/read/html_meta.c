/*
 * html_meta.c — page metadata: Open Graph tags, JSON-LD, <title>, canonical link,
 * <html lang dir>.
 *
 * Each source fills its own slot and html.c picks by precedence afterwards (og:title
 * over JSON-LD headline over <title>), so the order in which the page lists them does
 * not matter. JSON-LD is parsed with jansson; sites wrap the article in an array or an
 * @graph beside WebPage and Organization nodes, so we search those too.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "marsad.h"
#include "read/html_int.h"

#define LD_DEPTH 8

/* Sets *slot from n bytes unless it is already set. */
static int set(char **slot, const char *s, size_t n)
{
    if (*slot || !s) return MARSAD_OK;
    return msd_html_clean(s, n, slot);
}

static int set_attr(char **slot, xmlNode *el, const char *attr)
{
    xmlChar *v;
    int rc;
    if (*slot) return MARSAD_OK;
    v = xmlGetProp(el, (const xmlChar *)attr);
    if (!v) return MARSAD_OK;
    rc = set(slot, (const char *)v, strlen((const char *)v));
    xmlFree(v);
    return rc;
}

/* article:author is meant to be a profile URL; only a name is a byline. */
static int author_attr(char **slot, xmlNode *el)
{
    xmlChar *v = xmlGetProp(el, (const xmlChar *)"content");
    const char *s = (const char *)v;
    int rc = MARSAD_OK;
    if (!v) return MARSAD_OK;
    while (*s == ' ') s++;
    if (!strstr(s, "://") && strncasecmp(s, "www.", 4) && *s != '/') rc = set(slot, s, strlen(s));
    xmlFree(v);
    return rc;
}

static int set_json(char **slot, json_t *v)
{
    if (!json_is_string(v)) return MARSAD_OK;
    return set(slot, json_string_value(v), json_string_length(v));
}

static int ld_publisher(msd_html_meta *m, json_t *p)
{
    if (json_is_array(p)) p = json_array_get(p, 0);
    if (json_is_string(p)) return set_json(&m->ld_publisher, p);
    if (!json_is_object(p)) return MARSAD_OK;
    return set_json(&m->ld_publisher, json_object_get(p, "name"));
}

/* JSON-LD author: a name, a Person or Organization with a name, or an array of them;
 * two names or more are joined with ", ". */
static int ld_author(msd_html_meta *m, json_t *a)
{
    char *names = NULL;
    size_t len = 0, i;
    json_t *one = a;
    int rc = MARSAD_OK;
    if (m->ld_author || !a) return MARSAD_OK;
    for (i = 0; i < (json_is_array(a) ? json_array_size(a) : 1); i++) {
        json_t *v = json_is_array(a) ? json_array_get(a, i) : one;
        char *nn;
        const char *s;
        size_t n;
        if (json_is_object(v)) v = json_object_get(v, "name");
        if (!json_is_string(v) || !(n = json_string_length(v))) continue;
        s = json_string_value(v);
        if (!(nn = realloc(names, len + n + 3))) {
            rc = MARSAD_ENOMEM;
            break;
        }
        names = nn;
        if (len) memcpy(names + len, ", ", 2), len += 2;
        memcpy(names + len, s, n);
        len += n;
    }
    if (!rc && names) rc = set(&m->ld_author, names, len);
    free(names);
    return rc;
}

static int ld_node(msd_html_meta *m, json_t *v, int depth)
{
    size_t i;
    json_t *item;
    if (depth > LD_DEPTH) return MARSAD_OK;
    if (json_is_array(v)) {
        json_array_foreach(v, i, item)
        {
            if (ld_node(m, item, depth + 1)) return MARSAD_ENOMEM;
        }
        return MARSAD_OK;
    }
    if (!json_is_object(v)) return MARSAD_OK;
    if (ld_node(m, json_object_get(v, "@graph"), depth + 1)) return MARSAD_ENOMEM;
    /* First found wins: sites list the article node before its breadcrumbs. */
    if (set_json(&m->ld_headline, json_object_get(v, "headline"))) return MARSAD_ENOMEM;
    if (set_json(&m->ld_date, json_object_get(v, "datePublished"))) return MARSAD_ENOMEM;
    if (ld_author(m, json_object_get(v, "author"))) return MARSAD_ENOMEM;
    return ld_publisher(m, json_object_get(v, "publisher"));
}

static int ld_script(msd_html_meta *m, xmlNode *el)
{
    xmlChar *type = xmlGetProp(el, (const xmlChar *)"type"), *body;
    json_t *root;
    int ld, rc;
    ld = type && strstr((const char *)type, "ld+json") != NULL;
    xmlFree(type);
    if (!ld) return MARSAD_OK;
    body = xmlNodeGetContent(el);
    if (!body) return MARSAD_OK;
    root = json_loads((const char *)body, JSON_DECODE_ANY, NULL);
    xmlFree(body);
    if (!root) return MARSAD_OK; /* broken JSON-LD is common; the page is still good */
    rc = ld_node(m, root, 0);
    json_decref(root);
    return rc;
}

/* The names a page's publication date goes by in <meta>, besides Open Graph's: Dublin
 * Core (a CMS's default), schema.org microdata, and the bare names news sites use. */
static const char *const date_names[] = {
    "dc.date",           "dc.date.issued", "dc.date.created", "dcterms.date",     "dcterms.issued",
    "dcterms.created",   "datepublished",  "pubdate",         "publishdate",      "publish-date",
    "article.published", "date",           "sailthru.date",   "parsely-pub-date",
};

static int meta_tag(msd_html_meta *m, xmlNode *el)
{
    xmlChar *key = xmlGetProp(el, (const xmlChar *)"property");
    int rc = MARSAD_OK;
    if (!key) key = xmlGetProp(el, (const xmlChar *)"name");
    if (!key) key = xmlGetProp(el, (const xmlChar *)"itemprop");
    if (!key) return MARSAD_OK;
    for (size_t i = 0; !m->meta_date && i < sizeof date_names / sizeof date_names[0]; i++)
        if (msd_html_eq(key, date_names[i])) {
            rc = set_attr(&m->meta_date, el, "content");
            xmlFree(key);
            return rc;
        }
    if (msd_html_eq(key, "og:title"))
        rc = set_attr(&m->og_title, el, "content");
    else if (msd_html_eq(key, "og:site_name"))
        rc = set_attr(&m->og_site, el, "content");
    else if (msd_html_eq(key, "article:published_time"))
        rc = set_attr(&m->og_time, el, "content");
    else if (msd_html_eq(key, "author"))
        rc = set_attr(&m->author, el, "content");
    else if (msd_html_eq(key, "article:author"))
        rc = author_attr(&m->og_author, el);
    xmlFree(key);
    return rc;
}

/* rel is a space-separated token list: rel="canonical" or rel="alternate canonical". */
static int link_tag(msd_html_meta *m, xmlNode *el)
{
    xmlChar *rel = xmlGetProp(el, (const xmlChar *)"rel");
    const char *p;
    int canon = 0;
    if (!rel) return MARSAD_OK;
    for (p = (const char *)rel; *p;) {
        size_t k = 0;
        while (*p == ' ' || *p == '\t') p++;
        while (p[k] && p[k] != ' ' && p[k] != '\t') k++;
        if (k == 9 && !strncasecmp(p, "canonical", 9)) canon = 1;
        p += k;
    }
    xmlFree(rel);
    return canon ? set_attr(&m->canonical, el, "href") : MARSAD_OK;
}

static int title_tag(msd_html_meta *m, xmlNode *el)
{
    xmlChar *t;
    int rc;
    if (m->title) return MARSAD_OK;
    t = xmlNodeGetContent(el);
    if (!t) return MARSAD_OK;
    rc = set(&m->title, (const char *)t, strlen((const char *)t));
    xmlFree(t);
    return rc;
}

int msd_html_meta_element(msd_html_meta *m, xmlNode *el)
{
    const xmlChar *name = el->name;
    if (msd_html_eq(name, "meta")) return meta_tag(m, el);
    if (msd_html_eq(name, "script")) return ld_script(m, el);
    if (msd_html_eq(name, "title")) return title_tag(m, el);
    if (msd_html_eq(name, "link")) return link_tag(m, el);
    if (msd_html_eq(name, "html")) {
        if (set_attr(&m->lang, el, "lang")) return MARSAD_ENOMEM;
        return set_attr(&m->dir, el, "dir");
    }
    return MARSAD_OK;
}

void msd_html_meta_free(msd_html_meta *m)
{
    char **slots[] = {&m->og_title,     &m->og_site,   &m->og_time, &m->ld_headline, &m->ld_date,
                      &m->ld_publisher, &m->ld_author, &m->author,  &m->og_author,   &m->title,
                      &m->canonical,    &m->lang,      &m->dir,     &m->meta_date};
    for (size_t i = 0; i < sizeof slots / sizeof slots[0]; i++) {
        free(*slots[i]);
        *slots[i] = NULL;
    }
}
