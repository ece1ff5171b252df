/* date.c — calendar days; see date.h. */
#include "util/date.h"

#include <stdio.h>
#include <string.h>

int32_t msd_date_days(const char *iso)
{
    int y, m, d;
    long yy, era, yoe, doy, doe;
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
        return MSD_NO_DAY;
    /* days from civil (H. Hinnant's algorithm): eras of 400 years from 0000-03-01 */
    yy = y - (m <= 2);
    era = (yy >= 0 ? yy : yy - 399) / 400;
    yoe = yy - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

int msd_date_valid(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1] - (m == 2 && !leap);
}

static int digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

const char *msd_date_iso(const char *date, char buf[11])
{
    size_t n = date ? strlen(date) : 0;
    int month, day;
    if (n < 7 || !digits(date, 4) || date[4] != '-' || !digits(date + 5, 2)) return NULL;
    month = (date[5] - '0') * 10 + (date[6] - '0');
    if (month < 1 || month > 12) return NULL;
    day = n >= 10 && date[7] == '-' && digits(date + 8, 2) ? (date[8] - '0') * 10 + (date[9] - '0')
                                                           : 0;
    if (day >= 1 && day <= 31) {
        memcpy(buf, date, 10);
        buf[10] = 0;
    } else {
        memcpy(buf, date, 7);
        buf[7] = 0;
    }
    return buf;
}
