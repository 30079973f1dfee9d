package io.dendro.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CreateAndStreamsTest extends CliFixture {
    static final String A = "00000000-0000-0000-0000-00000000000a";
    static final String B = "00000000-0000-0000-0000-00000000000b";
    static final String C = "00000000-0000-0000-0000-00000000000c";

    @Test
    void shouldCreateAStreamAndPrintItsUuid() {
        assertOk(cli.run("create", "--collection", "sensors/pmu1", "--uuid", A, "--tag", "name=v", "--tag", "unit=V"),
                A + "\n");
        assertOk(cli.run("version", "--uuid", A), "0\n");
    }

    @Test
    void shouldPickARandomUuidWhenNoneIsGiven() {
        String out = ok(cli.run("create", "--collection", "c"));
        UUID id = UUID.fromString(out.strip());
        assertOk(cli.run("version", "--uuid", id.toString()), "0\n");
    }

    @Test
    void shouldRejectADuplicateUuid() {
        create("c", A);
        assertFails(cli.run("create", "--collection", "other", "--uuid", A), ErrorCode.STREAM_EXISTS, A);
    }

    @Test
    void shouldListStreamsSortedWithTagsAndAnnotations() {
        create("sensors/pmu2", B, "--tag", "unit=A", "--tag", "name=i");
        create("sensors/pmu1", A, "--tag", "unit=V", "--tag", "name=v",
                "--annotation", "site=lab");
        create("other", C);
        insert(A, "1,1\n2,2\n", 1);
        assertOk(cli.run("streams"), """
                uuid,collection,version,tags,annotations,kind,derived
                00000000-0000-0000-0000-00000000000c,other,0,,,numeric,
                00000000-0000-0000-0000-00000000000a,sensors/pmu1,1,name=v;unit=V,site=lab,numeric,
                00000000-0000-0000-0000-00000000000b,sensors/pmu2,0,name=i;unit=A,,numeric,
                """);
        create("home/door", "00000000-0000-0000-0000-00000000000d", "--kind", "nominal");
        assertTrue(ok(cli.run("streams", "--collection", "home/")).endsWith(",,,nominal,\n"));
    }

    @Test
    void shouldFilterStreamsByCollectionPrefixTagsAndAnnotations() {
        create("sensors/pmu1", A, "--tag", "unit=V", "--annotation", "k=1");
        create("sensors/pmu2", B, "--tag", "unit=A");
        create("other", C, "--tag", "unit=V");
        assertEquals(3, ok(cli.run("streams", "--collection", "sensors/")).lines().count());
        assertTrue(ok(cli.run("streams", "--collection", "sensors/", "--tag", "unit=V")).contains(A));
        assertEquals(2, ok(cli.run("streams", "--collection", "sensors/", "--tag", "unit=V")).lines().count());
        assertEquals(3, ok(cli.run("streams", "--tag", "unit=V")).lines().count());
        assertEquals(4, ok(cli.run("streams", "--tag", "unit")).lines().count(), "a bare key matches any value");
        assertEquals(2, ok(cli.run("streams", "--annotation", "k")).lines().count());
        assertEquals(1, ok(cli.run("streams", "--annotation", "k=2")).lines().count());
        assertOk(cli.run("streams", "--collection", "nothing"), "uuid,collection,version,tags,annotations,kind,derived\n");
    }

    @Test
    void shouldQuoteAndEscapeStreamFields() {
        create("a,b", A, "--tag", "x=1;y=2", "--tag", "q=\"hi\"");
        assertOk(cli.run("streams"), "uuid,collection,version,tags,annotations,kind,derived\n"
                + A + ",\"a,b\",0,\"q=\"\"hi\"\";x=1%3By%3D2\",,numeric,\n");
    }

    @Test
    void shouldRequireKeyValueTagsOnCreate() {
        assertUsage(cli.run("create", "--collection", "c", "--tag", "name"), "--tag 'name' needs a value");
        assertUsage(cli.run("create", "--collection", "c", "--tag", "=v"), "empty key");
        assertUsage(cli.run("create", "--tag", "a=b"), "--collection");
    }

    @Test
    void shouldRejectAnEmptyCollection() {
        assertFails(cli.run("create", "--collection", ""), ErrorCode.INVALID_ARGUMENT, "collection");
    }

    @Test
    void shouldUseDendroDbFromTheEnvironment() {
        Path db = dir.resolve("from-env");
        Cli cli = new Cli(null).env(Map.of("DENDRO_DB", db.toString()));
        assertOk(cli.run("create", "--collection", "c", "--uuid", A), A + "\n");
        assertTrue(Files.isDirectory(db));
        assertOk(new Cli(db).run("version", "--uuid", A), "0\n");
    }

    @Test
    void shouldFindStreamsWithDatastreamsLookups() {
        create("sensors/pmu1", A, "--tag", "unit=V", "--annotation", "title=My Stream",
                "--annotation", "visualization={\"type\": \"line\", \"value_downsamplers\": [\"mean\", \"min\"]}");
        create("sensors/pmu2", B, "--tag", "unit=A", "--annotation", "title=Other", "--annotation", "priority=7");
        assertTrue(ok(cli.run("streams", "--where", "title__icontains=strEAm")).contains(A));
        assertEquals(2, ok(cli.run("streams", "--where", "visualization__value_downsamplers__all=mean,min")).lines()
                .count());
        assertEquals(2, ok(cli.run("streams", "--where", "priority__gte=7", "--where", "unit=A")).lines().count());
        assertEquals(1, ok(cli.run("streams", "--where", "priority__gt=7")).lines().count());
        assertTrue(ok(cli.run("streams", "--where", "visualization__exists=false")).contains(B));
        assertEquals(2, ok(cli.run("streams", "--where", "visualization__exists=false")).lines().count());
        assertFails(cli.run("streams", "--where", "title"), io.dendro.error.ErrorCode.INVALID_ARGUMENT, "lookup=value");
    }
}
