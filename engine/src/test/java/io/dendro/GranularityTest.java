package io.dendro;

import static io.dendro.CalendarOracle.instant;
import static io.dendro.CalendarOracle.nanos;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Granularity parsing, and {@link Buckets} against an independent oracle written with plain
 * java.time (ZonedDateTime truncation keeping the offset, {@code LocalDate.atStartOfDay}) over
 * random times and every offset change in the range. The seed is printed; vary it with
 * {@code -Ddendro.granularity.seed=S}.
 */
class GranularityTest {
    private static final long SEED = Long.parseLong(System.getProperty("dendro.granularity.seed", "20260329").trim());
    private static final long NS = 1_000_000_000L;
    private static final long MINUTE = 60 * NS;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final List<String> CALENDAR = List.of("seconds", "10seconds", "minutes", "10minutes", "hours",
            "6hours", "days", "weeks", "months", "years");
    private static final List<String> FIXED = List.of("1ns", "7ns", "250ms", "1s", "90s", "15min", "1h", "5h",
            "1000000007ns", "9223372036854775807ns");
    /** The zones, each with windows of interest {@code [from, to)} besides the whole range and its offset changes. */
    private static final Map<String, List<String>> ZONES = new LinkedHashMap<>();

    static {
        ZONES.put("UTC", List.of("2024-02-27T00:00:00Z", "2024-03-02T00:00:00Z", "2000-02-27T00:00:00Z",
                "2000-03-02T00:00:00Z", "1969-12-30T00:00:00Z", "1970-01-02T00:00:00Z"));
        ZONES.put("+05:30", List.of());
        ZONES.put("Europe/Ljubljana", List.of("2026-03-28T00:00:00Z", "2026-03-30T00:00:00Z", "2026-10-24T00:00:00Z",
                "2026-10-26T00:00:00Z"));
        ZONES.put("America/New_York", List.of("2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z", "2026-10-31T00:00:00Z",
                "2026-11-03T00:00:00Z"));
        ZONES.put("Asia/Kolkata", List.of("1941-09-29T00:00:00Z", "1942-09-03T00:00:00Z"));
        ZONES.put("Asia/Kathmandu", List.of("1985-12-31T00:00:00Z", "1986-01-02T00:00:00Z"));
        ZONES.put("Australia/Lord_Howe", List.of("2026-04-04T00:00:00Z", "2026-04-06T00:00:00Z",
                "2026-10-03T00:00:00Z", "2026-10-05T00:00:00Z"));
        // 1930 is before MIN_TIME; buckets are defined for every long, so the test goes there too.
        // The JDK's tzdb (without backzone) makes Amsterdam a link to Brussels, so its 1930s have
        // whole-hour offsets; Africa/Monrovia has -00:44:30 until 1972, within the range.
        ZONES.put("Europe/Amsterdam", List.of("1930-01-01T00:00:00Z", "1938-01-01T00:00:00Z"));
        ZONES.put("Africa/Monrovia", List.of("1971-12-01T00:00:00Z", "1972-02-01T00:00:00Z"));
        ZONES.put("Pacific/Apia", List.of("2011-12-25T00:00:00Z", "2012-01-05T00:00:00Z"));
    }

    @BeforeAll
    static void printSeed() {
        System.out.println("GranularityTest seed " + SEED + " (rerun: -Ddendro.granularity.seed=" + SEED + ")");
    }

    // ---- parsing -------------------------------------------------------------------------

    @Test
    void shouldParseEveryNameAndKey() {
        String[][] named = {{"seconds", "s"}, {"10seconds", "S"}, {"minutes", "m"}, {"10minutes", "M"},
            {"hours", "h"}, {"6hours", "H"}, {"days", "d"}, {"weeks", "weeks"}, {"months", "months"},
            {"years", "years"}};
        Set<Granularity> seen = new HashSet<>();
        for (String[] nk : named) {
            Granularity g = Granularity.parse(nk[0]);
            assertSame(g, Granularity.parse(nk[1]), nk[1]);
            assertSame(g, Granularity.parse(" " + nk[0] + "\t"), "surrounding white space");
            assertEquals(nk[0], g.name());
            assertEquals(nk[1], g.key());
            assertEquals(nk[0], g.toString());
            assertFalse(g.isFixed(), nk[0]);
            assertTrue(seen.add(g), nk[0]);
        }
        assertSame(Granularity.TEN_MINUTES, Granularity.parse("M"));
        assertSame(Granularity.SIX_HOURS, Granularity.parse("6hours"));
    }

    @Test
    void shouldParseFixedWidthsToCanonicalNames() {
        String[][] cases = {{"15min", "15min"}, {"250ms", "250ms"}, {"90s", "90s"}, {"1h", "1h"}, {"60s", "1min"},
            {"1000ms", "1s"}, {"0015min", "15min"}, {"3600000000000ns", "1h"}, {"48h", "48h"}, {"1500us", "1500us"},
            {"9223372036854775807ns", "9223372036854775807ns"}, {"2562047h", "2562047h"}};
        for (String[] c : cases) {
            Granularity g = Granularity.parse(c[0]);
            assertEquals(c[1], g.name(), c[0]);
            assertEquals(c[1], g.key(), c[0]);
            assertTrue(g.isFixed(), c[0]);
            assertEquals(g, Granularity.parse(g.name()), "the name reads back");
            assertEquals(g.hashCode(), Granularity.parse(g.name()).hashCode());
        }
        assertEquals(Granularity.parse("1min"), Granularity.parse("60000ms"));
        assertNotEquals(Granularity.parse("1s"), Granularity.SECONDS, "a fixed width is not a calendar unit");
        assertNotEquals(Granularity.parse("1h"), Granularity.HOURS);
    }

    @Test
    void shouldRejectBadGranularitiesNamingTheText() {
        for (String bad : List.of("", "   ", "0min", "00s", "-5s", "+5s", "10x", "Seconds", "SECONDS", "Hours", "D",
                "1.5h", "15 min", "1d", "1m", "min", "10Seconds", "second", "9223372036854775808ns",
                "2562048h", "99999999999999999999s", "١٥min")) {
            DendroException e = assertThrows(DendroException.class, () -> Granularity.parse(bad), bad);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), () -> e.getMessage() + " should name '" + bad + "'");
            assertTrue(e.getMessage().contains("10minutes/M") && e.getMessage().contains("min"),
                    () -> e.getMessage() + " should list what is accepted");
        }
    }

    @Test
    void shouldParseZonesAndRejectUnknownOnes() {
        assertEquals(ZoneId.of("Europe/Ljubljana"), Granularity.zone("Europe/Ljubljana"));
        assertEquals(ZoneId.of("UTC"), Granularity.zone("UTC"));
        assertEquals(ZoneOffset.ofHoursMinutes(5, 30), Granularity.zone("+05:30"));
        assertEquals(ZoneOffset.ofHoursMinutes(-3, -30), Granularity.zone(" -03:30 "));
        for (String bad : List.of("", "Mars/Olympus_Mons", "europe/nowhere", "+25:00", "5:30", "UTC+99")) {
            DendroException e = assertThrows(DendroException.class, () -> Granularity.zone(bad), bad);
            assertEquals(ErrorCode.INVALID_ARGUMENT, e.code(), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }

    // ---- against the oracle --------------------------------------------------------------

    @Test
    void shouldAgreeWithJavaTimeAtRandomTimesInEveryZone() {
        Random rnd = new Random(SEED);
        long[] edges = {Time.MIN_TIME, Time.MIN_TIME + 1, Time.MAX_TIME - 1, Time.MAX_TIME - 2, -1, 0, 1};
        for (Map.Entry<String, List<String>> z : ZONES.entrySet()) {
            ZoneId zone = ZoneId.of(z.getKey());
            List<Long> changes = offsetChanges(zone.getRules(), Time.MIN_TIME, Time.MAX_TIME);
            List<String> windows = z.getValue();
            for (String g : concat(CALENDAR, FIXED)) {
                Buckets b = Granularity.parse(g).buckets(zone);
                for (long t : edges) {
                    check(b, t);
                }
                int samples = Granularity.parse(g).isFixed() ? 300 : 600;
                for (int i = 0; i < samples; i++) {
                    long t = switch (rnd.nextInt(4)) {
                        case 0 -> rnd.nextLong(Time.MIN_TIME, Time.MAX_TIME);
                        case 1 -> changes.isEmpty() ? rnd.nextLong(Time.MIN_TIME, Time.MAX_TIME)
                                : changes.get(rnd.nextInt(changes.size())) + rnd.nextLong(-2 * DAY, 2 * DAY);
                        case 2 -> {
                            if (windows.isEmpty()) {
                                yield rnd.nextLong(-DAY, DAY);
                            }
                            int w = 2 * rnd.nextInt(windows.size() / 2);
                            yield rnd.nextLong(Time.parse(windows.get(w)), Time.parse(windows.get(w + 1)));
                        }
                        default -> CalendarOracle.start(g, zone, rnd.nextLong(Time.MIN_TIME, Time.MAX_TIME))
                                + rnd.nextInt(3) - 1; // a bucket start, or next to one
                    };
                    check(b, t);
                }
            }
        }
    }

    /**
     * Walks the buckets across every offset change since 1900 of every zone, bucket by bucket:
     * contiguous, and java.time's wherever java.time makes buckets.
     */
    @Test
    void shouldMakeContiguousBucketsAcrossEveryOffsetChange() {
        for (String z : ZONES.keySet()) {
            ZoneId zone = ZoneId.of(z);
            for (long change : offsetChanges(zone.getRules(), Time.parse("1900-01-01T00:00:00Z"), Time.MAX_TIME)) {
                for (String g : CALENDAR) {
                    Buckets b = Granularity.parse(g).buckets(zone);
                    long reach = switch (g) {
                        case "seconds" -> 5 * NS;
                        case "10seconds" -> 40 * NS;
                        case "minutes" -> 4 * MINUTE;
                        case "10minutes" -> 40 * MINUTE;
                        case "hours" -> 4 * HOUR;
                        case "6hours" -> DAY;
                        case "days" -> 3 * DAY;
                        case "weeks" -> 20 * DAY;
                        default -> 60 * DAY;
                    };
                    for (long s = b.startOf(change - reach); s <= change + reach; s = b.next(s)) {
                        properties(b, s);
                        properties(b, b.next(s) - 1);
                        agreeWithJavaTimeWhereItMakesBuckets(b, s, change);
                        agreeWithJavaTimeWhereItMakesBuckets(b, b.next(s) - 1, change);
                    }
                }
            }
        }
    }

    /**
     * Every zone the JDK knows, at every offset change in the range: the bucket properties hold,
     * and the answer is java.time's wherever java.time makes buckets there (see {@link Buckets}
     * for where it does not: Pacific/Chatham, America/Goose_Bay and a few dozen more).
     */
    @Test
    void shouldMakeBucketsInEveryZoneAndAgreeWithJavaTimeWhereItDoes() {
        Set<ZoneRules> done = new HashSet<>();
        int compared = 0;
        int javaTimeBroken = 0;
        for (String id : ZoneId.getAvailableZoneIds()) {
            ZoneId zone = ZoneId.of(id);
            if (!done.add(zone.getRules())) {
                continue; // a link to rules already checked
            }
            for (long change : offsetChanges(zone.getRules(), Time.MIN_TIME, Time.MAX_TIME)) {
                for (String g : CALENDAR) {
                    Buckets b = Granularity.parse(g).buckets(zone);
                    for (long t : new long[] {change - 1, change, change + 30 * MINUTE + 1}) {
                        properties(b, t);
                        if (agreeWithJavaTimeWhereItMakesBuckets(b, t, change)) {
                            compared++;
                        } else {
                            javaTimeBroken++;
                        }
                    }
                }
            }
        }
        System.out.println("GranularityTest: " + done.size() + " distinct zone rules, " + compared
                + " answers as java.time's, " + javaTimeBroken + " where java.time makes no buckets");
        assertTrue(javaTimeBroken * 100 < compared, "java.time is right almost everywhere");
    }

    // ---- named facts ---------------------------------------------------------------------

    @Test
    void shouldMakeLjubljanaDays23And25HoursLong() {
        Buckets days = Granularity.DAYS.buckets(ZoneId.of("Europe/Ljubljana"));
        long spring = days.startOf(Time.parse("2026-03-29T12:00:00Z"));
        assertEquals(Time.parse("2026-03-28T23:00:00Z"), spring);
        assertEquals(23 * HOUR, days.next(spring) - spring);
        long autumn = days.startOf(Time.parse("2026-10-25T12:00:00Z"));
        assertEquals(Time.parse("2026-10-24T22:00:00Z"), autumn);
        assertEquals(25 * HOUR, days.next(autumn) - autumn);
        Buckets sixHours = Granularity.SIX_HOURS.buckets(ZoneId.of("Europe/Ljubljana"));
        assertEquals(5 * HOUR, sixHours.next(spring) - spring, "00:00-06:00 across the spring change");
        assertEquals(7 * HOUR, sixHours.next(autumn) - autumn, "00:00-06:00 across the autumn change");
        assertEquals(Time.parse("2026-03-29T04:00:00Z"), sixHours.next(spring), "06:00+02:00");
    }

    @Test
    void shouldCountLeapDays() {
        for (String z : List.of("UTC", "Europe/Ljubljana", "Asia/Kolkata")) {
            ZoneId zone = ZoneId.of(z);
            Buckets months = Granularity.MONTHS.buckets(zone);
            Buckets days = Granularity.DAYS.buckets(zone);
            Buckets years = Granularity.YEARS.buckets(zone);
            for (int year : new int[] {2000, 2024}) {
                long feb = months.startOf(Time.parse(year + "-02-15T12:00:00Z"));
                assertEquals(nanos(LocalDate.of(year, 2, 1).atStartOfDay(zone)), feb);
                assertEquals(29 * DAY, months.next(feb) - feb, year + " February in " + z);
                long leapDay = days.startOf(nanos(LocalDateTime.of(year, 2, 29, 12, 0).atZone(zone)));
                assertEquals(nanos(LocalDate.of(year, 2, 29).atStartOfDay(zone)), leapDay);
                assertEquals(nanos(LocalDate.of(year, 3, 1).atStartOfDay(zone)), days.next(leapDay));
            }
            long y2000 = years.startOf(Time.parse("2000-06-01T00:00:00Z"));
            assertEquals(366 * DAY, years.next(y2000) - y2000, "2000 is a leap year in " + z);
        }
    }

    @Test
    void shouldStartHoursWhereTheLocalHourStarts() {
        Buckets kolkata = Granularity.HOURS.buckets(ZoneId.of("Asia/Kolkata"));
        Buckets kathmandu = Granularity.HOURS.buckets(ZoneId.of("Asia/Kathmandu"));
        Buckets monrovia = Granularity.HOURS.buckets(ZoneId.of("Africa/Monrovia"));
        Buckets fixedHour = Granularity.parse("1h").buckets(ZoneId.of("Asia/Kolkata"));
        Random rnd = new Random(SEED);
        for (int i = 0; i < 1_000; i++) {
            long t = rnd.nextLong(Time.parse("1946-01-01T00:00:00Z"), Time.MAX_TIME); // after +06:30 in the war
            assertEquals(30 * MINUTE, Math.floorMod(kolkata.startOf(t), HOUR), "Kolkata hours start at :30 UTC");
            assertEquals(30 * MINUTE, Math.floorMod(kolkata.next(t), HOUR));
            assertEquals(0, Math.floorMod(fixedHour.startOf(t), HOUR), "1h is aligned to the epoch in any zone");
            long u = rnd.nextLong(Time.parse("1986-01-01T00:00:00Z"), Time.MAX_TIME); // +05:45 since 1986
            assertEquals(15 * MINUTE, Math.floorMod(kathmandu.startOf(u), HOUR), "Kathmandu hours at :15 UTC");
        }
        long t1950 = Time.parse("1950-06-01T12:00:00Z");
        assertEquals(44 * MINUTE + 30 * NS, Math.floorMod(monrovia.startOf(t1950), HOUR), "-00:44:30");
    }

    @Test
    void shouldSplitTheRepeatedHourOfNewYorkInTwo() {
        Buckets hours = Granularity.HOURS.buckets(ZoneId.of("America/New_York"));
        long edt = Time.parse("2026-11-01T05:00:00Z"); // 01:00 EDT (-04:00)
        long est = Time.parse("2026-11-01T06:00:00Z"); // 01:00 EST (-05:00), the change
        assertEquals(edt, hours.startOf(edt + 30 * MINUTE));
        assertEquals(est, hours.next(edt));
        assertEquals(est, hours.startOf(est + 30 * MINUTE));
        assertEquals(est + HOUR, hours.next(est));
        Buckets sixHours = Granularity.SIX_HOURS.buckets(ZoneId.of("America/New_York"));
        long midnight = sixHours.startOf(est);
        assertEquals(Time.parse("2026-11-01T04:00:00Z"), midnight);
        assertEquals(7 * HOUR, sixHours.next(midnight) - midnight);
    }

    @Test
    void shouldFollowLordHowesHalfHourChanges() {
        Buckets hours = Granularity.HOURS.buckets(ZoneId.of("Australia/Lord_Howe"));
        // 2026-04-05 02:00+11:00 falls back to 01:30+10:30: the 01:00 hour lasts 90 minutes
        long one = Time.parse("2026-04-04T14:00:00Z"); // 01:00+11:00
        assertEquals(one, hours.startOf(Time.parse("2026-04-04T15:10:00Z"))); // 01:40+10:30
        assertEquals(90 * MINUTE, hours.next(one) - one);
        // 2026-10-04 02:00+10:30 springs to 02:30+11:00: the 02:00 hour starts at the change, 30 minutes long
        long change = Time.parse("2026-10-03T15:30:00Z");
        assertEquals(change, hours.startOf(change + 10 * MINUTE));
        assertEquals(change, hours.next(change - 1));
        assertEquals(30 * MINUTE, hours.next(change) - change);
        Buckets days = Granularity.DAYS.buckets(ZoneId.of("Australia/Lord_Howe"));
        long day = days.startOf(change);
        assertEquals(23 * HOUR + 30 * MINUTE, days.next(day) - day);
    }

    @Test
    void shouldSkipApiasMissingDay() {
        Buckets days = Granularity.DAYS.buckets(ZoneId.of("Pacific/Apia"));
        long dec29 = Time.parse("2011-12-29T10:00:00Z"); // 00:00-10:00
        long dec31 = Time.parse("2011-12-30T10:00:00Z"); // 00:00+14:00, the change
        assertEquals(dec29, days.startOf(dec29 + 5 * HOUR));
        assertEquals(dec31, days.next(dec29), "2011-12-30 does not exist there");
        assertEquals(dec31, days.startOf(dec31));
        assertEquals(DAY, days.next(dec31) - dec31);
        Buckets weeks = Granularity.WEEKS.buckets(ZoneId.of("Pacific/Apia"));
        long monday = weeks.startOf(dec31);
        assertEquals(Time.parse("2011-12-26T10:00:00Z"), monday);
        assertEquals(6 * DAY, weeks.next(monday) - monday, "a week of six days");
    }

    @Test
    void shouldStartWeeksOnMondayAndReachBeyondTheRange() {
        Buckets weeks = Granularity.WEEKS.buckets(ZoneOffset.UTC);
        assertEquals(Time.parse("2026-03-23T00:00:00Z"), weeks.startOf(Time.parse("2026-03-29T23:59:59Z")));
        assertEquals(Time.parse("2026-03-30T00:00:00Z"), weeks.next(Time.parse("2026-03-29T23:59:59Z")));
        Buckets years = Granularity.YEARS.buckets(ZoneOffset.UTC);
        assertEquals(Time.parse("1933-01-01T00:00:00Z"), years.startOf(Time.MIN_TIME), "before MIN_TIME, as it is");
        assertEquals(Time.parse("2080-01-01T00:00:00Z"), years.next(Time.MAX_TIME - 1), "after MAX_TIME, as it is");
    }

    /** The two kinds of place where ZonedDateTime.truncatedTo makes no buckets (see Buckets). */
    @Test
    void shouldStayMonotoneWhereJavaTimeTruncationDoesNot() {
        // Kathmandu: 1986-01-01 00:00+05:30 springs to 00:15+05:45; truncating 00:17 to 00:10 lands in the gap
        ZoneId kathmandu = ZoneId.of("Asia/Kathmandu");
        long t = nanos(LocalDateTime.of(1986, 1, 1, 0, 17).atZone(kathmandu));
        long change = Time.parse("1985-12-31T18:30:00Z");
        assertTrue(nanos(ZonedDateTime.ofInstant(instant(t), kathmandu).truncatedTo(ChronoUnit.MINUTES)
                .withMinute(10)) > t, "java.time moves forward by the gap, past t");
        assertEquals(change, Granularity.TEN_MINUTES.buckets(kathmandu).startOf(t));
        // Chatham: 2026-04-05 03:45+13:45 falls back to 02:45+12:45; java.time puts 02:50+12:45 in 02:00+13:45
        ZoneId chatham = ZoneId.of("Pacific/Chatham");
        Buckets hours = Granularity.HOURS.buckets(chatham);
        long threeOClock = nanos(ZonedDateTime.ofLocal(LocalDateTime.of(2026, 4, 5, 3, 0), chatham,
                ZoneOffset.ofHoursMinutes(13, 45)));
        long fallBack = threeOClock + 45 * MINUTE; // 03:45+13:45 becomes 02:45+12:45
        long twoOClock = threeOClock - HOUR;
        assertEquals(twoOClock, nanos(ZonedDateTime.ofInstant(instant(fallBack + 5 * MINUTE), chatham)
                .truncatedTo(ChronoUnit.HOURS)), "java.time steps back to 02:00+13:45");
        assertEquals(fallBack, hours.startOf(fallBack + 5 * MINUTE), "the second 02:00 hour starts at the change");
        assertEquals(fallBack, hours.next(threeOClock), "the 03:00+13:45 hour lasts 45 minutes");
        assertEquals(threeOClock + HOUR, hours.next(fallBack), "03:00+12:45");
        // Goose Bay: 1987-10-25 00:01-03:00 fell back to 10-24 23:01-04:00; those minutes are in the 25th
        Buckets days = Granularity.DAYS.buckets(ZoneId.of("America/Goose_Bay"));
        long oct25 = Time.parse("1987-10-25T03:00:00Z");
        assertEquals(oct25, days.startOf(Time.parse("1987-10-25T03:30:00Z")), "23:29-04:00 on the 24th");
        assertEquals(DAY, oct25 - days.startOf(oct25 - 1));
        assertEquals(25 * HOUR, days.next(oct25) - oct25);
    }

    @Test
    void shouldSaturateInsteadOfOverflowing() {
        Buckets three = Granularity.parse("3ns").buckets(ZoneOffset.UTC);
        assertEquals(Long.MIN_VALUE, three.startOf(Long.MIN_VALUE)); // -2^63 = -3074457345618258603*3 + 1
        assertEquals(Long.MIN_VALUE + 2, three.next(Long.MIN_VALUE));
        assertEquals(Long.MAX_VALUE - 1, three.startOf(Long.MAX_VALUE)); // 2^63 - 1 = 3074457345618258602*3 + 1
        assertEquals(Long.MAX_VALUE, three.next(Long.MAX_VALUE));
        Buckets widest = Granularity.parse("9223372036854775807ns").buckets(ZoneOffset.UTC);
        assertEquals(0, widest.startOf(Time.MAX_TIME - 1));
        assertEquals(Long.MAX_VALUE, widest.next(Time.MAX_TIME - 1), "exactly Long.MAX_VALUE, not saturated");
        assertEquals(Long.MIN_VALUE + 1, widest.startOf(Time.MIN_TIME));
        assertEquals(Long.MAX_VALUE, widest.next(Long.MAX_VALUE), "saturated: the end is 2 * Long.MAX_VALUE");
        for (String g : CALENDAR) {
            for (String z : List.of("UTC", "America/New_York", "Asia/Kolkata")) {
                Buckets b = Granularity.parse(g).buckets(ZoneId.of(z));
                assertEquals(Long.MIN_VALUE, b.startOf(Long.MIN_VALUE), g + " in " + z);
                assertEquals(Long.MAX_VALUE, b.next(Long.MAX_VALUE), g + " in " + z);
                assertTrue(b.next(Long.MIN_VALUE) > Long.MIN_VALUE, g);
                assertTrue(b.startOf(Long.MAX_VALUE) < Long.MAX_VALUE, g);
            }
        }
    }

    @Test
    void shouldMakeTheSameBucketsForSecondsAndOneSecondInAnyZone() {
        Random rnd = new Random(SEED);
        for (String z : ZONES.keySet()) {
            Buckets seconds = Granularity.SECONDS.buckets(ZoneId.of(z));
            Buckets one = Granularity.parse("1s").buckets(ZoneId.of(z));
            for (int i = 0; i < 1_000; i++) {
                long t = rnd.nextLong(Time.MIN_TIME, Time.MAX_TIME);
                assertEquals(one.startOf(t), seconds.startOf(t));
                assertEquals(one.next(t), seconds.next(t));
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    /** The answers for t are the oracle's, and the bucket properties hold. */
    private static void check(Buckets b, long t) {
        String g = b.granularity().name();
        assertEquals(CalendarOracle.start(g, b.zone(), t), b.startOf(t), where(b, t));
        assertEquals(CalendarOracle.next(g, b.zone(), t), b.next(t), where(b, t));
        properties(b, t);
    }

    /** startOf(t) <= t < next(t) = next(startOf(t)), and both bounds are bucket starts. */
    private static void properties(Buckets b, long t) {
        long s = b.startOf(t);
        long e = b.next(t);
        assertTrue(s <= t && t < e, where(b, t));
        assertEquals(e, b.next(s), where(b, t));
        assertEquals(s, b.startOf(s), where(b, t));
        assertEquals(e, b.startOf(e), where(b, t));
        assertEquals(s, b.startOf(e - 1), where(b, t));
    }

    /**
     * Compares startOf(t) with java.time's start o near an offset change, unless java.time
     * makes no buckets there: o after t, o not its own start, or the change between o and t in
     * another bucket (Buckets names the two cases). Returns whether it compared.
     */
    private static boolean agreeWithJavaTimeWhereItMakesBuckets(Buckets b, long t, long change) {
        String g = b.granularity().name();
        long o = CalendarOracle.start(g, b.zone(), t);
        if (o > t || CalendarOracle.start(g, b.zone(), o) != o) {
            return false;
        }
        for (long u : new long[] {change - 1, change}) {
            if (u >= o && u <= t && CalendarOracle.start(g, b.zone(), u) != o) {
                return false;
            }
        }
        assertEquals(o, b.startOf(t), where(b, t));
        return true;
    }

    private static Supplier<String> where(Buckets b, long t) {
        return () -> b.granularity() + " in " + b.zone() + " at " + t + " (" + Time.format(t) + ", "
                + ZonedDateTime.ofInstant(instant(t), b.zone()) + "); seed " + SEED;
    }

    private static List<Long> offsetChanges(ZoneRules rules, long from, long to) {
        List<Long> changes = new ArrayList<>();
        for (ZoneOffsetTransition tr = rules.nextTransition(instant(from)); tr != null
                && tr.toEpochSecond() < to / NS; tr = rules.nextTransition(tr.getInstant())) {
            changes.add(tr.toEpochSecond() * NS);
        }
        return changes;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
