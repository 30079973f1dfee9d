package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** API keys: none is 401, a wrong one 401, the read-only key reads and gets 403 on writes. */
class AuthTest extends HttpFixture {
    @Override
    HttpServerOptions options() {
        return super.options().apiKey("write-key").readApiKey("read-key");
    }

    @Override
    Router router() {
        Router r = new Router();
        r.get("/t/ok", q -> q.jsonFixed(200, j -> j.beginObject().endObject()));
        r.write("POST", "/t/ok", q -> q.jsonFixed(201, j -> j.beginObject().endObject()));
        r.get("/ping", q -> q.empty(204));
        return r;
    }

    @Test
    void shouldRequireAKey() {
        Res none = get("/t/ok");
        assertError(none, 401, null);
        assertTrue(none.header("WWW-Authenticate").startsWith("Bearer"));
        assertError(get("/t/ok", "Authorization", "Bearer wrong"), 401, null);
        assertError(get("/t/ok", "Authorization", "Basic d3JpdGUta2V5"), 401, null);
        assertError(get("/nothing", "Authorization", "Bearer wrong"), 401, null);
        assertError(get("/t/ok?p=write-key"), 401, null); // a key in the URL only for the line protocol
    }

    @Test
    void shouldLetTheReadKeyReadButNotWrite() {
        assertEquals(200, get("/t/ok", "Authorization", "Bearer read-key").status());
        assertError(post("/t/ok", "{}", "Authorization", "Bearer read-key"), 403, null);
        assertEquals(201, post("/t/ok", "{}", "Authorization", "Bearer write-key").status());
        assertEquals(200, get("/t/ok", "Authorization", "Bearer write-key").status());
    }

    @Test
    void shouldTakeInfluxDbsWaysOfSendingTheKey() {
        assertEquals(200, get("/t/ok", "Authorization", "Token read-key").status());
        assertEquals(204, get("/ping?u=me&p=read-key").status());
        assertEquals(401, get("/ping?u=me&p=nope").status());
    }
}
