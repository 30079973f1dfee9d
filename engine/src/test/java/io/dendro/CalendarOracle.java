package io.dendro;

import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The test oracle for {@link Buckets}, in plain java.time: the sub-day units truncate the
 * ZonedDateTime keeping its offset (floored to the multiple) and move a truncated time that
 * falls in a gap to the gap's end; days and longer are {@code LocalDate.atStartOfDay(zone)};
 * fixed widths are BigInteger floors. Where java.time makes no buckets (see {@link Buckets}),
 * neither does this.
 */
final class CalendarOracle {
    private static final long NS = 1_000_000_000L;

    private CalendarOracle() {
    }

    /** The start of t's bucket. */
    static long start(String g, ZoneId zone, long t) {
        Granularity gr = Granularity.parse(g);
        if (gr.isFixed()) {
            return fixedStart(gr, t).max(BigInteger.valueOf(Long.MIN_VALUE)).longValueExact();
        }
        ZonedDateTime z = ZonedDateTime.ofInstant(instant(t), zone);
        LocalDate first = firstDate(g, z.toLocalDate());
        if (first != null) {
            return nanos(first.atStartOfDay(zone));
        }
        return nanos(resolve(truncate(g, z.toLocalDateTime()), zone, z.getOffset()));
    }

    /** The first instant after t whose start differs from t's, among the instants where a bucket can start. */
    static long next(String g, ZoneId zone, long t) {
        Granularity gr = Granularity.parse(g);
        if (gr.isFixed()) {
            return fixedStart(gr, t).add(width(gr)).min(BigInteger.valueOf(Long.MAX_VALUE)).longValueExact();
        }
        ZonedDateTime z = ZonedDateTime.ofInstant(instant(t), zone);
        LocalDate first = firstDate(g, z.toLocalDate());
        if (first != null) {
            ChronoUnit unit = ChronoUnit.valueOf(g.toUpperCase(java.util.Locale.ROOT));
            return nanos(first.plus(1, unit).atStartOfDay(zone));
        }
        long start = start(g, zone, t);
        LocalDateTime truncated = truncate(g, z.toLocalDateTime());
        ZoneRules rules = zone.getRules();
        List<Long> candidates = new ArrayList<>();
        for (int k = 1; k <= 2; k++) {
            LocalDateTime multiple = truncated.plusSeconds(k * unitSeconds(g));
            for (ZoneOffset o : rules.getValidOffsets(multiple)) {
                candidates.add(nanos(multiple.atZone(o)));
            }
            candidates.add(nanos(resolve(multiple, zone, z.getOffset())));
        }
        ZoneOffsetTransition change = rules.nextTransition(instant(t));
        if (change != null) {
            candidates.add(change.toEpochSecond() * NS);
        }
        return candidates.stream().filter(c -> c > t && start(g, zone, c) != start).min(Long::compare)
                .orElseThrow(() -> new AssertionError("no next bucket for " + g + " at " + t));
    }

    private static ZonedDateTime resolve(LocalDateTime local, ZoneId zone, ZoneOffset preferred) {
        ZoneOffsetTransition gap = zone.getRules().getTransition(local);
        return gap != null && gap.isGap() ? gap.getInstant().atZone(zone)
                : ZonedDateTime.ofLocal(local, zone, preferred);
    }

    private static LocalDate firstDate(String g, LocalDate d) {
        return switch (g) {
            case "days" -> d;
            case "weeks" -> d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case "months" -> d.withDayOfMonth(1);
            case "years" -> d.withDayOfYear(1);
            default -> null;
        };
    }

    private static LocalDateTime truncate(String g, LocalDateTime l) {
        return switch (g) {
            case "seconds" -> l.truncatedTo(ChronoUnit.SECONDS);
            case "10seconds" -> l.truncatedTo(ChronoUnit.SECONDS).withSecond(l.getSecond() / 10 * 10);
            case "minutes" -> l.truncatedTo(ChronoUnit.MINUTES);
            case "10minutes" -> l.truncatedTo(ChronoUnit.MINUTES).withMinute(l.getMinute() / 10 * 10);
            case "hours" -> l.truncatedTo(ChronoUnit.HOURS);
            case "6hours" -> l.truncatedTo(ChronoUnit.HOURS).withHour(l.getHour() / 6 * 6);
            default -> throw new IllegalArgumentException(g);
        };
    }

    private static long unitSeconds(String g) {
        return switch (g) {
            case "seconds" -> 1;
            case "10seconds" -> 10;
            case "minutes" -> 60;
            case "10minutes" -> 600;
            case "hours" -> 3600;
            default -> 6 * 3600;
        };
    }

    /** {@code floor(t / w) * w}, which may be below Long.MIN_VALUE. */
    private static BigInteger fixedStart(Granularity g, long t) {
        BigInteger x = BigInteger.valueOf(t);
        return x.subtract(x.mod(width(g)));
    }

    private static BigInteger width(Granularity g) {
        String digits = g.name().replaceAll("[a-z]+$", "");
        long perUnit = switch (g.name().substring(digits.length())) {
            case "ns" -> 1;
            case "us" -> 1_000;
            case "ms" -> 1_000_000;
            case "s" -> NS;
            case "min" -> 60 * NS;
            default -> 3600 * NS;
        };
        return new BigInteger(digits).multiply(BigInteger.valueOf(perUnit));
    }

    static Instant instant(long t) {
        return Instant.ofEpochSecond(Math.floorDiv(t, NS), Math.floorMod(t, NS));
    }

    static long nanos(ZonedDateTime z) {
        return Math.addExact(Math.multiplyExact(z.toEpochSecond(), NS), z.getNano());
    }
}
