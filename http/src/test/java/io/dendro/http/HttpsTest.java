package io.dendro.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** HTTPS with the PEM certificate and PKCS#8 key that `dendro serve --tls-cert/--tls-key` take. */
class HttpsTest extends HttpFixture {
    static Path resource(String name) {
        try {
            return Path.of(HttpsTest.class.getResource("/tls/" + name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    HttpServerOptions options() {
        return super.options().tls(resource("cert.pem"), resource("key.pem")).apiKey("k");
    }

    @Test
    void shouldServeHttpsWithTheGivenCertificate() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(resource("cert.pem"))) {
            trust.setCertificateEntry("test", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        HttpClient tlsClient = HttpClient.newBuilder().sslContext(ctx).build();
        URI uri = URI.create("https://localhost:" + server.port() + "/ping");
        HttpResponse<String> r = tlsClient.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer k").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode());
        HttpResponse<String> created = tlsClient.send(HttpRequest.newBuilder(URI.create("https://localhost:"
                        + server.port() + "/api/v1/stream/")).header("Authorization", "Bearer k")
                .POST(HttpRequest.BodyPublishers.ofString("{\"collection\": \"tls/a\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        // plain HTTP to an HTTPS port gets no answer; a client that does not trust the certificate fails
        assertEquals(-1, rawStatus(raw("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n")));
        assertThrows(java.io.IOException.class, () -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertTrue(log.stream().anyMatch(l -> l.contains("HTTPS (Datastream REST API) listening on")), log.toString());
    }

    @Test
    void shouldRefuseAKeyThatIsNotPkcs8() {
        Path cert = resource("cert.pem");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tls.context(cert, cert));
        assertTrue(e.getMessage().contains("is not a PEM PKCS#8 private key"), e.getMessage());
    }
}
