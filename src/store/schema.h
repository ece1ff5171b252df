/*
 * schema.h — the catalog schema's migrations (schema.c): migration v takes a catalog at
 * version v-1 to version v; version 1 creates it.
 */
#ifndef MSD_STORE_SCHEMA_H
#define MSD_STORE_SCHEMA_H

#include <stddef.h>

/* The latest schema version (the number of migrations). */
size_t msd_schema_versions(void);

/* The SQL of migration `version` (1-based): a static string, never freed; NULL past the
 * last version or for 0. */
const char *msd_schema_migration(size_t version);

#endif
