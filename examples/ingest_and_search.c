/*
 * ingest_and_search.c — libmarsad from a program of one's own, through marsad.h alone:
 * ingest crawled news into an archive, search it, and read one result's facts back.
 *
 *   cc ingest_and_search.c $(pkg-config --cflags --libs marsad) -o ingest_and_search
 *   ./ingest_and_search ARCHIVE QUERY FILE|DIR...
 *
 * Prints the ingest's counts, the results (id, title), and the people, places and
 * figures of the best one; exits 1 on an error, printing the library's message.
 */
#include <marsad.h>
#include <stdio.h>
#include <string.h>

static int fail(const char *what, int rc, marsad_archive *a)
{
    fprintf(stderr, "%s: %s%s%s\n", what, marsad_strerror(rc), a ? ": " : "",
            a ? marsad_archive_errmsg(a) : "");
    marsad_archive_close(a);
    return 1;
}

int main(int argc, char **argv)
{
    marsad_archive *a = NULL;
    marsad_input in = {argv + 3, (size_t)(argc > 3 ? argc - 3 : 0), NULL, 0, NULL};
    marsad_options opt;
    marsad_report rep;
    marsad_results *res = NULL;
    marsad_search_options so;
    marsad_query_error err;
    marsad_article *art = NULL;
    int rc;

    if (argc < 4) {
        fprintf(stderr, "usage: %s ARCHIVE QUERY FILE|DIR...\n", argv[0]);
        return 2;
    }
    /* ingest: a writer, every core, the built-in names */
    if ((rc = marsad_archive_open(argv[1], MARSAD_WRITE, NULL, &a))) return fail("open", rc, a);
    marsad_options_init(&opt);
    if ((rc = marsad_ingest(a, &in, &opt, &rep))) return fail("ingest", rc, a);
    printf("read %llu, stored %llu (%llu duplicates), rejected %llu\n",
           (unsigned long long)rep.read, (unsigned long long)rep.stored,
           (unsigned long long)(rep.exact + rep.near), (unsigned long long)rep.rejected);
    if ((rc = marsad_archive_close(a))) return fail("close", rc, NULL);

    /* search: a reader, the query language of `marsad search` */
    if ((rc = marsad_archive_open(argv[1], MARSAD_READ, NULL, &a))) return fail("open", rc, a);
    marsad_search_options_init(&so);
    so.limit = 3;
    rc = marsad_search(a, argv[2], strlen(argv[2]), &so, &res, &err);
    if (rc == MARSAD_EQUERY) {
        fprintf(stderr, "query error at %zu: %s\n", err.position, err.message);
        marsad_archive_close(a);
        return 1;
    }
    if (rc) return fail("search", rc, a);
    printf("%llu matching\n", (unsigned long long)marsad_results_total(res, NULL));
    for (size_t i = 0; i < marsad_results_count(res); i++) {
        const marsad_hit *h = marsad_results_hit(res, i);
        printf("%zu. %s  %s\n", i + 1, h->id, h->title);
    }

    /* the best result, whole: its facts point back into its body */
    if (marsad_results_count(res) &&
        !(rc = marsad_archive_get(a, marsad_results_hit(res, 0)->id, &art))) {
        for (size_t i = 0; i < marsad_article_count(art, MARSAD_ENTITIES); i++) {
            marsad_entity e;
            marsad_article_entity_at(art, i, &e);
            printf("  %s %s [%zu, %zu)\n", e.type, e.canonical, e.start, e.end);
        }
        for (size_t i = 0; i < marsad_article_count(art, MARSAD_NUMBERS); i++) {
            marsad_number n;
            marsad_article_number_at(art, i, &n);
            printf("  %s %g (%s)\n", n.qualifier, n.value, n.text);
        }
    }
    marsad_article_free(art);
    marsad_results_free(res);
    marsad_archive_close(a);
    return rc ? fail("get", rc, NULL) : 0;
}
