/*
 * date.h — calendar days as the catalog and the index keep them.
 */
#ifndef MSD_UTIL_DATE_H
#define MSD_UTIL_DATE_H

#include <stdint.h>

#define MSD_NO_DAY INT32_MIN /* no date (the index's MSD_SEG_NO_DATE) */

/* Days since 1970-01-01 of "YYYY-MM-DD…" (proleptic Gregorian), or MSD_NO_DAY when the
 * text does not begin with such a date. */
int32_t msd_date_days(const char *iso);

/* Whether y-m-d is a day of the Gregorian calendar (29 February only in a leap year). */
int msd_date_valid(int y, int m, int d);

/* A date in the article JSON's form: "YYYY-MM-DD" or "YYYY-MM" from the start of an ISO
 * 8601 value ("2015-07-21 02:51:32", "2015-07-21T02:51:32Z", "2015-07"), written into buf
 * (at least 11 bytes); NULL when the value begins otherwise (the caller keeps it raw). */
const char *msd_date_iso(const char *date, char buf[11]);

#endif
