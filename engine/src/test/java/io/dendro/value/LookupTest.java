package io.dendro.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Datastream's lookups over JSON tag and annotation values (its documented examples first). */
class LookupTest {
    private static final Map<String, String> TAGS = Map.of("name", "temperature", "unit", "C");
    private static final Map<String, String> ANNOTATIONS = Map.of(
            "title", "My Stream",
            "visualization", "{\"type\": \"line\", \"value_downsamplers\": [\"mean\", \"min\", \"max\"], \"order\": 3}",
            "priority", "7",
            "quoted", "\"lab\"",
            "notjson", "{broken",
            "list", "[1, 2, \"x\"]");

    private static boolean m(String condition) {
        return Lookup.parse(condition).matches(TAGS, ANNOTATIONS);
    }

    @Test
    void datastreamsExamples() {
        assertTrue(m("title__icontains=strEAm"));
        assertTrue(m("visualization__value_downsamplers__all=mean,min"));
        assertFalse(m("visualization__value_downsamplers__all=mean,sum"));
        assertTrue(m("visualization__type=line"));
        assertTrue(m("visualization__value_downsamplers=min"), "an array matches an element equal to the value");
    }

    @Test
    void everyOperator() {
        assertTrue(m("title=My Stream"));
        assertTrue(m("title__exact=My Stream"));
        assertFalse(m("title=my stream"));
        assertTrue(m("title__iexact=my stream"));
        assertTrue(m("title__contains=Str"));
        assertFalse(m("title__contains=str"));
        assertTrue(m("title__startswith=My"));
        assertTrue(m("title__istartswith=my s"));
        assertTrue(m("priority__gt=6"));
        assertTrue(m("priority__gte=7"));
        assertFalse(m("priority__lt=7"));
        assertTrue(m("priority__lte=7.0"), "numbers compare by value");
        assertTrue(m("priority=7.00"));
        assertFalse(m("priority__gt=abc"), "a number and a string do not compare");
        assertTrue(m("visualization__order__in=1,2,3"));
        assertTrue(m("visualization__order__nin=1,2"));
        assertTrue(m("missing__nin=1"), "nin holds for a missing key");
        assertTrue(m("list__all=1,x"));
        assertTrue(m("list__contains=2"));
        assertTrue(m("list__1=2"), "a whole-number key indexes an array");
        assertTrue(m("unit__exists=true"), "tags are searched too");
        assertTrue(m("missing__exists=false"));
        assertFalse(m("visualization__nothing__exists=true"));
        assertTrue(m("quoted=lab"), "a quoted JSON string is the string");
        assertTrue(m("notjson=" + "{broken"), "text that is not JSON is a plain string");
        assertFalse(m("missing=1"));
        assertTrue(m("name__in=pressure,temperature"));
    }

    @Test
    void badLookupsAreRefused() {
        assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(DendroException.class, () -> Lookup.parse("title")).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(DendroException.class, () -> Lookup.parse("a____b=1")).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(DendroException.class, () -> Lookup.parse("a__exists=maybe")).code());
        assertEquals(ErrorCode.INVALID_ARGUMENT,
                assertThrows(DendroException.class, () -> Lookup.of("a__gt", List.of("1", "2"))).code());
    }
}
