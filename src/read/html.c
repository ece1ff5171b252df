/*
 * html.c — main-content extraction from a news page (html.h): the DOM walk that cuts
 * the page into text blocks, and the jusText-style classification of those blocks.
 *
 * Why block by block: news sites wrap one article in menus, breadcrumbs, share bars,
 * "read also" lists and footers, with no markup that reliably says "this is the
 * article". jusText (Pomikálek 2011) showed that deciding per paragraph on length,
 * link density and context, then settling the short ones by their neighbours, keeps
 * article text and drops boilerplate with few rules. Markup adds what jusText lacks:
 * boilerplate containers (nav, footer, class="share" ...) are removed outright — but
 * not one holding most of the page's prose, which themes name "content-sidebar-wrap"
 * and the like — and the element holding most of the good text is taken as the article
 * body, so its short paragraphs, quotes and list items are never lost, and nothing
 * beside it is kept. Each rule's effect on trafilatura's evaluation set is cited where
 * it is (bench/traf_eval; docs/clean.md has the table).
 *
 * The walk is iterative (enter/leave through parent pointers), so a page nested a
 * million deep costs no stack. Each element gets a record, indexed through the node's
 * _private field, that remembers its flags and the range of blocks it holds.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "marsad.h"
#include "read/html.h"
#include "read/html_int.h"
#include "util/grow.h"

#define HTML_MAX_BYTES ((size_t)64 << 20)
#define LONG_BLOCK     70   /* characters: a paragraph, not a label (jusText's length_low) */
#define NEAR_GOOD      40   /* a short block this long, link-free, may join good neighbours */
#define LINK_BAD       0.5  /* link density above which a block is navigation */
#define LINK_GOOD      0.25 /* link density a long block may have and still be good */
#define MAX_TIMES      64   /* <time> elements remembered, boilerplate's included */
#define NONE           ((size_t)-1)

/* Element and context flags. Bits below N_COUNTED are counted while inside. */
enum {
    F_BREAD = 1u << 0,
    F_NAV = 1u << 1,
    F_RELATED = 1u << 2,
    F_WIDGET = 1u << 3,
    F_FOOTER = 1u << 4,
    F_HEADER = 1u << 5,
    F_ASIDE = 1u << 6,
    F_FORM = 1u << 7,
    F_COMMENT = 1u << 8,
    F_CAPTION = 1u << 9,
    F_HEADING = 1u << 10, /* h1-h3 */
    F_LINK = 1u << 11,
    F_ARTICLE = 1u << 12,
    F_HEAD = 1u << 13,
    F_BLOCK = 1u << 14, /* delimits text blocks */
    F_SKIP = 1u << 15,  /* dropped with its content */
    F_BREAK = 1u << 16, /* br, hr: ends the current block */
    F_ROOT = 1u << 17   /* html, body: too broad to be an article body */
};
#define N_COUNTED 14
#define D_LINK    11 /* depth[] slots of F_LINK, F_ARTICLE, F_HEAD */
#define D_ARTICLE 12
#define D_HEAD    13
#define F_BOILER  0x3ffu

enum { C_BAD, C_SHORT, C_GOOD };

typedef struct msd_html_block {
    char *text;
    size_t chars, links;
    unsigned flags; /* context: the masks of the elements around it (settle_markup) */
    size_t el;      /* innermost block-level element */
    size_t inner;   /* innermost element, when its first character was seen */
    int init, cls, prev, next;
    const char *reason;
} msd_html_block;

typedef struct msd_html_el {
    size_t parent, pblock; /* enclosing element, enclosing block-level element */
    size_t first, end;     /* the blocks inside: [first, end) */
    size_t good;           /* characters of good text inside */
    size_t prose;          /* characters of long, link-poor blocks inside */
    unsigned mask;         /* its own flags */
    unsigned tags;         /* those its tag gives, without its class and id words */
    unsigned ctx;          /* its own and its ancestors' flags */
} msd_html_el;

typedef struct msd_html_ctx {
    msd_html_block *b;
    size_t nb, capb;
    msd_html_el *e;
    size_t ne, cape;
    unsigned depth[N_COUNTED];
    size_t cur_el, cur_block;
    msd_html_buf buf; /* the block being built */
    size_t buf_links, buf_el, buf_inner;
    msd_html_meta meta;
    struct {
        size_t pos; /* the block it comes before */
        size_t el;  /* the element around it, or NONE */
        char *v;
    } times[MAX_TIMES];
    size_t ntimes;
} msd_html_ctx;

static const struct {
    const char *name;
    unsigned mask;
} tags[] = {
    {"a", F_LINK},
    {"p", F_BLOCK},
    {"div", F_BLOCK},
    {"li", F_BLOCK},
    {"span", 0},
    {"br", F_BREAK},
    {"script", F_SKIP},
    {"style", F_SKIP},
    /* What scripting would replace: a "turn JavaScript on" notice, a tracking pixel. Not
     * skipped, as libxml2 lets an unclosed one swallow the page: settle_markup() keeps
     * it then (trafilatura's pages, tuning half: F1 0.9169 -> 0.9194). */
    {"noscript", F_WIDGET | F_BLOCK},
    {"template", F_SKIP},
    {"iframe", F_SKIP},
    {"svg", F_SKIP},
    {"math", F_SKIP},
    {"object", F_SKIP},
    {"embed", F_SKIP},
    {"canvas", F_SKIP},
    {"select", F_SKIP},
    {"option", F_SKIP},
    {"textarea", F_SKIP},
    {"button", F_SKIP},
    {"input", F_SKIP},
    {"datalist", F_SKIP},
    {"title", F_SKIP},
    {"video", F_SKIP},
    {"audio", F_SKIP},
    {"rt", F_SKIP},
    {"rp", F_SKIP},
    {"head", F_HEAD | F_BLOCK},
    {"nav", F_NAV | F_BLOCK},
    {"header", F_HEADER | F_BLOCK},
    {"footer", F_FOOTER | F_BLOCK},
    {"aside", F_ASIDE | F_BLOCK},
    {"form", F_FORM | F_BLOCK},
    {"menu", F_WIDGET | F_BLOCK},
    {"figcaption", F_CAPTION | F_BLOCK},
    {"h1", F_HEADING | F_BLOCK},
    {"h2", F_HEADING | F_BLOCK},
    {"h3", F_HEADING | F_BLOCK},
    {"article", F_ARTICLE | F_BLOCK},
    {"html", F_ROOT | F_BLOCK},
    {"body", F_ROOT | F_BLOCK},
    {"hr", F_BREAK},
    {"h4", F_BLOCK},
    {"h5", F_BLOCK},
    {"h6", F_BLOCK},
    {"ul", F_BLOCK},
    {"ol", F_BLOCK},
    {"dl", F_BLOCK},
    {"dt", F_BLOCK},
    {"dd", F_BLOCK},
    {"td", F_BLOCK},
    {"th", F_BLOCK},
    {"tr", F_BLOCK},
    {"table", F_BLOCK},
    {"tbody", F_BLOCK},
    {"thead", F_BLOCK},
    {"tfoot", F_BLOCK},
    {"caption", F_BLOCK},
    {"blockquote", F_BLOCK},
    {"pre", F_BLOCK},
    {"section", F_BLOCK},
    {"main", F_BLOCK},
    {"figure", F_BLOCK},
    {"address", F_BLOCK},
    {"center", F_BLOCK},
    {"details", F_BLOCK},
    {"summary", F_BLOCK},
    {"fieldset", F_BLOCK},
    {"legend", F_BLOCK},
    {"dialog", F_BLOCK},
    {"hgroup", F_BLOCK},
};

/* Class/id words. edge 0: anywhere; 1: at a word's start or end (main-nav, navbar, not
 * canvas); 2: a whole word (ads, not uploads). "author" is the box about the writer
 * ("author-bio", "about-author"; a byline is too short to matter) and "copyright" the
 * notice: on trafilatura's pages, tuning half, F1 0.9075 -> 0.9111 -> 0.9127. */
static const struct {
    const char *key;
    unsigned flag;
    int edge;
} keys[] = {
    {"breadcrumb", F_BREAD, 0},  {"related", F_RELATED, 0},  {"sidebar", F_ASIDE, 0},
    {"comment", F_COMMENT, 0},   {"footer", F_FOOTER, 0},    {"share", F_WIDGET, 0},
    {"social", F_WIDGET, 0},     {"widget", F_WIDGET, 0},    {"advert", F_WIDGET, 0},
    {"newsletter", F_WIDGET, 0}, {"subscribe", F_WIDGET, 0}, {"menu", F_WIDGET, 0},
    {"tags", F_WIDGET, 0},       {"caption", F_CAPTION, 0},  {"nav", F_NAV, 1},
    {"ads", F_WIDGET, 2},        {"author", F_RELATED, 0},   {"copyright", F_FOOTER, 0},
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_libxml(void)
{
    xmlInitParser();
}

static unsigned tag_mask(const xmlChar *name)
{
    for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
        if (msd_html_eq(name, tags[i].name)) return tags[i].mask;
    return 0;
}

static int alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static int key_at(const char *s, const char *hit, size_t k, int edge)
{
    int start = hit == s || !alnum((unsigned char)hit[-1]);
    int end = !alnum((unsigned char)hit[k]);
    return edge == 0 || (edge == 1 && (start || end)) || (edge == 2 && start && end);
}

static unsigned words_mask(const char *s)
{
    unsigned m = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        size_t k = strlen(keys[i].key);
        for (const char *h = strstr(s, keys[i].key); h; h = strstr(h + 1, keys[i].key))
            if (key_at(s, h, k, keys[i].edge)) {
                m |= keys[i].flag;
                break;
            }
    }
    return m;
}

static unsigned attr_mask(xmlNode *n, const char *attr)
{
    char low[256];
    size_t k = 0;
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    if (!v) return 0;
    for (const xmlChar *p = v; *p && k < sizeof low - 1; p++)
        low[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    low[k] = '\0';
    xmlFree(v);
    return words_mask(low);
}

static unsigned el_mask(const msd_html_ctx *c, xmlNode *n, unsigned *by_tag)
{
    unsigned m = tag_mask(n->name);
    /* An article's own <header> holds its headline, not the site's masthead. */
    if ((m & F_HEADER) && c->depth[D_ARTICLE]) m &= ~F_HEADER;
    *by_tag = m;
    /* Themes put "has-sidebar nav-open" on <body> and <article>; it says nothing. */
    if (!(m & (F_ROOT | F_ARTICLE | F_SKIP | F_HEAD)))
        m |= attr_mask(n, "class") | attr_mask(n, "id");
    return m;
}

/* Ends the block being built; an empty one is forgotten. */
static int flush(msd_html_ctx *c)
{
    msd_html_block *b;
    int rc;
    if (!c->buf.chars) {
        c->buf.pending = 0;
        return MARSAD_OK;
    }
    if ((rc = msd_grow((void **)&c->b, &c->capb, c->nb + 1, sizeof *c->b, MSD_GROW_DOC_MAX)))
        return rc;
    b = &c->b[c->nb++];
    memset(b, 0, sizeof *b);
    b->chars = c->buf.chars;
    b->links = c->buf_links;
    b->el = c->buf_el;
    b->inner = c->buf_inner;
    b->text = msd_html_buf_take(&c->buf);
    c->buf_links = 0;
    return MARSAD_OK;
}

static int add_text(msd_html_ctx *c, const xmlChar *s)
{
    size_t added = 0, before = c->buf.chars;
    if (!s || c->depth[D_HEAD]) return MARSAD_OK; /* text of <head> is no content */
    if (msd_html_buf_text(&c->buf, (const char *)s, strlen((const char *)s), &added))
        return MARSAD_ENOMEM;
    if (!before && c->buf.chars) {
        c->buf_el = c->cur_block;
        c->buf_inner = c->cur_el;
    }
    if (c->depth[D_LINK]) c->buf_links += added;
    return MARSAD_OK;
}

/* A <time datetime>, remembered with its place among the blocks and the element around
 * it: whether that is boilerplate is known only once settle_markup() has seen the whole
 * page (a layout wrapper named "content-sidebar-wrap" is not). */
static int add_time(msd_html_ctx *c, xmlNode *n)
{
    xmlChar *v;
    int rc;
    if (c->ntimes == MAX_TIMES) return MARSAD_OK;
    v = xmlGetProp(n, (const xmlChar *)"datetime");
    if (!v) return MARSAD_OK;
    c->times[c->ntimes].pos = c->nb;
    c->times[c->ntimes].el = c->cur_el;
    rc = msd_html_clean((const char *)v, strlen((const char *)v), &c->times[c->ntimes].v);
    xmlFree(v);
    if (!rc && c->times[c->ntimes].v) c->ntimes++;
    return rc;
}

static int enter(msd_html_ctx *c, xmlNode *n, int *descend)
{
    unsigned m, by_tag;
    msd_html_el *e;
    int rc;
    *descend = 0;
    if ((rc = msd_html_meta_element(&c->meta, n))) return rc;
    m = el_mask(c, n, &by_tag);
    if (m & (F_SKIP | F_BREAK)) return m & F_BREAK ? flush(c) : MARSAD_OK;
    if ((m & ~F_LINK) && (rc = flush(c))) return rc;
    if (msd_html_eq(n->name, "time") && (rc = add_time(c, n))) return rc;
    if ((rc = msd_grow((void **)&c->e, &c->cape, c->ne + 1, sizeof *c->e, MSD_GROW_DOC_MAX)))
        return rc;
    e = &c->e[c->ne];
    e->parent = c->cur_el;
    e->pblock = c->cur_block;
    e->first = e->end = c->nb;
    e->good = e->prose = 0;
    e->mask = m;
    e->tags = by_tag;
    e->ctx = 0;
    n->_private = (void *)(uintptr_t)(c->ne + 1);
    c->cur_el = c->ne;
    if (m & F_BLOCK) c->cur_block = c->ne;
    c->ne++;
    for (int i = 0; i < N_COUNTED; i++)
        if (m & (1u << i)) c->depth[i]++;
    *descend = 1;
    return MARSAD_OK;
}

static int leave(msd_html_ctx *c, xmlNode *n)
{
    size_t i;
    msd_html_el *e;
    if (n->type != XML_ELEMENT_NODE || !n->_private) return MARSAD_OK;
    i = (size_t)(uintptr_t)n->_private - 1;
    n->_private = NULL;
    e = &c->e[i];
    if ((e->mask & ~F_LINK) && flush(c)) return MARSAD_ENOMEM;
    for (int k = 0; k < N_COUNTED; k++)
        if (e->mask & (1u << k)) c->depth[k]--;
    c->cur_el = e->parent;
    if (e->mask & F_BLOCK) c->cur_block = e->pblock;
    e->end = c->nb;
    return MARSAD_OK;
}

static int is_doc(const xmlNode *n)
{
    return !n || n->type == XML_DOCUMENT_NODE || n->type == XML_HTML_DOCUMENT_NODE;
}

static int visit(msd_html_ctx *c, xmlNode *n, int *descend)
{
    *descend = 0;
    if (n->type == XML_ELEMENT_NODE) return enter(c, n, descend);
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return add_text(c, n->content);
    return MARSAD_OK;
}

static int walk(msd_html_ctx *c, xmlDoc *doc)
{
    xmlNode *n = doc->children;
    while (n) {
        int descend;
        if (visit(c, n, &descend)) return MARSAD_ENOMEM;
        if (descend && n->children) {
            n = n->children;
            continue;
        }
        if (leave(c, n)) return MARSAD_ENOMEM;
        while (!n->next) {
            n = n->parent;
            if (is_doc(n)) return flush(c);
            if (leave(c, n)) return MARSAD_ENOMEM;
        }
        n = n->next;
    }
    return flush(c);
}

/* ---- Classification ------------------------------------------------------------------ */

static const char *markup_reason(unsigned f)
{
    if (f & F_CAPTION) return "caption";
    if (f & F_FOOTER) return "footer";
    if (f & F_BREAD) return "breadcrumb";
    if (f & (F_RELATED | F_ASIDE)) return "related";
    if (f & F_WIDGET) return "widget";
    if (f & F_NAV) return "breadcrumb";
    return "other";
}

static double density(const msd_html_block *b)
{
    return b->chars ? (double)b->links / (double)b->chars : 0.0;
}

/* A boilerplate name on an element that holds most of the page's prose names a layout,
 * not a box beside the article: themes wrap the page in "content-sidebar-wrap",
 * "has-sidebar", "elementor-widget-container", Blogger's "widget Blog", an unclosed
 * <header> or ASP.NET's page-wide <form>. Such an element loses its boilerplate flags;
 * a block's flags are then the union of its elements'. Prose: blocks that would be good
 * on their own (long, link-poor). On trafilatura's 989 pages (bench/traf_eval), 108 gave
 * no text before, 7 after; F1 0.8274 -> 0.8961. Share 0.5 is the best on the tuning half
 * (F1 0.3: 0.8932, 0.4: 0.8930, 0.5: 0.8957, 0.6: 0.8925, 0.75: 0.8852). */
#define WRAPPER_SHARE 0.5

static void settle_markup(msd_html_ctx *c, int words)
{
    size_t total = 0;
    for (size_t i = 0; i < c->ne; i++) c->e[i].prose = c->e[i].good = 0;
    for (size_t i = 0; i < c->nb; i++) {
        msd_html_block *b = &c->b[i];
        if (b->inner != NONE && b->chars >= LONG_BLOCK && density(b) <= LINK_GOOD)
            c->e[b->inner].prose += b->chars;
    }
    for (size_t i = c->ne; i-- > 0;)
        if (c->e[i].parent != NONE)
            c->e[c->e[i].parent].prose += c->e[i].prose;
        else
            total += c->e[i].prose;
    for (size_t i = 0; i < c->ne; i++) {
        msd_html_el *e = &c->e[i];
        unsigned own = words ? e->mask : e->tags;
        if ((own & F_BOILER) && total && (double)e->prose > WRAPPER_SHARE * (double)total)
            own &= ~F_BOILER;
        e->ctx = own | (e->parent != NONE ? c->e[e->parent].ctx : 0);
    }
    for (size_t i = 0; i < c->nb; i++)
        c->b[i].flags = c->b[i].inner != NONE ? c->e[c->b[i].inner].ctx : 0;
}

static void classify_one(msd_html_block *b)
{
    double ld = density(b);
    if (b->flags & F_BOILER) {
        b->init = C_BAD;
        b->reason = markup_reason(b->flags);
    } else if (ld > LINK_BAD) {
        b->init = C_BAD;
        b->reason = "related";
    } else if (b->chars >= LONG_BLOCK && ld <= LINK_GOOD) {
        b->init = C_GOOD;
    } else {
        b->init = C_SHORT;
    }
    b->cls = b->init;
}

static int hard_bad(const msd_html_block *b)
{
    return b->init == C_BAD;
}

/* jusText's context step: a short block takes the class of its good or bad
 * surroundings; the page's edges count as bad. */
static void by_neighbours(msd_html_block *b, size_t nb)
{
    int last = C_BAD;
    for (size_t i = 0; i < nb; i++) {
        b[i].prev = last;
        if (b[i].init != C_SHORT) last = b[i].init;
    }
    last = C_BAD;
    for (size_t i = nb; i-- > 0;) {
        b[i].next = last;
        if (b[i].init != C_SHORT) last = b[i].init;
    }
    for (size_t i = 0; i < nb; i++) {
        int near = b[i].chars >= NEAR_GOOD && b[i].links == 0;
        if (b[i].init != C_SHORT) continue;
        if (b[i].prev == C_GOOD && b[i].next == C_GOOD)
            b[i].cls = C_GOOD;
        else if ((b[i].prev == C_GOOD || b[i].next == C_GOOD) && near)
            b[i].cls = C_GOOD;
        else
            b[i].cls = C_BAD;
    }
}

/* A heading is kept when good text follows it before any boilerplate. */
static void headings(msd_html_block *b, size_t nb)
{
    for (size_t i = 0; i < nb; i++) {
        if (!(b[i].flags & F_HEADING) || hard_bad(&b[i]) || b[i].cls == C_GOOD) continue;
        for (size_t j = i + 1; j < nb && j <= i + 4 && !hard_bad(&b[j]); j++)
            if (b[j].cls == C_GOOD) {
                b[i].cls = C_GOOD;
                break;
            }
    }
}

/* Whether element a holds element b (or b is NONE). */
static int contains(const msd_html_ctx *c, size_t a, size_t b)
{
    return b == NONE || (c->e[a].first <= c->e[b].first && c->e[a].end >= c->e[b].end);
}

/* The deepest element holding BODY_SHARE of the good text, or an <article> holding
 * over half of it; NONE when neither is narrower than the whole page. Since nothing
 * outside the body is kept (keep_body), the share is high: trafilatura's pages, tuning
 * half, F1 0.60: 0.9009, 0.75: 0.9053, 0.85: 0.9064, 0.90: 0.9055, 0.95: 0.8984. */
#define BODY_SHARE 0.85
static size_t find_body(msd_html_ctx *c)
{
    size_t total = 0, best = NONE;
    for (size_t i = 0; i < c->nb; i++)
        if (c->b[i].cls == C_GOOD && c->b[i].el != NONE) c->e[c->b[i].el].good += c->b[i].chars;
    for (size_t i = c->ne; i-- > 0;)
        if (c->e[i].parent != NONE) c->e[c->e[i].parent].good += c->e[i].good;
    for (size_t i = 0; i < c->ne; i++)
        if (c->e[i].parent == NONE) total += c->e[i].good;
    if (!total) return NONE;
    for (size_t i = 0; i < c->ne; i++)
        if ((double)c->e[i].good >= BODY_SHARE * (double)total && !(c->e[i].mask & F_ROOT))
            best = i;
    for (size_t i = 0; i < c->ne; i++)
        if ((c->e[i].mask & F_ARTICLE) && c->e[i].good * 2 > total && contains(c, i, best))
            best = i;
    return best;
}

#define TAIL 3 /* short blocks after the last good one that may still be the article's */

/* Whether a long paragraph follows block i before boilerplate: what makes a heading
 * inside the body the article's own, not the title of a list ("Mehr zum Thema", "Notas
 * relacionadas") that the body holds (tuning half, F1 0.9127 -> 0.9140). */
static int opens_text(const msd_html_ctx *c, size_t i)
{
    for (size_t j = i + 1; j < c->nb && j <= i + 4 && !hard_bad(&c->b[j]); j++)
        if (c->b[j].init == C_GOOD) return 1;
    return 0;
}

/* Inside the article body, every block that is not boilerplate is article, from the
 * body's first block to its last good one: the short lines after it there are the
 * article's furniture ("Mehr zum Thema", a date, "Foto: …"), not its text (trafilatura's
 * pages, tuning half: F1 0.8957 -> 0.9026 with them cut, 0.9012 keeping three as below).
 * Outside the body nothing is article, whatever its length: author boxes, teasers and
 * appeals beside the article (0.9026 -> 0.9053). Without a body narrower than the
 * page, the article is the run from the first good block to the last, and the few short
 * blocks after it (a closing line, a date) before boilerplate or a heading. */
static void keep_body(msd_html_ctx *c, size_t body)
{
    size_t from = NONE, to = 0, lo = 0, hi = c->nb;
    if (body != NONE) lo = c->e[body].first, hi = c->e[body].end;
    for (size_t i = lo; i < hi; i++)
        if (c->b[i].cls == C_GOOD) {
            if (from == NONE) from = body != NONE ? lo : i;
            to = i + 1;
        }
    /* A heading there opens something else: "more news", "comments". */
    for (size_t k = 0; body == NONE && from != NONE && k < TAIL && to < c->nb; k++, to++)
        if (hard_bad(&c->b[to]) || (c->b[to].flags & F_HEADING)) break;
    for (size_t i = 0; i < c->nb; i++)
        if (i >= from && i < to && from != NONE) {
            const msd_html_block *b = &c->b[i];
            if (hard_bad(b) ||
                (body != NONE && (b->flags & F_HEADING) && b->cls != C_GOOD && !opens_text(c, i)))
                continue;
            c->b[i].cls = C_GOOD;
        } else if (body != NONE && (i < lo || i >= hi)) {
            c->b[i].cls = C_BAD;
        }
}

static void classify(msd_html_ctx *c, size_t *body, int words)
{
    settle_markup(c, words);
    for (size_t i = 0; i < c->nb; i++) {
        c->b[i].reason = NULL;
        classify_one(&c->b[i]);
    }
    by_neighbours(c->b, c->nb);
    headings(c->b, c->nb);
    *body = find_body(c);
    keep_body(c, *body);
    headings(c->b, c->nb);
    for (size_t i = 0; i < c->nb; i++)
        if (c->b[i].cls != C_GOOD && !c->b[i].reason) c->b[i].reason = "other";
}

/* ---- Output -------------------------------------------------------------------------- */

static int build_text(msd_html_ctx *c, msd_html_doc *doc)
{
    size_t len = 0, at = 0, need = 0;
    char *s, *fixed;
    for (size_t i = 0; i < c->nb; i++)
        if (c->b[i].cls == C_GOOD) len += strlen(c->b[i].text) + 1;
    s = malloc(len + 1);
    if (!s) return MARSAD_ENOMEM;
    for (size_t i = 0; i < c->nb; i++) {
        size_t k;
        if (c->b[i].cls != C_GOOD) continue;
        if (at) s[at++] = '\n';
        k = strlen(c->b[i].text);
        memcpy(s + at, c->b[i].text, k);
        at += k;
    }
    s[at] = '\0';
    if (marsad_utf8_check(s, at, NULL) != MARSAD_OK) { /* not expected: belt and braces */
        marsad_utf8_repair(s, at, NULL, 0, &need, NULL);
        fixed = malloc(need + 1);
        if (!fixed) goto fail;
        marsad_utf8_repair(s, at, fixed, need, &need, NULL);
        fixed[need] = '\0';
        free(s);
        s = fixed;
        at = need;
    }
    doc->text = s;
    doc->text_len = at;
    return MARSAD_OK;
fail:
    free(s);
    return MARSAD_ENOMEM;
}

static int build_removed(msd_html_ctx *c, msd_html_doc *doc)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nb; i++) n += c->b[i].cls != C_GOOD;
    if (!n) return MARSAD_OK;
    doc->removed = calloc(n, sizeof *doc->removed);
    if (!doc->removed) return MARSAD_ENOMEM;
    for (size_t i = 0; i < c->nb; i++) {
        if (c->b[i].cls == C_GOOD) continue;
        doc->removed[doc->n_removed].text = c->b[i].text;
        doc->removed[doc->n_removed++].reason = c->b[i].reason;
        c->b[i].text = NULL;
    }
    return MARSAD_OK;
}

static char *take(char **a, char **b, char **d)
{
    char **p = *a ? a : *b ? b : d;
    char *s = *p;
    *p = NULL;
    return s;
}

/* The first <time> outside boilerplate inside the body, else the first outside it. */
static char *take_time(msd_html_ctx *c, size_t body)
{
    size_t pick = NONE;
    char *s;
    for (size_t i = 0; i < c->ntimes; i++) {
        size_t el = c->times[i].el;
        int inside = body != NONE && c->times[i].pos >= c->e[body].first &&
                     c->times[i].pos <= c->e[body].end;
        if (el != NONE && (c->e[el].ctx & F_BOILER)) continue;
        if (pick == NONE) pick = i;
        if (inside) {
            pick = i;
            break;
        }
    }
    if (pick == NONE) return NULL;
    s = c->times[pick].v;
    c->times[pick].v = NULL;
    return s;
}

static void take_meta(msd_html_ctx *c, size_t body, msd_html_doc *doc)
{
    msd_html_meta *m = &c->meta;
    char *none = NULL;
    doc->title = take(&m->og_title, &m->ld_headline, &m->title);
    doc->site_name = take(&m->og_site, &m->ld_publisher, &none);
    doc->author = take(&m->author, &m->ld_author, &m->og_author);
    doc->published = take(&m->og_time, &m->ld_date, &m->meta_date);
    if (!doc->published) doc->published = take_time(c, body);
    doc->canonical = take(&m->canonical, &none, &none);
    doc->lang = take(&m->lang, &none, &none);
    doc->dir = take(&m->dir, &none, &none);
}

static void ctx_free(msd_html_ctx *c)
{
    for (size_t i = 0; i < c->nb; i++) free(c->b[i].text);
    for (size_t i = 0; i < c->ntimes; i++) free(c->times[i].v);
    free(c->b);
    free(c->e);
    msd_html_buf_free(&c->buf);
    msd_html_meta_free(&c->meta);
}

/* ---- Entry points -------------------------------------------------------------------- */

/* XML_PARSE_HUGE lifts libxml2's depth limit of 256 elements, past which it dropped the
 * rest of the page (an article under 300 nested <div>s came out as "no text"); walk()
 * is iterative, so depth costs no stack of ours. The other limits it lifts (a text node
 * over 10 MB) are bounded here by the reader's max_document. */
static int parse(const char *utf8, size_t len, xmlDoc **out)
{
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
    htmlParserCtxtPtr p;
    char *capped = NULL;
    size_t capped_len = 0;
    *out = NULL;
    if (!len || len > INT32_MAX) return MARSAD_EFORMAT;
    if (msd_html_cap_attrs(utf8, len, MSD_HTML_MAX_ATTRS, &capped, &capped_len))
        return MARSAD_ENOMEM;
    if (capped) utf8 = capped, len = capped_len;
    p = htmlNewParserCtxt();
    if (!p) {
        free(capped);
        return MARSAD_ENOMEM;
    }
    *out = htmlCtxtReadMemory(p, utf8, (int)len, NULL, "UTF-8", opts);
    free(capped);
    if (!*out) {
        int nomem = p->errNo == XML_ERR_NO_MEMORY;
        htmlFreeParserCtxt(p);
        return nomem ? MARSAD_ENOMEM : MARSAD_EFORMAT;
    }
    htmlFreeParserCtxt(p);
    return MARSAD_OK;
}

/* Whether any block is kept. A page whose every paragraph sits under boilerplate names
 * (Elementor's sections each a "widget-container", a shop's product <form>), no one of
 * them holding half the prose, is read again by its tags alone: better its text with
 * some clutter than none (trafilatura's pages, tuning half: F1 0.9140 -> 0.9169). */
static int any_good(const msd_html_ctx *c)
{
    for (size_t i = 0; i < c->nb; i++)
        if (c->b[i].cls == C_GOOD) return 1;
    return 0;
}

static int extract(msd_html_ctx *c, xmlDoc *xdoc, msd_html_doc *doc)
{
    size_t body;
    c->cur_el = c->cur_block = NONE;
    if (walk(c, xdoc)) return MARSAD_ENOMEM;
    if (!c->nb) return MARSAD_EFORMAT;
    classify(c, &body, 1);
    if (!any_good(c)) classify(c, &body, 0);
    if (build_text(c, doc) || build_removed(c, doc)) return MARSAD_ENOMEM;
    take_meta(c, body, doc);
    return MARSAD_OK;
}

int msd_html_extract(const char *html, size_t n, const char *charset, msd_html_doc *doc)
{
    msd_html_ctx c;
    char *utf8 = NULL;
    size_t len = 0;
    xmlDoc *xdoc = NULL;
    int rc;
    if (!doc) return MARSAD_EINVAL;
    memset(doc, 0, sizeof *doc);
    memset(&c, 0, sizeof c);
    if (!html && n) return MARSAD_EINVAL;
    if (n > HTML_MAX_BYTES) return MARSAD_ETOOBIG;
    if (!n) return MARSAD_EFORMAT;
    if (pthread_once(&init_once, init_libxml)) return MARSAD_ENOMEM;
    rc = msd_html_decode(html, n, charset, &utf8, &len, &doc->charset);
    if (rc) goto fail;
    rc = parse(utf8, len, &xdoc);
    free(utf8);
    if (rc) goto fail;
    rc = extract(&c, xdoc, doc);
    xmlFreeDoc(xdoc);
    ctx_free(&c);
    if (rc) goto fail;
    return MARSAD_OK;
fail:
    msd_html_doc_free(doc);
    return rc;
}

void msd_html_doc_free(msd_html_doc *doc)
{
    if (!doc) return;
    free(doc->title);
    free(doc->site_name);
    free(doc->author);
    free(doc->published);
    free(doc->canonical);
    free(doc->lang);
    free(doc->dir);
    free(doc->charset);
    free(doc->text);
    for (size_t i = 0; i < doc->n_removed; i++) free(doc->removed[i].text);
    free(doc->removed);
    memset(doc, 0, sizeof *doc);
}
