package io.dendro.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The TLS context of the HTTP face, from the files `dendro serve --tls-cert/--tls-key` name (the
 * same as the gRPC face takes): a PEM certificate chain and its PEM PKCS#8 private key (RSA, EC
 * or Ed25519), read with the JDK alone.
 */
final class Tls {
    private Tls() {
    }

    /**
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static SSLContext context(Path certFile, Path keyFile) {
        Certificate[] chain;
        try (InputStream in = Files.newInputStream(certFile)) {
            chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new Certificate[0]);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the certificate chain " + certFile + ": " + e.getMessage(), e);
        }
        if (chain.length == 0) {
            throw new IllegalArgumentException(certFile + " holds no certificate");
        }
        PrivateKey key = key(keyFile);
        try {
            char[] none = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, none);
            store.setKeyEntry("dendro", key, none, chain);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, none);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("the key " + keyFile + " does not go with the certificate " + certFile
                    + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey key(Path keyFile) {
        String pem;
        try {
            pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key " + keyFile + ": " + e.getMessage(), e);
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(keyFile + " is not a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----;"
                    + " convert others with: openssl pkcs8 -topk8 -nocrypt)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(keyFile + " holds broken base64: " + e.getMessage(), e);
        }
        for (String alg : new String[] {"EC", "RSA", "Ed25519", "EdDSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new IllegalArgumentException(keyFile + " is not an RSA, EC or Ed25519 PKCS#8 key");
    }
}
