package io.dendro.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dendro.error.DendroException;
import io.dendro.error.ErrorCode;
import org.junit.jupiter.api.Test;

/** Graph values checked as Datastream checks them, and the compact JSON every document is kept in. */
class GraphValueTest {
    private static void invalid(String json, String... fragments) {
        DendroException e = assertThrows(DendroException.class, () -> GraphValue.of(json), json);
        assertEquals(ErrorCode.INVALID_VALUE, e.code(), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "expected '" + f + "' in: " + e.getMessage());
        }
    }

    @Test
    void aValidGraphKeepsEveryFieldAndCountsVerticesAndEdges() {
        GraphValue g = GraphValue.of("""
                { "v": [ {"i": "a", "label": "router 1"}, {"i": "b"}, {"i": 3, "x": [1, 2.50]} ],
                  "e": [ {"f": "a", "t": "b", "weight": 0.5}, {"f": "b", "t": 3}, {"f": 3, "t": "a"} ],
                  "measured_by": "olsrd" }
                """);
        assertEquals(3, g.vertices());
        assertEquals(3, g.edges());
        assertEquals("{\"v\":[{\"i\":\"a\",\"label\":\"router 1\"},{\"i\":\"b\"},{\"i\":3,\"x\":[1,2.50]}],"
                + "\"e\":[{\"f\":\"a\",\"t\":\"b\",\"weight\":0.5},{\"f\":\"b\",\"t\":3},{\"f\":3,\"t\":\"a\"}],"
                + "\"measured_by\":\"olsrd\"}", g.json());
        GraphValue empty = GraphValue.of("{\"v\": [], \"e\": []}");
        assertEquals(0, empty.vertices());
        assertEquals(0, empty.edges());
        // edges may come first; a self loop names an existing vertex
        assertEquals(1, GraphValue.of("{\"e\": [{\"t\": 1, \"f\": 1}], \"v\": [{\"i\": 1}]}").edges());
    }

    @Test
    void aValueThatIsNotAnObjectIsATypeError() {
        for (String json : new String[] {"[]", "\"graph\"", "42", "null", "true"}) {
            DendroException e = assertThrows(DendroException.class, () -> GraphValue.of(json));
            assertEquals(ErrorCode.WRONG_TYPE, e.code(), json);
            assertTrue(e.getMessage().contains("must be an object"), e.getMessage());
        }
    }

    @Test
    void everyRuleIsNamed() {
        invalid("{\"e\": []}", "needs \"v\"");
        invalid("{\"v\": []}", "needs \"e\"");
        invalid("{\"v\": {}, \"e\": []}", "\"v\" must be a list", "an object");
        invalid("{\"v\": [], \"e\": 5}", "\"e\" must be a list", "a number");
        invalid("{\"v\": [1], \"e\": []}", "vertex 0 must be an object");
        invalid("{\"v\": [{\"i\": 1}, {\"id\": 2}], \"e\": []}", "vertex 1 has no id \"i\"");
        invalid("{\"v\": [{\"i\": 1}, {\"i\": 2}, {\"i\": 1}], \"e\": []}", "vertices 0 and 2 have the same id 1");
        invalid("{\"v\": [{\"i\": 1}], \"e\": [[1, 1]]}", "edge 0 must be an object", "a list");
        invalid("{\"v\": [{\"i\": 1}], \"e\": [{\"t\": 1}]}", "edge 0 has no \"f\"");
        invalid("{\"v\": [{\"i\": 1}], \"e\": [{\"f\": 1, \"t\": 1}, {\"f\": 1}]}", "edge 1 has no \"t\"");
        invalid("{\"v\": [{\"i\": 1}], \"e\": [{\"f\": 1, \"t\": 2}]}", "edge 0's \"t\" names no vertex: 2");
        // ids compare as JSON values: the number 1 and the string "1" differ
        invalid("{\"v\": [{\"i\": 1}], \"e\": [{\"f\": \"1\", \"t\": 1}]}", "\"f\" names no vertex: \"1\"");
        assertEquals(2, GraphValue.of("{\"v\": [{\"i\": 1}, {\"i\": \"1\"}], \"e\": []}").vertices());
    }

    @Test
    void brokenJsonIsAnInvalidValue() {
        invalid("{\"v\": [], \"e\": [],}", "not JSON");
        invalid("{\"v\": [], \"e\": []} {}", "more than one value");
        invalid("{\"v\": [], \"v\": [], \"e\": []}", "\"v\" appears twice");
        invalid("", "not JSON");
        invalid("[".repeat(100) + "]".repeat(100), "not JSON");
    }

    @Test
    void compactFormKeepsNumbersKeysAndStringsAsGiven() {
        assertEquals("{\"b\":1.50,\"a\":[1e3,-0,null,true,\"x/y \\\"q\\\" \\u00e9\"]}".replace("\\u00e9", "é"),
                Json.write(Json.parse(" { \"b\" : 1.50 , \"a\" : [ 1e3 , -0 , null , true , \"x/y \\\"q\\\" é\" ] } ")));
        assertEquals("\"high\"", Json.write(Json.parse("\"high\"")));
        assertEquals("null", Json.write(Json.parse("null")));
    }

    @Test
    void unpairedSurrogatesAreRefusedSinceUtf8CannotKeepThem() {
        // a pair written as escapes is one character, and its compact form survives UTF-8
        String smile = Json.write(Json.parse("\"\\ud83d\\ude00\""));
        assertEquals("\"\ud83d\ude00\"", smile);
        assertEquals(smile, new String(smile.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8));
        // a lone half would be stored as '?': strings escaping D800 and DC00 would become the same label
        for (String bad : new String[] {"\"\\ud800\"", "\"a\\udc00\"", "\"\\ud800x\"", "{\"\\ud800\": 1}"}) {
            DendroException e = assertThrows(DendroException.class, () -> Json.parse(bad), bad);
            assertEquals(ErrorCode.INVALID_VALUE, e.code(), e.getMessage());
            assertTrue(e.getMessage().contains("surrogate"), e.getMessage()); // keys: Jackson's own "Broken surrogate pair"
        }
        invalid("{\"v\": [{\"i\": \"\\udfff\"}], \"e\": []}", "unpaired surrogate");
    }
}
