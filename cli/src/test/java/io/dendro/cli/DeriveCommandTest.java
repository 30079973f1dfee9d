package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.ErrorCode;
import org.junit.jupiter.api.Test;

/** {@code dendro derive}: the words of the issue, Datastream's sum, and a source's insert reaching the derived stream. */
class DeriveCommandTest extends CliFixture {
    static final String B = "22222222-2222-3333-4444-555555555555";
    static final String D = "33333333-2222-3333-4444-555555555555";

    @Test
    void shouldDeriveAndFollowTheSources() {
        create("src/a", ID);
        create("src/b", B);
        insert(ID, "0,21\n1000000000,25\n2000000000,28\n3000000000,32\n4000000000,25\n10000000000,70\n11000000000,74\n", 1);
        assertOk(cli.run("derive", "--collection", "der/sum", "--tag", "name=total", "--op", "sum", "--from", ID,
                "--from", B, "--uuid", D), D + "\n");
        // after insert returns into a source, values on the derived stream shows the effect
        insert(B, "0,21\n1000000000,25\n2000000000,28\n3000000000,32\n4000000000,25\n10000000000,42\n11000000000,42\n", 1);
        assertOk(cli.run("values", "--uuid", D, "--start", "0", "--end", "20000000000"), """
                time,value
                0,42.0
                1000000000,50.0
                2000000000,56.0
                3000000000,64.0
                4000000000,50.0
                10000000000,112.0
                11000000000,116.0
                """, "version: 2\n");
        String streams = ok(cli.run("streams", "--collection", "der/"));
        assertTrue(streams.contains(D + ",der/sum,2,name=total,,numeric,sum\n"), streams);
        String info = ok(cli.run("info", "--uuid", D));
        assertTrue(info.contains("derived          sum\n") && info.contains("source           " + B + " at version 1\n"),
                info);
        assertFails(cli.runWithInput("5,1\n", "insert", "--uuid", D, "-q"), ErrorCode.INVALID_ARGUMENT, "derived");
        assertFails(cli.run("obliterate", "--uuid", ID, "--yes"), ErrorCode.HAS_DEPENDENTS,
                "1 stream derived from it (" + D + "); nothing was removed (obliterate them first, or add --cascade");
        assertFails(cli.run("derive", "--collection", "x", "--op", "median", "--from", ID), ErrorCode.INVALID_ARGUMENT,
                "median");
        assertUsage(cli.run("derive", "--collection", "x", "--op", "sum", "--from", "nope"), "not a UUID");
        ok(cli.run("verify"));
    }

    @Test
    void shouldResumeAHistoryLeftUnfinished() {
        create("src/a", ID);
        insert(ID, "0,1\n1000000000,3\n2000000000,7\n3000000000,8\n4000000000,20\n", 1);
        // a derive stopped after its first chunk (as a kill would leave it)
        try (io.dendro.Database d = io.dendro.Database.open(db)) {
            d.derive(java.util.UUID.fromString(D), "der/rate", java.util.Map.of(), java.util.Map.of(), "derivative",
                    java.util.List.of(java.util.UUID.fromString(ID)), java.util.Arrays.asList((String) null),
                    java.util.Map.of(), true, io.dendro.BackprocessOptions.defaults().chunkPoints(2)
                            .listener((stream, until, done, total) -> Thread.currentThread().interrupt()));
            assertTrue(Thread.interrupted());
        }
        String info = ok(cli.run("info", "--uuid", D));
        assertTrue(info.contains("backprocessed    up to 2000000000 (1970-01-01T00:00:02Z); dendro derive --resume goes on\n"),
                info);
        assertOk(cli.run("values", "--uuid", D, "--start", "0", "--end", "10000000000"), "time,value\n1000000000,2.0\n",
                "version: 1\n");
        assertUsage(cli.run("derive", "--resume", "--op", "sum"), "--resume takes no stream to create");
        assertUsage(cli.run("derive", "--op", "sum", "--from", ID), "Missing required option '--collection=C'");
        assertOk(cli.run("derive", "--resume", "--chunk-points", "1"), D + "\n");
        assertOk(cli.run("values", "--uuid", D, "--start", "0", "--end", "10000000000"),
                "time,value\n1000000000,2.0\n2000000000,4.0\n3000000000,1.0\n4000000000,12.0\n", "version: 4\n");
        assertTrue(!ok(cli.run("info", "--uuid", D)).contains("backprocessed"));
        assertOk(cli.run("derive", "--resume"), "");
        ok(cli.run("verify"));
    }

    @Test
    void shouldObliterateASourceWithEveryStreamDerivedFromItWithCascade() {
        create("src/a", ID);
        create("src/b", B);
        insert(ID, "0,1\n1000000000,3\n", 1);
        ok(cli.run("derive", "--collection", "der/rate", "--op", "derivative", "--from", ID, "--uuid", D));
        String e = "44444444-2222-3333-4444-555555555555";
        ok(cli.run("derive", "--collection", "der/sum", "--op", "sum", "--from", D, "--from", B, "--uuid", e));
        assertUsage(cli.run("obliterate", "--uuid", ID, "--cascade"), "obliterate would remove stream " + ID
                + " (collection 'src/a', 1 version, 2 points) and the 2 streams derived from it (" + D + ", " + e
                + "); nothing was removed (add --yes to remove them)");
        Cli.Result r = cli.run("obliterate", "--uuid", ID, "--cascade", "--yes");
        assertTrue(r.exit() == 0 && r.err().contains("removed stream " + ID), r::toString);
        assertOk(cli.run("streams"), "uuid,collection,version,tags,annotations,kind,derived\n" + B
                + ",src/b,0,,,numeric,\n");
        ok(cli.run("verify"));
    }
}
